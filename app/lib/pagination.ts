/** Page numbers from query strings, and the offset and page count that go with them. */
export const DEFAULT_PAGE_SIZE = 20;

export function pageFromParam(value: string | null | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
}

export type PageInfo = { page: number; pageSize: number; pageCount: number; total: number };

export function pageInfo(total: number, page: number, pageSize = DEFAULT_PAGE_SIZE): PageInfo {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return { page: Math.min(page, pageCount), pageSize, pageCount, total };
}

export function pageOffset(info: PageInfo): number {
  return (info.page - 1) * info.pageSize;
}
