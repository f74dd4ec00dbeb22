/**
 * 登记信息核验 after registration: a registration is checked against 存续企业登记注册 when it is made
 * (`registerEnterprise`), but the market regulator's file keeps arriving. After each registry batch is
 * applied, the registered firms it brought new records for are compared again; a firm the registry
 * now says was deregistered (注销) or revoked (吊销), or whose registered name or legal representative
 * is not the one it registered with, is recorded in `enterprises.registry_check` and the platform's
 * admins are told — once per change of that state, so a file sent again tells nobody. The admin lists
 * these registrations and disables them through the existing ways (用户管理, a 冒名注册 dispute).
 */
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import {
  compareWithRegistry,
  REGISTRY_CHECK_LABELS,
  REGISTRY_CHECKS_NEEDING_REVIEW,
  REGISTRY_DIFFERENCE_LABELS,
  REGISTRY_STATUS_LABELS,
  type RegistryCheck,
  type RegistryDifference,
  type RegistryRecord,
} from "~/domain/accounts";
import { maskPersonName } from "~/lib/masking";
import { writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import { businessRegistry, creditBatches, enterprises, isCurrentRow, registrationDisputes, users } from "~db/schema";
import { recordAudit } from "./audit.server";
import { notify } from "./notifications.server";

/** Where the admin finds the registrations that no longer match (the 冒名注册申诉 page). */
export const REGISTRY_REVIEW_LINK = "/admin/registration-disputes#registry-review";

/** A firm's 登记信息核验 as a page shows it: the recorded state and the registry's current record, if held. */
export type RegistryCheckView = {
  check: RegistryCheck;
  label: string;
  record: (RegistryRecord & { statusLabel: string }) | null;
  /** What differs between the registration and the record now (empty when they agree or none is held). */
  differences: RegistryDifference[];
};

type Compared = { name: string; legalRepName: string; registryCheck: RegistryCheck; record: RegistryRecord | null };

function viewOf(row: Compared, maskLegalRep: boolean): RegistryCheckView {
  const record = row.record && {
    ...row.record,
    legalRepName: maskLegalRep ? maskPersonName(row.record.legalRepName) : row.record.legalRepName,
    statusLabel: REGISTRY_STATUS_LABELS[row.record.status],
  };
  return {
    check: row.registryCheck,
    label: REGISTRY_CHECK_LABELS[row.registryCheck],
    record,
    differences: compareWithRegistry(row, row.record).differences,
  };
}

const comparedColumns = {
  enterpriseId: enterprises.id,
  name: enterprises.name,
  legalRepName: enterprises.legalRepName,
  registryCheck: enterprises.registryCheck,
  recordName: businessRegistry.name,
  recordLegalRepName: businessRegistry.legalRepName,
  recordStatus: businessRegistry.status,
};

/** The registry's current record of the firm, joined beside it (none for a firm the registry does not hold). */
const currentRecordOfFirm = and(eq(businessRegistry.uscc, enterprises.uscc), isCurrentRow(businessRegistry));

type ComparedRow = {
  name: string;
  legalRepName: string;
  registryCheck: RegistryCheck;
  recordName: string | null;
  recordLegalRepName: string | null;
  recordStatus: RegistryRecord["status"] | null;
};

function compared(r: ComparedRow): Compared {
  return {
    name: r.name,
    legalRepName: r.legalRepName,
    registryCheck: r.registryCheck,
    record:
      r.recordName !== null && r.recordLegalRepName !== null && r.recordStatus !== null
        ? { name: r.recordName, legalRepName: r.recordLegalRepName, status: r.recordStatus }
        : null,
  };
}

/**
 * One firm's 登记信息核验, or null when there is no such firm. A bank sees the legal representative
 * masked, as on a claim (the full name is never needed there); the admin sees it whole.
 */
export function registryCheckOf(db: Tx, enterpriseId: number, options: { maskLegalRep: boolean }): RegistryCheckView | null {
  const row = db
    .select(comparedColumns)
    .from(enterprises)
    .leftJoin(businessRegistry, currentRecordOfFirm)
    .where(eq(enterprises.id, enterpriseId))
    .get();
  return row ? viewOf(compared(row), options.maskLegalRep) : null;
}

/** The 登记信息核验 of the enterprises behind these users (the admin's user list); other roles' users are left out. */
export function registryChecksOfUsers(db: AppDatabase, userIds: readonly string[]): Record<string, RegistryCheckView> {
  if (userIds.length === 0) return {};
  const rows = db
    .select({ userId: users.id, ...comparedColumns })
    .from(users)
    .innerJoin(enterprises, eq(enterprises.id, users.enterpriseId))
    .leftJoin(businessRegistry, currentRecordOfFirm)
    .where(inArray(users.id, [...userIds]))
    .all();
  return Object.fromEntries(rows.map((r) => [r.userId, viewOf(compared(r), false)]));
}

export type RegistrationNeedingReview = RegistryCheckView & {
  enterpriseId: number;
  uscc: string;
  name: string;
  legalRepName: string;
  /** An open 冒名注册 dispute of this registration, which the admin may uphold to disable it. */
  openDisputeId: number | null;
};

/** Registrations not disabled whose 登记信息核验 is mismatch, deregistered or revoked: the admin's list. */
export function registrationsNeedingReview(db: AppDatabase): RegistrationNeedingReview[] {
  const rows = db
    .select({ ...comparedColumns, uscc: enterprises.uscc, openDisputeId: registrationDisputes.id })
    .from(enterprises)
    .leftJoin(businessRegistry, currentRecordOfFirm)
    .leftJoin(registrationDisputes, and(eq(registrationDisputes.enterpriseId, enterprises.id), eq(registrationDisputes.status, "open")))
    .where(and(isNull(enterprises.disabledAt), inArray(enterprises.registryCheck, [...REGISTRY_CHECKS_NEEDING_REVIEW])))
    .orderBy(asc(enterprises.name), asc(enterprises.id))
    .all();
  return rows.map((r) => ({
    ...viewOf(compared(r), false),
    enterpriseId: r.enterpriseId,
    uscc: r.uscc,
    name: r.name,
    legalRepName: r.legalRepName,
    openDisputeId: r.openDisputeId,
  }));
}

const needsReview = (check: RegistryCheck) => (REGISTRY_CHECKS_NEEDING_REVIEW as readonly RegistryCheck[]).includes(check);

/** What the admin is told about one firm whose registration no longer stands as it was made. */
function reviewMessage(
  firm: { name: string; uscc: string },
  check: RegistryCheck,
  record: RegistryRecord,
  differences: RegistryDifference[],
) {
  const who = `${firm.name}（${firm.uscc}）`;
  if (check === "mismatch") {
    const what = differences.map((d) => REGISTRY_DIFFERENCE_LABELS[d]).join("和");
    return {
      title: `企业登记信息不一致：${firm.name}`,
      body: `市场监管部门最新登记信息（企业名称：${record.name}，法定代表人：${record.legalRepName}）与${who}注册时填写的${what}不一致。请电话核实营业执照；如系冒名注册或企业信息有误，可停用该注册。`,
    };
  }
  return {
    title: `企业登记状态变化：${firm.name}`,
    body: `市场监管部门登记信息显示${who}${REGISTRY_CHECK_LABELS[check]}（登记状态：${REGISTRY_STATUS_LABELS[record.status]}）。该企业不应继续在平台融资，请核实后停用该注册。`,
  };
}

/**
 * Compares the registered firms (not disabled) a just-applied registry batch wrote new records for
 * with those records, records every change of their 登记信息核验 (audited) and tells every active
 * admin of each firm that turned to mismatch, deregistered or revoked. A firm whose state is already
 * the one found is left alone, so applying the same records again tells nobody; rows for firms not on
 * the portal are not looked at. The demo seed's batch is history and checks nothing (the seed records
 * its firms as matched). Returns how many firms changed and how many notifications were written.
 */
export function checkRegistrationsAgainstRegistry(db: AppDatabase, batchId: number, now: number): { changed: number; notified: number } {
  const batch = db
    .select({ origin: creditBatches.origin, kind: creditBatches.kind, status: creditBatches.status })
    .from(creditBatches)
    .where(eq(creditBatches.id, batchId))
    .get();
  if (!batch || batch.origin === "seed" || batch.kind !== "registry" || batch.status !== "applied") return { changed: 0, notified: 0 };
  return writeTransaction(db, (tx) => {
    const rows = tx
      .select({ ...comparedColumns, uscc: enterprises.uscc })
      .from(businessRegistry)
      .innerJoin(enterprises, and(eq(enterprises.uscc, businessRegistry.uscc), isNull(enterprises.disabledAt)))
      .where(and(eq(businessRegistry.batchId, batchId), isNull(businessRegistry.supersededByBatchId)))
      .orderBy(asc(enterprises.id))
      .all();
    const admins = tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, "admin"), isNull(users.disabledAt)))
      .all();
    let changed = 0;
    let notified = 0;
    for (const row of rows) {
      const record = compared(row).record!;
      const { check, differences } = compareWithRegistry(row, record);
      if (check === row.registryCheck) continue;
      tx.update(enterprises).set({ registryCheck: check }).where(eq(enterprises.id, row.enterpriseId)).run();
      recordAudit(tx, {
        actorUserId: null,
        action: "enterprise.registry_check",
        targetType: "enterprise",
        targetId: row.enterpriseId,
        detail: {
          batchId,
          previousRegistryCheck: row.registryCheck,
          registryCheck: check,
          differences: differences.map((d) => REGISTRY_DIFFERENCE_LABELS[d]),
        },
        at: now,
      });
      changed += 1;
      if (!needsReview(check)) continue;
      const message = reviewMessage(row, check, record, differences);
      for (const admin of admins) {
        notify(tx, { to: { userId: admin.id }, kind: "enterprise.registry_changed", ...message, link: REGISTRY_REVIEW_LINK, at: now });
        notified += 1;
      }
    }
    return { changed, notified };
  });
}
