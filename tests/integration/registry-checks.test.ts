/**
 * 登记信息核验 after registration (issue 16): a 存续企业登记注册 file that arrives after firms registered
 * may say one was deregistered or revoked, or give another name or legal representative. Once such a
 * batch is applied, the registered firms it covers are compared again: a change is recorded on the
 * firm and told to every active admin once; matched firms and rows for firms not on the portal are
 * left alone, and the admin's list holds the registrations that no longer match.
 */
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { RegistryCheck } from "~/domain/accounts";
import { buildUscc } from "~/lib/uscc";
import { registerEnterprise } from "~/services/accounts.server";
import { ingestBatch, type BatchReport } from "~/services/credit-ingest.server";
import { checkRegistrationsAgainstRegistry, registrationsNeedingReview, registryCheckOf } from "~/services/registry-checks.server";
import { auditLog, enterprises, notifications, users } from "~db/schema";
import { createTestDatabase } from "../support/db";
import { registrationOf } from "../support/registration";

const { db } = createTestDatabase();
const now = Date.now();
const code = (n: number) => buildUscc("91", "320505", String(50_000_000 + n));

/** The firms of this file, as they register on the portal. */
const FIRMS = {
  /** Registered before the registry held it; the registry later names another legal representative. */
  renamed: { uscc: code(1), name: "苏州高新精工机械有限公司", legalRepName: "周建华" },
  /** Checked against the registry when it registered (matched); later records keep it in line. */
  matched: { uscc: code(2), name: "苏州高新（科技）材料有限公司", legalRepName: "吴敏" },
  /** Registered before the registry held it; the registry later says it was deregistered. */
  closed: { uscc: code(3), name: "苏州高新贸易有限公司", legalRepName: "郑立" },
  /** Registered before the registry held it; the registry later confirms it. */
  confirmed: { uscc: code(4), name: "苏州高新电子有限公司", legalRepName: "王芳" },
  /** Its registration was disabled; what the registry says of it no longer concerns anyone. */
  disabled: { uscc: code(5), name: "苏州高新包装有限公司", legalRepName: "孙强" },
};
/** A firm of the city not on the portal. */
const outsider = code(9);
const ids = {} as Record<keyof typeof FIRMS, number>;

const registryRow = (uscc: string, name: string, legalRepName: string, status = "存续") => ({ uscc, name, legalRepName, status });
function registry(rows: Record<string, unknown>[]): BatchReport {
  const report = ingestBatch(db, { origin: "upload", providerId: null, kind: "registry", allowedSources: null, rows }, now);
  if (report.status !== "applied") throw new Error(JSON.stringify(report.rejections));
  return report;
}

async function register(firm: { uscc: string; name: string; legalRepName: string }): Promise<number> {
  const outcome = await registerEnterprise(db, registrationOf(firm), now);
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.fieldErrors));
  return outcome.enterpriseId;
}

const checkOf = (id: number): RegistryCheck =>
  db.select({ check: enterprises.registryCheck }).from(enterprises).where(eq(enterprises.id, id)).get()!.check;
const adminNotices = () =>
  db
    .select({ userId: notifications.userId, title: notifications.title, body: notifications.body, link: notifications.link })
    .from(notifications)
    .where(eq(notifications.kind, "enterprise.registry_changed"))
    .orderBy(asc(notifications.id))
    .all();

beforeAll(async () => {
  for (const [id, disabledAt] of [
    ["admin-1", null],
    ["admin-2", null],
    ["admin-gone", now - 1000],
  ] as const) {
    db.insert(users).values({ id, username: id, passwordHash: "x", role: "admin", displayName: id, createdAt: 0, disabledAt }).run();
  }
  registry([registryRow(FIRMS.matched.uscc, FIRMS.matched.name, FIRMS.matched.legalRepName)]);
  for (const key of Object.keys(FIRMS) as (keyof typeof FIRMS)[]) ids[key] = await register(FIRMS[key]);
  db.update(enterprises).set({ disabledAt: now }).where(eq(enterprises.id, ids.disabled)).run();
  expect(checkOf(ids.matched)).toBe("matched");
  expect(checkOf(ids.renamed)).toBe("not_held");
});

describe("a registry file that arrives after firms registered", () => {
  let batchId: number;

  beforeAll(() => {
    batchId = registry([
      registryRow(FIRMS.renamed.uscc, FIRMS.renamed.name, "周建国"),
      // The same name with half-width brackets: a new record, still the firm's registered name.
      registryRow(FIRMS.matched.uscc, "苏州高新(科技)材料有限公司", FIRMS.matched.legalRepName),
      registryRow(FIRMS.closed.uscc, FIRMS.closed.name, FIRMS.closed.legalRepName, "注销"),
      registryRow(FIRMS.confirmed.uscc, FIRMS.confirmed.name, FIRMS.confirmed.legalRepName),
      registryRow(FIRMS.disabled.uscc, FIRMS.disabled.name, FIRMS.disabled.legalRepName, "吊销"),
      registryRow(outsider, "苏州未入驻企业有限公司", "冯七", "吊销"),
    ]).batchId;
  });

  it("records a different legal representative as mismatch and a deregistration as deregistered", () => {
    expect(checkOf(ids.renamed)).toBe("mismatch");
    expect(checkOf(ids.closed)).toBe("deregistered");
  });

  it("leaves matched firms matched, confirms a firm registered before its record came, and ignores disabled registrations", () => {
    expect(checkOf(ids.matched)).toBe("matched");
    expect(checkOf(ids.confirmed)).toBe("matched");
    expect(checkOf(ids.disabled)).toBe("not_held");
  });

  it("tells every active admin once per firm whose registration no longer matches, and nobody of the others", () => {
    const notices = adminNotices();
    expect(notices.map((n) => [n.userId, n.title])).toEqual([
      ["admin-1", "企业登记信息不一致：苏州高新精工机械有限公司"],
      ["admin-2", "企业登记信息不一致：苏州高新精工机械有限公司"],
      ["admin-1", "企业登记状态变化：苏州高新贸易有限公司"],
      ["admin-2", "企业登记状态变化：苏州高新贸易有限公司"],
    ]);
    expect(notices[0]!.body).toContain("法定代表人：周建国");
    expect(notices[0]!.body).toContain("注册时填写的法定代表人不一致");
    expect(notices[2]!.body).toContain("企业已注销");
    expect(notices.every((n) => n.link === "/admin/registration-disputes#registry-review")).toBe(true);
    // The outsider's row is kept for when it registers; no firm on the portal, nobody told.
    expect(notices.some((n) => n.body.includes(outsider))).toBe(false);
  });

  it("audits each change of a firm's 登记信息核验 without an acting user", () => {
    const entries = db
      .select({ targetId: auditLog.targetId, actor: auditLog.actorUserId, detail: auditLog.detail })
      .from(auditLog)
      .where(eq(auditLog.action, "enterprise.registry_check"))
      .orderBy(asc(auditLog.id))
      .all();
    expect(entries.map((e) => [Number(e.targetId), JSON.parse(e.detail).registryCheck])).toEqual([
      [ids.renamed, "mismatch"],
      [ids.closed, "deregistered"],
      [ids.confirmed, "matched"],
    ]);
    expect(entries.every((e) => e.actor === null)).toBe(true);
  });

  it("tells nobody again when the same batch is checked again or its records are sent again", () => {
    expect(checkRegistrationsAgainstRegistry(db, batchId, now)).toEqual({ changed: 0, notified: 0 });
    const resent = registry([
      registryRow(FIRMS.renamed.uscc, FIRMS.renamed.name, "周建国"),
      registryRow(FIRMS.closed.uscc, FIRMS.closed.name, FIRMS.closed.legalRepName, "注销"),
      registryRow(FIRMS.matched.uscc, "苏州高新(科技)材料有限公司", FIRMS.matched.legalRepName),
      registryRow(outsider, "苏州未入驻企业有限公司", "冯七", "注销"),
    ]);
    expect(resent).toMatchObject({ rowsUnchanged: 3, rowsSuperseded: 1 });
    // A record changed again but the registration is mismatched as before: the same state, told already.
    registry([registryRow(FIRMS.renamed.uscc, FIRMS.renamed.name, "周国强")]);
    expect(adminNotices()).toHaveLength(4);
    expect(checkOf(ids.renamed)).toBe("mismatch");
  });

  it("tells the admins again when the state changes once more (mismatch → revoked)", () => {
    registry([registryRow(FIRMS.renamed.uscc, FIRMS.renamed.name, "周国强", "吊销")]);
    expect(checkOf(ids.renamed)).toBe("revoked");
    const notices = adminNotices();
    expect(notices).toHaveLength(6);
    expect(notices.slice(4).map((n) => n.title)).toEqual([
      "企业登记状态变化：苏州高新精工机械有限公司",
      "企业登记状态变化：苏州高新精工机械有限公司",
    ]);
  });

  it("lists the registrations that no longer match for the admin, with the registry's record and any open dispute", () => {
    const list = registrationsNeedingReview(db);
    expect(list.map((r) => [r.uscc, r.check, r.record?.statusLabel])).toEqual([
      [FIRMS.renamed.uscc, "revoked", "吊销"],
      [FIRMS.closed.uscc, "deregistered", "注销"],
    ]);
    expect(list[0]).toMatchObject({ label: "营业执照已吊销", legalRepName: "周建华", openDisputeId: null });
    expect(list[0]!.record).toMatchObject({ name: FIRMS.renamed.name, legalRepName: "周国强" });
  });

  it("shows a bank the check with the registered legal representative masked", () => {
    expect(registryCheckOf(db, ids.renamed, { maskLegalRep: true })).toMatchObject({
      check: "revoked",
      record: { name: FIRMS.renamed.name, legalRepName: "周*强", statusLabel: "吊销" },
    });
    expect(registryCheckOf(db, ids.matched, { maskLegalRep: true })).toMatchObject({ check: "matched", differences: [] });
  });

  it("returns a registration to matched, quietly, when a correction brings the record in line", () => {
    registry([registryRow(FIRMS.closed.uscc, FIRMS.closed.name, FIRMS.closed.legalRepName)]);
    expect(checkOf(ids.closed)).toBe("matched");
    expect(adminNotices()).toHaveLength(6);
    expect(registrationsNeedingReview(db).map((r) => r.uscc)).toEqual([FIRMS.renamed.uscc]);
    expect(
      db
        .select()
        .from(notifications)
        .where(and(eq(notifications.kind, "enterprise.registry_changed"), eq(notifications.userId, "admin-gone")))
        .all(),
    ).toEqual([]);
  });
});
