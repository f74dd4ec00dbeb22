/**
 * Seed step: 政策直达 — four policies the bureau published over the last three months, reaching the
 * enterprises each is for (a share of them have read it), and one draft. Published through the
 * service, so the reach is exactly the targeting's.
 */
import type { SessionUser } from "~/auth/session.server";
import { DISTRICTS } from "~/lib/reference";
import { addDays, dateOf, DAY_MS } from "~/lib/time";
import type { PolicyInput } from "~/lib/validation/policies";
import { createPolicy, publishPolicy } from "~/services/policies.server";
import type { SeedStep } from "./context";

const XIANGCHENG = DISTRICTS.find((d) => d.name === "相城区")!.code;
const ISSUER = "苏州市地方金融管理局";
const ANYONE = { districts: null, industries: null, sizes: null, minGrade: null, firstLoanOnly: false, productTags: null } as const;

/** Each policy, how many days before "today" it was published (null: still a draft), and the share of firms that read it. */
const POLICIES: { input: Omit<PolicyInput, "validFrom" | "validTo">; daysAgo: number | null; readShare: number }[] = [
  {
    input: {
      ...ANYONE,
      title: "小微企业信用贷款贴息",
      issuer: "苏州市财政局、苏州市地方金融管理局",
      body: "对通过本平台获得信用贷款的小型、微型企业，按贷款实际支付利息的 30% 给予贴息，单户年度贴息不超过 20 万元。\n申请方式：贷款结清或满一年后，在本平台提交付息凭证，由所在区县金融办审核。\n咨询电话：0512-12345。",
      benefitKind: "interest_subsidy",
      sizes: ["micro", "small"],
      minGrade: "C",
    },
    daysAgo: 85,
    readShare: 0.62,
  },
  {
    input: {
      ...ANYONE,
      title: "首贷户培育奖励",
      issuer: ISSUER,
      body: "对在本平台首次获得银行贷款的企业，按首笔贷款金额的 1% 给予奖励，最高 5 万元；对发放首贷的金融机构按笔给予风险补偿。\n申请方式：首笔贷款放款后 3 个月内在本平台申请。",
      benefitKind: "first_loan_reward",
      firstLoanOnly: true,
    },
    daysAgo: 60,
    readShare: 0.48,
  },
  {
    input: {
      ...ANYONE,
      title: "科技型中小企业融资担保费补贴",
      issuer: "苏州市科学技术局",
      body: "科技型中小企业通过政府性融资担保机构获得贷款的，按年化担保费率 1% 以上部分给予全额补贴。\n适用于带有“科技”或“专精特新”标签的信贷产品。",
      benefitKind: "guarantee_fee_subsidy",
      industries: ["C", "I", "M"],
      productTags: ["科技", "专精特新"],
    },
    daysAgo: 30,
    readShare: 0.35,
  },
  {
    input: {
      ...ANYONE,
      title: "相城区信用贷款风险补偿",
      issuer: "苏州市相城区人民政府",
      body: "相城区设立 5,000 万元信用贷款风险补偿资金池，对合作银行向区内企业发放的信用贷款形成的不良，按损失的 50% 给予补偿。\n区内企业向合作银行申请信用贷款时可享受更优惠的利率。",
      benefitKind: "risk_compensation",
      districts: [XIANGCHENG],
      minGrade: "B",
    },
    daysAgo: 10,
    readShare: 0.2,
  },
  {
    input: {
      ...ANYONE,
      title: "绿色贷款贴息（征求意见稿）",
      issuer: ISSUER,
      body: "对获得绿色贷款的企业按实际支付利息的 20% 给予贴息。",
      benefitKind: "interest_subsidy",
      productTags: ["绿色"],
    },
    daysAgo: null,
    readShare: 0,
  },
];

export const policiesStep: SeedStep = {
  label: "政策直达",
  run(ctx, report) {
    const bureau: SessionUser = {
      id: ctx.userId("bureau"),
      username: "bureau",
      role: "bureau",
      displayName: "市地方金融管理局 分析员",
      enterpriseId: null,
      institutionId: null,
    };
    const markRead = ctx.db.$client.prepare("UPDATE policy_deliveries SET read_at = ? WHERE id = ?");
    const deliveriesOf = ctx.db.$client.prepare(
      "SELECT id, notified_at AS notifiedAt FROM policy_deliveries WHERE policy_id = ? ORDER BY id",
    );
    for (const { input, daysAgo, readShare } of POLICIES) {
      const at = ctx.now - (daysAgo ?? 1) * DAY_MS;
      const id = createPolicy(ctx.db, bureau, { ...input, validFrom: dateOf(at), validTo: addDays(dateOf(ctx.now), 365) }, at);
      if (daysAgo === null) continue;
      const published = publishPolicy(ctx.db, bureau, id, at);
      if (!published.ok) throw new Error(published.message);
      let read = 0;
      for (const d of deliveriesOf.all(id) as { id: number; notifiedAt: number }[]) {
        if (!ctx.rng.chance(readShare)) continue;
        markRead.run(d.notifiedAt + ctx.rng.int(0, Math.max(0, daysAgo - 1)) * DAY_MS + ctx.rng.int(1, 600) * 60_000, d.id);
        read += 1;
      }
      report(`${input.title}：通知 ${published.notified} 家，已读 ${read} 家`);
    }
  },
};
