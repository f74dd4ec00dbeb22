/**
 * Credit data for tests, written through the one ingest path as a provider's upload would be, and
 * enterprises with a sign-in of their own when a test needs one the seed has not touched.
 */
import { eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import type { BatchKind } from "~/domain/credit";
import { addMonths, monthsBetween } from "~/lib/time";
import { actingUser } from "~/services/accounts.server";
import { ingestBatch, type BatchReport } from "~/services/credit-ingest.server";
import type { AppDatabase } from "~db/connection";
import { enterprises, users } from "~db/schema";

export function sessionOf(db: AppDatabase, username: string): SessionUser {
  const user = actingUser(db, { username });
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

/** The enterprise's own sign-in (its USCC), with the enterprise's id and USCC. */
export function enterpriseUser(db: AppDatabase, enterpriseId: number): SessionUser & { uscc: string } {
  const e = db.select({ uscc: enterprises.uscc }).from(enterprises).where(eq(enterprises.id, enterpriseId)).get()!;
  let user = db.select().from(users).where(eq(users.enterpriseId, enterpriseId)).get();
  if (!user) {
    db.insert(users)
      .values({
        id: `ent-${enterpriseId}`,
        username: e.uscc.toLowerCase(),
        passwordHash: "x",
        role: "enterprise",
        displayName: "企业经办人",
        enterpriseId,
        createdAt: 0,
      })
      .run();
    user = db.select().from(users).where(eq(users.enterpriseId, enterpriseId)).get()!;
  }
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    displayName: user.displayName,
    enterpriseId,
    institutionId: null,
    uscc: e.uscc,
  };
}

/** Every column of a monthly row, blank unless given (as a file's empty cells arrive). */
const BLANK_MONTHLY = { quantity: "", billedFen: "", paidFen: "", paidOnTime: "", arrearsFen: "", headcount: "", taxPaidFen: "" };

/** Applies rows as a bureau upload would; throws when the ingest path refuses them. */
export function ingest(db: AppDatabase, kind: BatchKind, rows: Record<string, unknown>[], now: number): BatchReport {
  const full = kind === "monthly" ? rows.map((r) => ({ ...BLANK_MONTHLY, ...r })) : rows;
  const report = ingestBatch(db, { origin: "upload", providerId: null, kind, allowedSources: null, rows: full }, now);
  if (report.status !== "applied") throw new Error(`test data rejected: ${JSON.stringify(report.rejections)}`);
  return report;
}

/** Twelve (or `months`) months up to `lastMonth` of clean electricity, tax and social-insurance rows. */
export function cleanHistory(
  uscc: string,
  lastMonth: string,
  months = 12,
  late: ReadonlySet<string> = new Set(),
): Record<string, unknown>[] {
  return monthsBetween(addMonths(lastMonth, -(months - 1)), lastMonth).flatMap((month) => {
    const paidOnTime = late.has(month) ? "否" : "是";
    const none = { quantity: null, billedFen: null, paidFen: null, headcount: null, taxPaidFen: null };
    return [
      { ...none, uscc, source: "electricity", month, quantity: 10_000, billedFen: "8000", paidFen: "8000", paidOnTime, arrearsFen: "0" },
      { ...none, uscc, source: "tax", month, taxPaidFen: "20000", paidOnTime, arrearsFen: "0" },
      {
        ...none,
        uscc,
        source: "social_insurance",
        month,
        headcount: 20,
        billedFen: "30000",
        paidFen: "30000",
        paidOnTime,
        arrearsFen: "0",
      },
    ];
  });
}
