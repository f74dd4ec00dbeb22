/**
 * 失信提醒 (decision 021): when a credit-data batch brings a new adverse public record (administrative
 * penalty, serious-dishonesty listing, court enforcement) for an enterprise, every institution with a
 * live loan to it (not settled) and the enterprise itself are told. Called once after the batch is
 * applied; the demo seed's batches are history, not news, and alert nobody.
 */
import { CREDIT_EVENT_KIND_LABELS, type CreditEventKind } from "~/domain/credit";
import { ADVERSE_EVENT_KINDS } from "~/domain/interception";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { notify } from "./notifications.server";

type NewRecord = {
  enterpriseId: number;
  enterpriseName: string;
  kind: CreditEventKind;
  occurredOn: string;
  authority: string;
  description: string;
};

/** At most this many records are spelled out in one notification; the rest are counted. */
const LISTED = 3;

function summary(records: readonly NewRecord[]): string {
  const listed = records
    .slice(0, LISTED)
    .map((r) => `${CREDIT_EVENT_KIND_LABELS[r.kind]}（${r.occurredOn}，${r.authority}：${r.description}）`);
  return listed.join("；") + (records.length > LISTED ? ` 等 ${records.length} 条` : "");
}

/**
 * Notifies about the adverse records batch `batchId` added. A row that only corrects a record already
 * known (it supersedes one with the same kind and reference) is not new and alerts nobody. Returns the
 * number of notifications written.
 */
export function alertAdverseRecords(db: AppDatabase, batchId: number, now: number): number {
  const batch = db.$client.prepare("SELECT origin, kind, status FROM credit_batches WHERE id = ?").get(batchId) as
    { origin: string; kind: string; status: string } | undefined;
  if (!batch || batch.origin === "seed" || batch.kind !== "event" || batch.status !== "applied") return 0;
  const records = db.$client
    .prepare(
      `SELECT e.enterprise_id AS enterpriseId, x.name AS enterpriseName, e.kind, e.occurred_on AS occurredOn, e.authority, e.description
       FROM credit_events e JOIN enterprises x ON x.id = e.enterprise_id
       WHERE e.batch_id = ? AND e.kind IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM credit_events o WHERE o.superseded_by_batch_id = e.batch_id
                         AND o.enterprise_id = e.enterprise_id AND o.kind = e.kind AND o.reference = e.reference)
       ORDER BY e.enterprise_id, e.occurred_on, e.id`,
    )
    .all(batchId, JSON.stringify(ADVERSE_EVENT_KINDS)) as NewRecord[];
  if (records.length === 0) return 0;
  const byEnterprise = new Map<number, NewRecord[]>();
  for (const r of records) byEnterprise.set(r.enterpriseId, [...(byEnterprise.get(r.enterpriseId) ?? []), r]);
  const lenders = db.$client.prepare(
    "SELECT institution_id AS institutionId, max(id) AS loanId FROM loans WHERE enterprise_id = ? AND status <> 'settled' GROUP BY institution_id ORDER BY institution_id",
  );
  return writeTransaction(db, (tx) => {
    let written = 0;
    for (const [enterpriseId, list] of byEnterprise) {
      const name = list[0]!.enterpriseName;
      const what = summary(list);
      for (const { institutionId, loanId } of lenders.all(enterpriseId) as { institutionId: number; loanId: number }[]) {
        notify(tx, {
          to: { institutionId },
          kind: "credit.adverse_lender",
          title: "失信提醒：贷款企业新增不良记录",
          body: `本机构有未结清贷款的${name}新增不良公共信用记录：${what}。请关注贷后风险。`,
          link: `/bank/loans/${loanId}`,
          at: now,
        });
        written += 1;
      }
      notify(tx, {
        to: { enterpriseId },
        kind: "credit.adverse",
        title: "失信提醒：您的企业新增不良记录",
        body: `平台收到贵企业新的不良公共信用记录：${what}。该记录可能影响信用评分和融资；如信息有误，可在“信用数据”页提出异议。`,
        link: "/sme/credit",
        at: now,
      });
      written += 1;
    }
    return written;
  });
}
