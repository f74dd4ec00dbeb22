/** Route parameters naming a row: a positive integer, or the page does not exist (404 with the page's words). */
export function rowIdParam(value: string | undefined, notFound: string): number {
  const id = Number(value);
  if (!/^\d{1,12}$/.test(value ?? "") || !Number.isSafeInteger(id) || id <= 0) throw new Response(notFound, { status: 404 });
  return id;
}
