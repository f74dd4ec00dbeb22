/** A loan's renewal chain (original → renewal → …) as a table; `loanPath` links the other loans of the chain. */
import { Link } from "@remix-run/react";
import { DISBURSEMENT_CHANNEL_LABELS, type DisbursementChannel, type LoanStatus } from "~/domain/marketplace";
import { formatMoney, formatRateBp } from "~/lib/money";
import { DataTable } from "./DataTable";
import { LoanStatusTag } from "./StatusTag";

type ChainLoan = {
  id: number;
  amountFen: number;
  rateBp: number;
  termMonths: number;
  disbursedOn: string;
  maturesOn: string;
  status: LoanStatus;
  channel: DisbursementChannel;
};

export function RenewalChain({ chain, currentId, loanPath }: { chain: ChainLoan[]; currentId: number; loanPath: (id: number) => string }) {
  return (
    <DataTable
      caption="续贷链：原贷款及历次续贷"
      rows={chain.map((link, index) => ({ ...link, index }))}
      rowKey={(l) => l.id}
      columns={[
        {
          key: "which",
          header: "贷款",
          cell: (l) => {
            const name = `${l.index === 0 ? "原贷款" : `第 ${l.index} 次续贷`} #${l.id}`;
            return l.id === currentId ? <strong>{`${name}（本笔）`}</strong> : <Link to={loanPath(l.id)}>{name}</Link>;
          },
        },
        { key: "amount", header: "金额", numeric: true, cell: (l) => formatMoney(l.amountFen) },
        { key: "rate", header: "年利率", numeric: true, cell: (l) => formatRateBp(l.rateBp) },
        { key: "term", header: "放款日 / 期限", cell: (l) => `${l.disbursedOn} / ${l.termMonths} 个月` },
        { key: "matures", header: "到期日", cell: (l) => l.maturesOn },
        { key: "channel", header: "放款渠道", cell: (l) => DISBURSEMENT_CHANNEL_LABELS[l.channel] },
        { key: "status", header: "状态", cell: (l) => <LoanStatusTag status={l.status} /> },
      ]}
    />
  );
}
