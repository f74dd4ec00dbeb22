/**
 * The parts of a loan page the enterprise's and the bank officer's pages share: the loan's tags, its facts (with its
 * pool cover), its past renewal requests and its renewal chain; `loanPath` links the other loans on the page's side.
 */
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import {
  DISBURSEMENT_CHANNEL_LABELS,
  GUARANTEE_MODE_LABELS,
  type DisbursementChannel,
  type GuaranteeMode,
  type LoanStatus,
} from "~/domain/marketplace";
import type { MaturityState } from "~/domain/maturity";
import type { RenewalStatus } from "~/domain/renewals";
import { POOL_RELEASE_REASON_LABELS, type PoolReleaseReason } from "~/domain/risk-pools";
import { formatMoney, formatRateBp } from "~/lib/money";
import { dateOf, formatDateTime } from "~/lib/time";
import { RenewalChain } from "./RenewalChain";
import { LoanStatusTag, MaturityTag, RenewalStatusTag } from "./StatusTag";
import { TermList } from "./TermList";

type LoanPath = (id: number) => string;

/** The loan's status and, until it is settled, how near its maturity is: the page header's subtitle. */
export function LoanTags({ loan }: { loan: { status: LoanStatus; state: MaturityState } }) {
  return (
    <>
      <LoanStatusTag status={loan.status} /> {loan.state === "settled" ? null : <MaturityTag state={loan.state} />}
    </>
  );
}

type FactsLoan = {
  amountFen: number;
  rateBp: number;
  termMonths: number;
  guaranteeMode: GuaranteeMode;
  disbursedOn: string;
  channel: DisbursementChannel;
  status: LoanStatus;
  maturesOn: string;
  daysLeft: number;
  renewsLoanId: number | null;
};

type PoolCover = { poolName: string; releasedAt: number | null; releaseReason: PoolReleaseReason | null } | null;

/**
 * 贷款信息: `party` names the other side (the enterprise or the lending bank) and `origin` is the 来源 of a loan made on
 * a claim (a loan has either a claim or the loan it renews, never both).
 */
export function LoanFacts({
  loan,
  product,
  cover,
  party,
  origin,
  loanPath,
}: {
  loan: FactsLoan;
  product: { name: string } | null;
  cover: PoolCover;
  party: readonly [string, ReactNode];
  origin: ReactNode;
  loanPath: LoanPath;
}) {
  return (
    <section className="panel">
      <h2>贷款信息</h2>
      <TermList
        terms={[
          party,
          ["产品", product?.name ?? "—"],
          ["金额", formatMoney(loan.amountFen)],
          ["年利率", formatRateBp(loan.rateBp)],
          ["期限", `${loan.termMonths} 个月`],
          ["担保方式", GUARANTEE_MODE_LABELS[loan.guaranteeMode]],
          ["放款日期", loan.disbursedOn],
          ["放款渠道", DISBURSEMENT_CHANNEL_LABELS[loan.channel]],
          [
            "到期日",
            loan.status === "settled"
              ? loan.maturesOn
              : `${loan.maturesOn}（${loan.daysLeft >= 0 ? `还有 ${loan.daysLeft} 天` : `已过 ${-loan.daysLeft} 天`}）`,
          ],
          [
            "来源",
            loan.renewsLoanId === null ? (
              origin
            ) : (
              <>
                无还本续贷（续 <Link to={loanPath(loan.renewsLoanId)}>{`贷款 #${loan.renewsLoanId}`}</Link>）
              </>
            ),
          ],
          ["风险补偿", poolCoverText(cover)],
        ]}
      />
    </section>
  );
}

function poolCoverText(cover: PoolCover): string {
  if (cover === null) return "未纳入风险补偿资金池";
  if (cover.releasedAt === null) return `已纳入${cover.poolName}`;
  return `曾纳入${cover.poolName}（${dateOf(cover.releasedAt)} ${POOL_RELEASE_REASON_LABELS[cover.releaseReason!]}退出）`;
}

type RenewalRequestView = {
  id: number;
  requestedAt: number;
  amountFen: number;
  termMonths: number;
  status: RenewalStatus;
  declineReason: string | null;
  newLoanId: number | null;
};

/** 以往的续贷申请: the loan's decided, withdrawn and lapsed requests (the open one is shown apart); nothing if none. */
export function PastRenewals({ requests, loanPath }: { requests: RenewalRequestView[]; loanPath: LoanPath }) {
  const closed = requests.filter((r) => r.status !== "requested");
  if (closed.length === 0) return null;
  return (
    <>
      <h3 style={{ marginTop: "var(--sp-4)" }}>以往的续贷申请</h3>
      <ul>
        {closed.map((r) => (
          <li key={r.id}>
            {formatDateTime(r.requestedAt)} 申请 {formatMoney(r.amountFen)}，{r.termMonths} 个月 <RenewalStatusTag status={r.status} />
            {r.declineReason ? ` 原因：${r.declineReason}` : ""}
            {r.newLoanId !== null ? (
              <>
                {" "}
                <Link to={loanPath(r.newLoanId)}>{`新贷款 #${r.newLoanId}`}</Link>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

/** 续贷记录: the loan's renewal chain, or a line saying it has never been renewed. */
export function RenewalRecord({
  chain,
  currentId,
  loanPath,
}: {
  chain: Parameters<typeof RenewalChain>[0]["chain"];
  currentId: number;
  loanPath: LoanPath;
}) {
  return (
    <section className="panel" aria-labelledby="chain-heading">
      <h2 id="chain-heading">续贷记录</h2>
      {chain.length > 1 ? (
        <RenewalChain chain={chain} currentId={currentId} loanPath={loanPath} />
      ) : (
        <p className="muted">该笔贷款尚未办理过续贷。</p>
      )}
    </section>
  );
}
