/** One objection as both sides read it: the disputed values, the reason, the deadline and the answer. */
import { itemFacts, type CreditItem } from "~/lib/credit-items";
import { formatDateTime } from "~/lib/time";
import type { ObjectionDetail } from "~/services/objections.server";
import { DeadlineText } from "./Deadline";
import { ObjectionStatusTag, StatusTag } from "./StatusTag";

export function ItemFacts({ item }: { item: CreditItem }) {
  return (
    <dl className="terms">
      {itemFacts(item).map((f) => (
        <div key={f.label}>
          <dt>{f.label}</dt>
          <dd>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function ObjectionView({ detail }: { detail: ObjectionDetail }) {
  const o = detail.objection;
  return (
    <>
      <section className="panel">
        <h2>
          {detail.title} <ObjectionStatusTag status={o.status} />{" "}
          {detail.overdue ? <StatusTag tone="danger">已超期未处理</StatusTag> : null}
        </h2>
        <dl className="terms">
          <dt>企业</dt>
          <dd>
            {detail.enterprise.name}（{detail.enterprise.uscc}）
          </dd>
          <dt>提出时间</dt>
          <dd>{formatDateTime(o.filedAt)}</dd>
          <dt>答复期限</dt>
          <dd>
            <DeadlineText at={o.dueAt} provisional={detail.dueProvisional} />
          </dd>
          <dt>异议理由</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{o.reason}</dd>
        </dl>
      </section>
      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 300px), 1fr))", marginBottom: "var(--sp-5)" }}>
        <section className="card" aria-label="提出异议时的数据">
          <h3>提出异议时的数据</h3>
          <ItemFacts item={detail.disputed} />
        </section>
        {detail.corrected ? (
          <section className="card" aria-label="更正后的数据">
            <h3>更正后的数据</h3>
            <ItemFacts item={detail.corrected} />
          </section>
        ) : null}
        {detail.current ? (
          <section className="card" aria-label="现有数据">
            <h3>现有数据（此后已由新报送的数据更新）</h3>
            <ItemFacts item={detail.current} />
          </section>
        ) : null}
      </div>
      {o.status !== "open" ? (
        <section className="panel">
          <h2>处理结果</h2>
          <dl className="terms">
            <dt>结果</dt>
            <dd>
              <ObjectionStatusTag status={o.status} />
            </dd>
            <dt>处理时间</dt>
            <dd>{formatDateTime(o.resolvedAt!)}</dd>
            <dt>处理说明</dt>
            <dd style={{ whiteSpace: "pre-wrap" }}>{o.resolution}</dd>
          </dl>
        </section>
      ) : null}
    </>
  );
}
