/** The pools' tags and tables, shared by the bureau's pool page and the bank's pages. */
import { LOAN_STATUS_LABELS, type LoanStatus } from "~/domain/marketplace";
import {
  COMPENSATION_STATUS_LABELS,
  POOL_PRODUCT_STATUS_LABELS,
  POOL_RELEASE_REASON_LABELS,
  type CompensationStatus,
  type PoolProductStatus,
  type PoolReleaseReason,
} from "~/domain/risk-pools";
import type { ReactNode } from "react";
import { formatMoney } from "~/lib/money";
import { dateOf } from "~/lib/time";
import { DataTable } from "./DataTable";
import { StatusTag, type Tone } from "./StatusTag";

const PRODUCT_TONES: Record<PoolProductStatus, Tone> = { requested: "info", approved: "ok", refused: "danger", withdrawn: "neutral" };
const CLAIM_TONES: Record<CompensationStatus, Tone> = { filed: "info", approved: "ok", refused: "danger" };

export function PoolProductStatusTag({ status }: { status: PoolProductStatus }) {
  return <StatusTag tone={PRODUCT_TONES[status]}>{POOL_PRODUCT_STATUS_LABELS[status]}</StatusTag>;
}

export function CompensationStatusTag({ status }: { status: CompensationStatus }) {
  return <StatusTag tone={CLAIM_TONES[status]}>{COMPENSATION_STATUS_LABELS[status]}</StatusTag>;
}

/** What a claim paid and what came back of it. */
export function ClaimMoney({ claim }: { claim: { payoutFen: number | null; recoveredFen: number; returnedFen: number } }) {
  if (claim.payoutFen === null) return <span className="muted">—</span>;
  return (
    <>
      代偿 {formatMoney(claim.payoutFen)}
      {claim.returnedFen > 0 ? (
        <>
          <br />
          回收 {formatMoney(claim.recoveredFen)}，返还资金池 {formatMoney(claim.returnedFen)}
        </>
      ) : null}
    </>
  );
}

export type EnrolmentView = {
  loanId: number;
  poolName: string;
  enterpriseName: string;
  institution: string;
  amountFen: number;
  loanStatus: LoanStatus;
  enrolledAt: number;
  releasedAt: number | null;
  releaseReason: PoolReleaseReason | null;
};

/** Enrolled loans: the bureau's page names the bank, a bank's page names the pool (and may offer an action per loan). */
export function EnrolmentTable({
  rows,
  show,
  empty = "还没有入池贷款",
  action,
}: {
  rows: EnrolmentView[];
  show: "bank" | "pool";
  empty?: string;
  action?: (e: EnrolmentView) => ReactNode;
}) {
  return (
    <DataTable<EnrolmentView>
      caption="入池贷款"
      rows={rows}
      rowKey={(e) => e.loanId}
      empty={empty}
      columns={[
        { key: "firm", header: "企业", cell: (e) => e.enterpriseName },
        show === "bank"
          ? { key: "bank", header: "机构", cell: (e) => e.institution }
          : { key: "pool", header: "资金池", cell: (e) => e.poolName },
        { key: "amount", header: "入池金额", numeric: true, cell: (e) => formatMoney(e.amountFen) },
        { key: "enrolled", header: "入池日期", cell: (e) => <span className="nowrap">{dateOf(e.enrolledAt)}</span> },
        { key: "loan", header: "贷款状态", cell: (e) => LOAN_STATUS_LABELS[e.loanStatus] },
        {
          key: "released",
          header: "在保情况",
          cell: (e) =>
            e.releasedAt === null ? (
              <StatusTag tone="ok">在保</StatusTag>
            ) : (
              `${dateOf(e.releasedAt)} 退出（${POOL_RELEASE_REASON_LABELS[e.releaseReason!]}）`
            ),
        },
        ...(action ? [{ key: "action", header: "操作", cell: action }] : []),
      ]}
    />
  );
}
