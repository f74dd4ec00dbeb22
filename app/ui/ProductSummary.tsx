/** A credit product's terms as the market shows them. */
import { Link } from "@remix-run/react";
import { GUARANTEE_MODE_LABELS, type GuaranteeMode } from "~/domain/marketplace";
import { lprRelative } from "~/lib/lending-rules";
import { formatMoney, formatRateBp } from "~/lib/money";
import { districtName, industryName } from "~/lib/reference";

export type ProductTermsView = {
  amountMinFen: number;
  amountMaxFen: number;
  rateMinBp: number;
  rateMaxBp: number;
  termMinMonths: number;
  termMaxMonths: number;
  guaranteeModes: GuaranteeMode[];
  eligibleDistricts: string[] | null;
  eligibleIndustries: string[] | null;
  minGrade: string | null;
  minYearsInOperation: number;
  tags: string[];
};

export function rateRangeText(p: { rateMinBp: number; rateMaxBp: number }): string {
  return p.rateMinBp === p.rateMaxBp ? formatRateBp(p.rateMinBp) : `${formatRateBp(p.rateMinBp)}–${formatRateBp(p.rateMaxBp)}`;
}

/** `lprBp`: the one-year LPR in effect (the loader reads it), for the "LPR+xxBP" quote. */
export function ProductTerms({ product, lprBp, full = false }: { product: ProductTermsView; lprBp: number; full?: boolean }) {
  const rows: [string, string][] = [
    ["额度", `${formatMoney(product.amountMinFen)} – ${formatMoney(product.amountMaxFen)}`],
    ["年利率", `${rateRangeText(product)}（${lprRelative(product.rateMinBp, lprBp)} 起）`],
    ["期限", `${product.termMinMonths} – ${product.termMaxMonths} 个月`],
    ["担保方式", product.guaranteeModes.map((m) => GUARANTEE_MODE_LABELS[m]).join("、")],
  ];
  if (full) {
    rows.push(
      ["适用区县", product.eligibleDistricts === null ? "全市" : product.eligibleDistricts.map(districtName).join("、")],
      ["适用行业", product.eligibleIndustries === null ? "不限" : product.eligibleIndustries.map(industryName).join("、")],
      ["经营年限", product.minYearsInOperation > 0 ? `${product.minYearsInOperation} 年以上` : "不限"],
      ["信用等级", product.minGrade ? `${product.minGrade} 级及以上` : "不限"],
    );
  }
  return (
    <dl className="terms">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Tags({ tags }: { tags: string[] }) {
  return tags.length ? (
    <p className="tags">
      {tags.map((t) => (
        <span key={t} className="tag tag--info">
          {t}
        </span>
      ))}
    </p>
  ) : null;
}

/** A product's card in the 金融超市 and its 专区: the institution, the name, its tags and terms, the way in. */
export function ProductCard({
  product,
  lprBp,
}: {
  product: ProductTermsView & { id: number; name: string; institutionName: string };
  lprBp: number;
}) {
  return (
    <article className="card product-card">
      <p className="muted">{product.institutionName}</p>
      <h3>
        <Link to={`/products/${product.id}`}>{product.name}</Link>
      </h3>
      <Tags tags={product.tags} />
      <ProductTerms product={product} lprBp={lprBp} />
      <p>
        <Link to={`/products/${product.id}`}>查看详情并申请 →</Link>
      </p>
    </article>
  );
}
