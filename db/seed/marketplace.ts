/**
 * Seed steps for the marketplace: ~60 credit products, then month by month since launch the needs,
 * claims, grants and rejections, disbursements and monthly loan statuses of a growing 信易贷 city.
 * Proportions aim at what such platforms report: most needs are claimed within a day or two, roughly
 * two thirds of claims are granted, credit loans are over half the amount, a few % of loans go bad,
 * about a tenth are paid into e-CNY wallets (more in recent months).
 * The demo accounts get a hand-made set of recent cases in every state (see README).
 */
import { and, eq, sql } from "drizzle-orm";
import type { DisbursementChannel, GuaranteeMode, LoanStatus } from "~/domain/marketplace";
import { checkEligibility } from "~/lib/eligibility";
import { LOAN_PURPOSES, REJECT_REASON_CODES } from "~/domain/marketplace";
import type { Rng } from "~/lib/random";
import { addDays, addMonths, dateOf, DAY_MS, monthBounds, monthOf, monthsBetween, startOfDate, weekdayOf } from "~/lib/time";
import { addWorkingDays } from "~/lib/working-days";
import { needsToSettle, settleNeedAuthorizations } from "~/services/authorizations.server";
import { workingCalendar } from "~/services/calendar.server";
import type { Tx } from "~db/connection";
import {
  authorizations,
  claims,
  enterprises,
  institutions,
  loans,
  needEvents,
  needs,
  notifications,
  productListings,
  products,
  users,
} from "~db/schema";
import type { SeedContext, SeedStep } from "./context";

type ProductSeed = {
  name: string;
  amount: [number, number]; // 万元
  rate: [number, number]; // %
  term: [number, number];
  modes: GuaranteeMode[];
  tags: string[];
  industries?: string[];
  districts?: string[];
  minYears?: number;
  minGrade?: "A" | "B" | "C";
  description: string;
};

const PRODUCTS: Record<string, ProductSeed[]> = {
  苏州银行: [
    {
      name: "苏贸贷",
      amount: [20, 800],
      rate: [3.6, 5.6],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["外贸"],
      industries: ["C", "F"],
      description: "以出口订单、退税账户为依据的外贸企业融资。",
    },
    {
      name: "苏科贷",
      amount: [10, 1000],
      rate: [3.45, 5.2],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["科技", "首贷"],
      industries: ["C", "I", "M"],
      minYears: 1,
      description: "面向科技型中小企业的信用贷款，省市风险补偿资金池支持。",
    },
    {
      name: "苏微贷",
      amount: [5, 300],
      rate: [3.85, 6.0],
      term: [3, 24],
      modes: ["credit"],
      tags: ["小微", "随借随还"],
      description: "纯信用、线上申请，额度循环使用。",
    },
    {
      name: "园区科技贷",
      amount: [50, 2000],
      rate: [3.55, 5.5],
      term: [12, 36],
      modes: ["credit", "guarantee", "pledge"],
      tags: ["科技", "专精特新"],
      districts: ["320571", "320505"],
      minYears: 2,
      description: "苏州工业园区、高新区科技企业专属。",
    },
    {
      name: "税信贷",
      amount: [10, 500],
      rate: [3.65, 5.8],
      term: [6, 24],
      modes: ["credit"],
      tags: ["纳税信用"],
      minYears: 2,
      minGrade: "B",
      description: "依据纳税信用等级和纳税额核定额度。",
    },
    {
      name: "厂房抵押贷",
      amount: [100, 5000],
      rate: [3.3, 4.6],
      term: [12, 60],
      modes: ["mortgage"],
      tags: ["续贷"],
      minYears: 3,
      description: "以自有厂房、土地抵押，额度高、利率低。",
    },
  ],
  工商银行: [
    {
      name: "绿色贷",
      amount: [100, 5000],
      rate: [3.3, 4.8],
      term: [12, 60],
      modes: ["credit", "mortgage"],
      tags: ["绿色"],
      industries: ["C", "D", "N"],
      minYears: 2,
      description: "节能减排、光伏与绿色制造项目贷款。",
    },
    {
      name: "跨境贸易贷",
      amount: [20, 1000],
      rate: [3.6, 5.5],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["外贸"],
      industries: ["C", "F", "G"],
      description: "依据跨境收付数据授信。",
    },
    {
      name: "经营快贷",
      amount: [5, 500],
      rate: [3.5, 5.5],
      term: [3, 12],
      modes: ["credit"],
      tags: ["小微", "随借随还"],
      description: "基于企业结算、纳税等数据自动审批。",
    },
    {
      name: "税务贷",
      amount: [10, 300],
      rate: [3.6, 5.2],
      term: [6, 12],
      modes: ["credit"],
      tags: ["纳税信用"],
      minYears: 2,
      description: "按年纳税额核定，最高 300 万元。",
    },
    {
      name: "e抵快贷",
      amount: [50, 3000],
      rate: [3.4, 4.8],
      term: [12, 60],
      modes: ["mortgage"],
      tags: ["续贷"],
      description: "线上评估抵押物，快速放款。",
    },
    {
      name: "专精特新贷",
      amount: [100, 3000],
      rate: [3.4, 5.0],
      term: [12, 36],
      modes: ["credit", "guarantee"],
      tags: ["专精特新", "科技"],
      industries: ["C", "I", "M"],
      minYears: 3,
      description: "服务专精特新中小企业。",
    },
  ],
  建设银行: [
    {
      name: "科技贷·苏州",
      amount: [50, 2000],
      rate: [3.4, 5.0],
      term: [12, 36],
      modes: ["credit", "pledge"],
      tags: ["科技", "专精特新"],
      industries: ["C", "I", "M"],
      minYears: 2,
      description: "知识产权质押与信用组合。",
    },
    {
      name: "首贷快",
      amount: [5, 100],
      rate: [3.6, 5.5],
      term: [6, 12],
      modes: ["credit"],
      tags: ["首贷", "小微"],
      description: "首次在银行融资的小微企业专属。",
    },
    {
      name: "云税贷",
      amount: [5, 300],
      rate: [3.55, 5.5],
      term: [6, 12],
      modes: ["credit"],
      tags: ["纳税信用", "首贷"],
      description: "凭纳税信用，全流程线上办理。",
    },
    {
      name: "小微快贷",
      amount: [10, 500],
      rate: [3.5, 5.6],
      term: [6, 24],
      modes: ["credit", "mortgage"],
      tags: ["小微"],
      description: "信用与抵押组合，额度灵活。",
    },
    {
      name: "善新贷",
      amount: [50, 2000],
      rate: [3.45, 5.2],
      term: [12, 36],
      modes: ["credit", "guarantee"],
      tags: ["科技"],
      industries: ["C", "I", "M", "N"],
      description: "面向科技创新企业的知识产权与信用组合贷款。",
    },
    {
      name: "惠懂你·抵押贷",
      amount: [100, 3000],
      rate: [3.35, 4.6],
      term: [12, 60],
      modes: ["mortgage"],
      tags: ["续贷"],
      minYears: 2,
      description: "住房、商铺、厂房抵押。",
    },
  ],
  农业银行: [
    {
      name: "科创e贷",
      amount: [20, 1000],
      rate: [3.5, 5.3],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["科技"],
      industries: ["C", "I", "M"],
      description: "科技型中小企业线上信用贷款。",
    },
    {
      name: "纳税e贷",
      amount: [10, 300],
      rate: [3.6, 5.5],
      term: [6, 12],
      modes: ["credit"],
      tags: ["纳税信用"],
      minYears: 2,
      description: "依据纳税数据自动授信。",
    },
    {
      name: "链捷贷",
      amount: [20, 1000],
      rate: [3.7, 5.8],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["外贸"],
      industries: ["C", "F", "G"],
      description: "供应链上下游小微企业订单融资。",
    },
    {
      name: "富农贷",
      amount: [5, 300],
      rate: [3.8, 6.0],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["三农"],
      industries: ["A", "C", "F"],
      description: "支持涉农企业与农业合作社。",
    },
    {
      name: "抵押e贷",
      amount: [50, 3000],
      rate: [3.35, 4.8],
      term: [12, 60],
      modes: ["mortgage"],
      tags: ["续贷"],
      description: "线上抵押贷款。",
    },
  ],
  中国银行: [
    {
      name: "中银绿色贷",
      amount: [100, 3000],
      rate: [3.35, 4.9],
      term: [12, 60],
      modes: ["credit", "mortgage"],
      tags: ["绿色"],
      industries: ["C", "D", "E", "N"],
      description: "支持绿色低碳转型项目。",
    },
    {
      name: "中银税易贷",
      amount: [10, 300],
      rate: [3.6, 5.5],
      term: [6, 12],
      modes: ["credit"],
      tags: ["纳税信用"],
      minYears: 2,
      description: "按纳税信用与纳税额授信。",
    },
    {
      name: "中银企E贷·信用贷",
      amount: [10, 500],
      rate: [3.55, 5.6],
      term: [6, 12],
      modes: ["credit"],
      tags: ["小微", "首贷"],
      description: "纯信用线上贷款。",
    },
    {
      name: "惠如愿·外贸贷",
      amount: [20, 1000],
      rate: [3.6, 5.4],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["外贸"],
      industries: ["C", "F"],
      description: "依据出口收汇数据授信。",
    },
    {
      name: "中银科技通",
      amount: [100, 3000],
      rate: [3.45, 5.0],
      term: [12, 36],
      modes: ["credit", "guarantee"],
      tags: ["科技", "专精特新"],
      industries: ["C", "I", "M"],
      minYears: 2,
      description: "科技型企业成长贷款。",
    },
  ],
  苏州农商行: [
    {
      name: "兴业创新贷",
      amount: [20, 500],
      rate: [3.7, 6.0],
      term: [6, 36],
      modes: ["credit", "pledge"],
      tags: ["科技"],
      industries: ["C", "I", "M"],
      description: "科技型小微企业知识产权质押贷款。",
    },
    {
      name: "苏农贷",
      amount: [5, 300],
      rate: [3.8, 6.5],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["三农", "小微"],
      districts: ["320506", "320507", "320509"],
      description: "服务吴中、相城、吴江小微与涉农企业。",
    },
    {
      name: "创业贷",
      amount: [5, 100],
      rate: [3.6, 5.8],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["首贷"],
      description: "创业担保贷款，财政贴息。",
    },
    {
      name: "富民信用贷",
      amount: [10, 300],
      rate: [3.9, 6.5],
      term: [6, 24],
      modes: ["credit"],
      tags: ["小微", "随借随还"],
      description: "纯信用，可循环。",
    },
    {
      name: "厂房贷",
      amount: [100, 2000],
      rate: [3.5, 5.0],
      term: [12, 60],
      modes: ["mortgage"],
      tags: ["续贷"],
      minYears: 3,
      description: "厂房抵押经营贷。",
    },
  ],
  江苏银行: [
    {
      name: "小微信用贷",
      amount: [10, 300],
      rate: [3.7, 6.0],
      term: [6, 24],
      modes: ["credit"],
      tags: ["小微", "首贷"],
      description: "无抵押、无担保的小微企业信用贷款。",
    },
    {
      name: "绿色融资贷",
      amount: [100, 3000],
      rate: [3.4, 5.0],
      term: [12, 60],
      modes: ["credit", "guarantee", "mortgage"],
      tags: ["绿色"],
      industries: ["C", "D", "N"],
      description: "绿色信贷，贴息支持。",
    },
    {
      name: "税e融",
      amount: [10, 300],
      rate: [3.6, 5.6],
      term: [6, 12],
      modes: ["credit"],
      tags: ["纳税信用"],
      description: "以纳税信用换银行信用。",
    },
    {
      name: "苏科贷（江苏银行）",
      amount: [50, 1000],
      rate: [3.5, 5.3],
      term: [12, 36],
      modes: ["credit", "guarantee"],
      tags: ["科技"],
      industries: ["C", "I", "M"],
      description: "省科技厅风险补偿合作产品。",
    },
    {
      name: "e融支付贷",
      amount: [10, 500],
      rate: [3.8, 6.0],
      term: [3, 12],
      modes: ["credit"],
      tags: ["随借随还"],
      description: "用于支付供应商货款。",
    },
  ],
  招商银行: [
    {
      name: "招贷·外贸通",
      amount: [20, 800],
      rate: [3.6, 5.8],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["外贸"],
      industries: ["C", "F"],
      description: "跨境结算客户专属。",
    },
    {
      name: "招贷·生意贷",
      amount: [10, 300],
      rate: [3.65, 6.2],
      term: [6, 24],
      modes: ["credit"],
      tags: ["小微"],
      description: "根据经营流水授信。",
    },
    {
      name: "闪电贷·企业版",
      amount: [5, 200],
      rate: [3.8, 6.5],
      term: [3, 12],
      modes: ["credit"],
      tags: ["随借随还"],
      description: "线上秒批，随借随还。",
    },
    {
      name: "科创贷",
      amount: [100, 3000],
      rate: [3.5, 5.5],
      term: [12, 36],
      modes: ["credit", "pledge"],
      tags: ["科技", "专精特新"],
      industries: ["C", "I", "M"],
      minYears: 2,
      description: "面向科创企业，可知识产权质押。",
    },
  ],
  兴业银行: [
    {
      name: "兴享贷·科技",
      amount: [50, 2000],
      rate: [3.5, 5.3],
      term: [12, 36],
      modes: ["credit", "pledge"],
      tags: ["科技", "专精特新"],
      industries: ["C", "I", "M"],
      minYears: 2,
      description: "科技企业知识产权质押与信用组合。",
    },
    {
      name: "兴速贷",
      amount: [10, 500],
      rate: [3.7, 6.0],
      term: [6, 24],
      modes: ["credit", "mortgage"],
      tags: ["小微"],
      description: "信用与抵押灵活组合。",
    },
    {
      name: "绿色融",
      amount: [50, 3000],
      rate: [3.4, 5.0],
      term: [12, 60],
      modes: ["credit", "guarantee", "mortgage"],
      tags: ["绿色"],
      industries: ["C", "D", "N"],
      description: "支持节能环保与绿色制造项目。",
    },
    {
      name: "快易贷",
      amount: [10, 300],
      rate: [3.8, 6.2],
      term: [3, 12],
      modes: ["credit"],
      tags: ["随借随还"],
      description: "线上快速融资。",
    },
  ],
  常熟农商行: [
    {
      name: "常熟首贷通",
      amount: [5, 100],
      rate: [4.0, 6.5],
      term: [6, 24],
      modes: ["credit", "guarantee"],
      tags: ["首贷"],
      districts: ["320581", "320582", "320585"],
      description: "首次贷款企业专属，政府风险补偿。",
    },
    {
      name: "金米粒",
      amount: [5, 100],
      rate: [4.0, 7.0],
      term: [6, 24],
      modes: ["credit"],
      tags: ["小微", "首贷"],
      districts: ["320581", "320582", "320585"],
      description: "面向常熟、张家港、太仓的小微信用贷。",
    },
    {
      name: "小微惠贷",
      amount: [10, 300],
      rate: [3.9, 6.5],
      term: [6, 36],
      modes: ["credit", "guarantee"],
      tags: ["小微"],
      description: "担保与信用组合。",
    },
    {
      name: "纺织贷",
      amount: [20, 800],
      rate: [3.8, 6.0],
      term: [6, 24],
      modes: ["credit", "mortgage"],
      tags: ["续贷"],
      industries: ["C", "F"],
      districts: ["320581"],
      description: "服务常熟纺织服装产业集群。",
    },
  ],
  鹿城村镇银行: [
    {
      name: "鹿城科技贷",
      amount: [10, 300],
      rate: [4.6, 8.0],
      term: [6, 24],
      modes: ["credit", "guarantee"],
      tags: ["科技"],
      districts: ["320583"],
      industries: ["C", "I", "M"],
      description: "昆山科技型小微企业。",
    },
    {
      name: "鹿城易贷",
      amount: [5, 100],
      rate: [4.5, 8.0],
      term: [6, 24],
      modes: ["credit", "guarantee"],
      tags: ["小微", "首贷"],
      districts: ["320583"],
      description: "昆山小微企业与个体工商户。",
    },
    {
      name: "鹿城助业贷",
      amount: [10, 200],
      rate: [4.8, 8.5],
      term: [6, 36],
      modes: ["guarantee", "mortgage"],
      tags: ["小微"],
      districts: ["320583"],
      description: "保证或抵押，审批快。",
    },
  ],
  东吴科贷: [
    {
      name: "订单贷",
      amount: [20, 500],
      rate: [6.5, 10.5],
      term: [3, 12],
      modes: ["credit", "pledge"],
      tags: ["小微"],
      industries: ["C", "F"],
      description: "以在手订单为依据的短期融资。",
    },
    {
      name: "科技小贷",
      amount: [10, 300],
      rate: [6.0, 10.0],
      term: [3, 12],
      modes: ["credit", "guarantee"],
      tags: ["科技"],
      industries: ["C", "I", "M"],
      description: "面向科技型小企业的小额贷款。",
    },
    {
      name: "应急转贷",
      amount: [20, 500],
      rate: [6.5, 11.0],
      term: [1, 3],
      modes: ["guarantee"],
      tags: ["续贷"],
      description: "帮助企业衔接银行续贷。",
    },
  ],
  信保担保: [
    {
      name: "首贷担保贷",
      amount: [10, 500],
      rate: [4.2, 7.0],
      term: [6, 24],
      modes: ["guarantee"],
      tags: ["首贷"],
      description: "首次融资企业担保，担保费财政补贴。",
    },
    {
      name: "外贸担保贷",
      amount: [20, 1000],
      rate: [4.3, 7.2],
      term: [3, 12],
      modes: ["guarantee"],
      tags: ["外贸"],
      industries: ["C", "F"],
      description: "外贸企业融资担保。",
    },
    {
      name: "信保贷",
      amount: [20, 1000],
      rate: [4.2, 7.5],
      term: [6, 24],
      modes: ["guarantee"],
      tags: ["首贷", "小微"],
      description: "政策性融资担保，担保费率 1% 以下。",
    },
    {
      name: "科技担保贷",
      amount: [50, 2000],
      rate: [4.0, 7.0],
      term: [12, 36],
      modes: ["guarantee"],
      tags: ["科技"],
      industries: ["C", "I", "M"],
      description: "科技企业融资担保。",
    },
  ],
};

const PURPOSE_DETAILS: Record<string, string[]> = {
  流动资金周转: ["支付供应商货款，缓解账期压力", "春节前备货及工资发放", "应收账款回款前的周转"],
  原材料采购: ["采购不锈钢、铝材等原材料", "锁定上游涨价前的原料订单", "采购纱线与面料"],
  设备购置: ["购置数控机床两台", "新增自动化生产线", "更新检测设备"],
  技术改造: ["产线智能化改造", "节能设备改造", "车间数字化升级"],
  研发投入: ["新产品研发及样机试制", "软件平台研发人员薪酬", "专利布局与检测认证"],
  订单生产: ["承接海外订单备料生产", "大客户年度框架订单", "新能源客户订单扩产"],
  厂房租赁: ["新租厂房装修及租金", "扩租仓储用房", "搬迁新厂区"],
  其他: ["参加展会及市场推广", "补充营运资金", "信息化系统建设"],
};

const TERM_CHOICES = [6, 12, 12, 12, 12, 24, 24, 36];

type ProductRow = typeof products.$inferSelect;
type EnterpriseRow = typeof enterprises.$inferSelect;

/** Office hours on a working day at or after `instant` (or the instant itself if it already is one). */
function officeHours(rng: Rng, instant: number): number {
  let t = instant;
  for (let i = 0; i < 10; i++) {
    const hour = new Date(t + 8 * 3600_000).getUTCHours();
    const weekday = weekdayOf(t);
    if (weekday !== 0 && weekday !== 6 && hour >= 9 && hour < 18) return t;
    t = startOfDate(dateOf(t + (hour >= 18 || weekday === 0 || weekday === 6 ? DAY_MS : 0))) + rng.int(9 * 60, 17 * 60 + 30) * 60_000;
  }
  return t;
}

export const productsStep: SeedStep = {
  label: "信贷产品",
  run(ctx, report) {
    const rng = ctx.rng.fork("products");
    const byName = new Map(
      ctx.db
        .select()
        .from(institutions)
        .all()
        .map((i) => [i.shortName, i]),
    );
    let count = 0;
    for (const [institutionName, seeds] of Object.entries(PRODUCTS)) {
      const institution = byName.get(institutionName);
      if (!institution) continue;
      seeds.forEach((p, index) => {
        const listedAt = Math.min(ctx.now, institution.joinedAt + (index === 0 ? 0 : rng.int(0, 200) * DAY_MS));
        // A few products were taken off the market; one per institution at most, none of the first.
        const delistedAt = index > 0 && rng.chance(0.12) ? listedAt + rng.int(60, 400) * DAY_MS : null;
        const delisted = delistedAt !== null && delistedAt < ctx.now;
        const id = ctx.db
          .insert(products)
          .values({
            institutionId: institution.id,
            name: p.name,
            description: p.description,
            amountMinFen: p.amount[0] * 1_000_000,
            amountMaxFen: p.amount[1] * 1_000_000,
            rateMinBp: Math.round(p.rate[0] * 100),
            rateMaxBp: Math.round(p.rate[1] * 100),
            termMinMonths: p.term[0],
            termMaxMonths: p.term[1],
            guaranteeModes: p.modes,
            eligibleDistricts: p.districts ?? null,
            eligibleIndustries: p.industries ?? null,
            minGrade: p.minGrade ?? null,
            minYearsInOperation: p.minYears ?? 0,
            tags: p.tags,
            listed: !delisted,
            createdAt: listedAt,
            updatedAt: delisted ? delistedAt! : listedAt,
          })
          .returning({ id: products.id })
          .get().id;
        ctx.db
          .insert(productListings)
          .values({ productId: id, listedAt, delistedAt: delisted ? delistedAt : null })
          .run();
        count += 1;
      });
    }
    report(`${count} 个产品`);
  },
};

type Officers = Map<number, string[]>;

/** Everything one need goes through, written in time order with its events. */
class NeedWriter {
  constructor(
    private readonly tx: Tx,
    private readonly now: number,
  ) {}

  event(
    needId: number,
    type: string,
    at: number,
    detail: Record<string, unknown> = {},
    ids: { claimId?: number; loanId?: number; userId?: string | null; institutionId?: number | null } = {},
  ) {
    this.tx
      .insert(needEvents)
      .values({
        needId,
        claimId: ids.claimId ?? null,
        loanId: ids.loanId ?? null,
        type,
        actorUserId: ids.userId ?? null,
        actorInstitutionId: ids.institutionId ?? null,
        at,
        detail,
      })
      .run();
  }

  notify(enterpriseId: number, kind: string, title: string, body: string, link: string, at: number) {
    // Only the last fortnight's messages: what a user would still find in the inbox.
    if (at < this.now - 14 * DAY_MS) return;
    this.tx
      .insert(notifications)
      .values({ enterpriseId, kind, title, body, link, createdAt: at, readAt: at < this.now - 5 * DAY_MS ? at + DAY_MS : null })
      .run();
  }
}

export const marketplaceStep: SeedStep = {
  label: "融资需求、授信与放款",
  run(ctx, report) {
    const rng = ctx.rng.fork("marketplace");
    const tx = ctx.db;
    const writer = new NeedWriter(tx, ctx.now);
    const allProducts = tx.select().from(products).all();
    const listings = tx.select().from(productListings).all();
    const listedAt = (p: ProductRow, at: number) =>
      listings.some((l) => l.productId === p.id && l.listedAt <= at && (l.delistedAt === null || l.delistedAt > at));
    const institutionRows = tx.select().from(institutions).all();
    const officers: Officers = new Map();
    for (const u of tx.select({ id: users.id, institutionId: users.institutionId, role: users.role }).from(users).all()) {
      if (u.role !== "bank_officer" || u.institutionId === null) continue;
      officers.set(u.institutionId, [...(officers.get(u.institutionId) ?? []), u.id]);
    }
    const enterpriseRows = tx.select().from(enterprises).all();
    const months = monthsBetween(ctx.launchMonth, monthOf(ctx.now));
    const counts = { needs: 0, claims: 0, grants: 0, loans: 0, reports: 0 };
    // Its own generator, so the channels never change the rest of the history. e-CNY disbursement
    // (Suzhou's 2024 plan) grows from 2 % of loans at launch to 16 % now: about a tenth overall.
    const channelRng = ctx.rng.fork("disbursement-channels");
    const channelOf = (disbursedOn: string): DisbursementChannel => {
      const index = Math.max(0, months.indexOf(disbursedOn.slice(0, 7)));
      return channelRng.chance(0.02 + (0.14 * index) / Math.max(1, months.length - 1)) ? "ecny" : "bank_account";
    };

    for (const [monthIndex, month] of months.entries()) {
      const { start, end } = monthBounds(month);
      // The platform grows: from ~4.5% of enterprises asking a month at launch to ~9.5% two years on.
      const share = 0.045 + (0.05 * monthIndex) / Math.max(1, months.length - 1);
      const registered = enterpriseRows.filter((e) => e.registeredAt < end);
      const demand = Math.round(registered.length * share * (month.endsWith("-02") ? 0.6 : 1));
      for (let i = 0; i < demand; i++) {
        const enterprise = rng.pick(registered);
        const postedAt = officeHours(rng, Math.max(enterprise.registeredAt + DAY_MS, start + Math.floor(rng.next() * (end - start))));
        if (postedAt >= Math.min(end, ctx.now - 3600_000)) continue;
        generateNeed(ctx, rng, writer, { enterprise, postedAt, allProducts, listedAt, institutionRows, officers, counts, channelOf });
      }
      report(`${month}：累计需求 ${counts.needs} 笔，放款 ${counts.loans} 笔`);
    }
    seedLoanStatuses(ctx, rng, counts);
    report(
      `需求 ${counts.needs} 笔，受理 ${counts.claims} 笔，授信 ${counts.grants} 笔，放款 ${counts.loans} 笔，贷后状态 ${counts.reports} 条`,
    );
  },
};

type NeedContext = {
  enterprise: EnterpriseRow;
  postedAt: number;
  allProducts: ProductRow[];
  listedAt: (p: ProductRow, at: number) => boolean;
  institutionRows: (typeof institutions.$inferSelect)[];
  officers: Officers;
  counts: { needs: number; claims: number; grants: number; loans: number; reports: number };
  channelOf: (disbursedOn: string) => DisbursementChannel;
};

function amountFor(rng: Rng, size: EnterpriseRow["size"]): number {
  const [lo, hi] = size === "micro" ? [10, 200] : size === "small" ? [30, 800] : [100, 3000];
  const wan = Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
  const step = wan < 50 ? 5 : wan < 500 ? 10 : 50;
  return Math.max(step, Math.round(wan / step) * step) * 1_000_000;
}

/** Posts one need and plays out what happened to it up to "now". */
function generateNeed(ctx: SeedContext, rng: Rng, writer: NeedWriter, n: NeedContext) {
  const tx = ctx.db;
  const { enterprise, postedAt } = n;
  const amountFen = amountFor(rng, enterprise.size);
  const termMonths = rng.pick(TERM_CHOICES);
  const guaranteeMode = rng.weighted<GuaranteeMode | null>(["credit", null, "guarantee", "mortgage", "pledge"], [55, 20, 15, 7, 3]);
  const rateCeilingBp = rng.chance(0.4) ? null : rng.int(45, 75) * 10;
  const needTerms = { amountFen, termMonths, guaranteeMode, rateCeilingBp };
  const fitting = n.allProducts.filter((p) => n.listedAt(p, postedAt) && checkEligibility(needTerms, enterprise, p, postedAt).eligible);
  const target = fitting.length && rng.chance(0.3) ? rng.pick(fitting) : null;
  const category = rng.pick(LOAN_PURPOSES);
  const expiresOn = addDays(dateOf(postedAt), rng.pick([30, 30, 30, 60, 90]));
  const needId = tx
    .insert(needs)
    .values({
      enterpriseId: enterprise.id,
      ...needTerms,
      purpose: `${category}：${rng.pick(PURPOSE_DETAILS[category]!)}`,
      targetProductId: target?.id ?? null,
      status: "open",
      postedAt,
      expiresOn,
      updatedAt: postedAt,
    })
    .returning({ id: needs.id })
    .get().id;
  const authorizationId = tx
    .insert(authorizations)
    .values({
      enterpriseId: enterprise.id,
      institutionId: target?.institutionId ?? null,
      purpose: `融资需求 #${needId} 贷前审查`,
      needId,
      grantedAt: postedAt,
      expiresAt: startOfDate(addDays(expiresOn, 91)),
    })
    .returning({ id: authorizations.id })
    .get().id;
  tx.update(needs).set({ authorizationId }).where(eq(needs.id, needId)).run();
  writer.event(needId, "posted", postedAt, { amountFen, termMonths, targetProductId: target?.id ?? null });
  n.counts.needs += 1;

  // Which institutions take it up: the target's only, or one to three of those with a fitting product.
  const candidates = target ? [target.institutionId] : [...new Set(fitting.map((p) => p.institutionId))];
  const claimers = rng.chance(target ? 0.95 : 0.86)
    ? rng.shuffle([...candidates]).slice(0, target ? 1 : rng.weighted([1, 2, 3], [70, 25, 5]))
    : [];
  const expiry = startOfDate(expiresOn) + DAY_MS;
  let funded = false;
  const decisions: {
    claimId: number;
    institutionId: number;
    grantedAt: number;
    amountFen: number;
    product: ProductRow;
    rateBp: number;
    termMonths: number;
    mode: GuaranteeMode;
    officer: string;
  }[] = [];
  for (const institutionId of claimers) {
    const officer = rng.pick(n.officers.get(institutionId) ?? []);
    if (!officer) continue;
    // Most claims come within a working day; a tail takes longer than the 3-working-day target.
    const hours = rng.chance(0.08) ? rng.int(80, 200) : Math.max(1, Math.round(Math.exp(rng.normal(2.6, 0.9))));
    const claimedAt = officeHours(rng, postedAt + hours * 3600_000);
    if (claimedAt >= Math.min(ctx.now, expiry)) continue;
    const claimId = tx
      .insert(claims)
      .values({ needId, institutionId, officerUserId: officer, status: "claimed", claimedAt })
      .returning({ id: claims.id })
      .get().id;
    writer.event(needId, "claimed", claimedAt, {}, { claimId, userId: officer, institutionId });
    writer.notify(
      enterprise.id,
      "need.claimed",
      "金融机构已受理您的需求",
      `您的融资需求 #${needId} 已被受理`,
      `/sme/needs/${needId}`,
      claimedAt,
    );
    n.counts.claims += 1;
    const decideDays = rng.chance(0.07) ? rng.int(11, 20) : rng.int(1, 8);
    const decidedAt = officeHours(rng, addWorkingDays(workingCalendar(tx), claimedAt, decideDays).at - rng.int(0, 6) * 3600_000);
    if (decidedAt >= ctx.now) continue; // still being assessed
    const ownFitting = (target ? [target] : fitting).filter((p) => p.institutionId === institutionId);
    if (ownFitting.length && rng.chance(0.7)) {
      const product = rng.pick(ownFitting);
      const granted = Math.max(
        product.amountMinFen,
        Math.min(product.amountMaxFen, Math.round((amountFen * rng.pick([1, 1, 1, 0.8, 0.6])) / 1_000_000) * 1_000_000),
      );
      const ceiling = Math.min(product.rateMaxBp, rateCeilingBp ?? product.rateMaxBp);
      const rateBp = Math.max(
        product.rateMinBp,
        Math.min(ceiling, product.rateMinBp + Math.round(rng.next() ** 2 * (product.rateMaxBp - product.rateMinBp) * 0.6)),
      );
      const mode =
        guaranteeMode && product.guaranteeModes.includes(guaranteeMode)
          ? guaranteeMode
          : product.guaranteeModes.includes("credit")
            ? "credit"
            : product.guaranteeModes[0]!;
      const term = Math.max(product.termMinMonths, Math.min(product.termMaxMonths, termMonths));
      tx.update(claims)
        .set({
          status: "granted",
          decidedAt,
          grantedAt: decidedAt,
          grantedProductId: product.id,
          grantedAmountFen: granted,
          grantedRateBp: rateBp,
          grantedTermMonths: term,
          grantedGuaranteeMode: mode,
        })
        .where(eq(claims.id, claimId))
        .run();
      writer.event(
        needId,
        "granted",
        decidedAt,
        { amountFen: granted, rateBp, termMonths: term, productId: product.id },
        { claimId, userId: officer, institutionId },
      );
      writer.notify(enterprise.id, "claim.granted", "获得授信", `需求 #${needId} 获得授信`, `/sme/needs/${needId}`, decidedAt);
      n.counts.grants += 1;
      decisions.push({
        claimId,
        institutionId,
        grantedAt: decidedAt,
        amountFen: granted,
        product,
        rateBp,
        termMonths: term,
        mode,
        officer,
      });
    } else {
      const reasonCode = rng.weighted(REJECT_REASON_CODES, [30, 18, 15, 12, 12, 5, 5, 3]);
      tx.update(claims)
        .set({
          status: "rejected",
          decidedAt,
          rejectReasonCode: reasonCode,
          rejectNote: reasonCode === "other" ? "经营场所未能现场核实" : null,
        })
        .where(eq(claims.id, claimId))
        .run();
      writer.event(needId, "rejected", decidedAt, { reasonCode, note: "" }, { claimId, userId: officer, institutionId });
      writer.notify(enterprise.id, "claim.rejected", "授信未通过", `需求 #${needId} 未获授信`, `/sme/needs/${needId}`, decidedAt);
    }
  }

  // The earliest grant is usually drawn down; the others then end.
  decisions.sort((a, b) => a.grantedAt - b.grantedAt);
  const taken = decisions[0];
  if (taken && rng.chance(0.92)) {
    const disbursedOn = dateOf(officeHours(rng, taken.grantedAt + rng.int(1, 6) * DAY_MS));
    const recordedAt = startOfDate(disbursedOn) + 15 * 3600_000;
    if (recordedAt < ctx.now) {
      const channel = n.channelOf(disbursedOn);
      const loanId = tx
        .insert(loans)
        .values({
          claimId: taken.claimId,
          needId,
          enterpriseId: enterprise.id,
          institutionId: taken.institutionId,
          productId: taken.product.id,
          amountFen: taken.amountFen,
          rateBp: taken.rateBp,
          termMonths: taken.termMonths,
          guaranteeMode: taken.mode,
          disbursedOn,
          disbursedAt: startOfDate(disbursedOn),
          recordedAt,
          status: "normal",
          channel,
        })
        .returning({ id: loans.id })
        .get().id;
      tx.update(claims).set({ status: "disbursed" }).where(eq(claims.id, taken.claimId)).run();
      writer.event(
        needId,
        "disbursed",
        recordedAt,
        { amountFen: taken.amountFen, disbursedOn, channel },
        { claimId: taken.claimId, loanId, userId: taken.officer, institutionId: taken.institutionId },
      );
      writer.notify(enterprise.id, "claim.disbursed", "贷款已发放", `需求 #${needId} 已放款`, `/sme/needs/${needId}`, recordedAt);
      tx.update(needs).set({ status: "fulfilled", closedAt: recordedAt, updatedAt: recordedAt }).where(eq(needs.id, needId)).run();
      n.counts.loans += 1;
      funded = true;
      for (const other of decisions.slice(1)) {
        tx.update(claims).set({ status: "cancelled" }).where(eq(claims.id, other.claimId)).run();
        writer.event(
          needId,
          "cancelled",
          recordedAt,
          { reason: "该需求已由其他机构放款" },
          { claimId: other.claimId, institutionId: other.institutionId },
        );
      }
    }
  }
  if (funded) return;
  // Unfunded needs: a few are withdrawn; the rest expire at the end of their date if that has passed.
  if (rng.chance(0.05)) {
    const withdrawnAt = officeHours(rng, postedAt + rng.int(2, 20) * DAY_MS);
    if (withdrawnAt < Math.min(ctx.now, expiry)) {
      tx.update(needs).set({ status: "withdrawn", closedAt: withdrawnAt, updatedAt: withdrawnAt }).where(eq(needs.id, needId)).run();
      tx.update(authorizations).set({ revokedAt: withdrawnAt }).where(eq(authorizations.id, authorizationId)).run();
      writer.event(needId, "withdrawn", withdrawnAt);
      tx.update(claims)
        .set({ status: "cancelled", decidedAt: withdrawnAt })
        .where(and(eq(claims.needId, needId), sql`${claims.status} IN ('claimed', 'granted')`))
        .run();
      return;
    }
  }
  if (expiry <= ctx.now) {
    tx.update(needs).set({ status: "expired", closedAt: expiry, updatedAt: expiry }).where(eq(needs.id, needId)).run();
    writer.event(needId, "expired", expiry);
  }
}

/** Monthly status reports for every loan from its second month to last month. */
function seedLoanStatuses(ctx: SeedContext, rng: Rng, counts: NeedContext["counts"]) {
  const tx = ctx.db;
  const lastMonth = addMonths(monthOf(ctx.now), -1);
  const insert = tx.$client.prepare(
    "INSERT INTO loan_status_reports (loan_id, month, status, reported_at, reported_by_user_id) VALUES (?, ?, ?, ?, ?)",
  );
  const setStatus = tx.$client.prepare("UPDATE loans SET status = ? WHERE id = ?");
  const officerOf = new Map(
    tx
      .select({ id: claims.id, officer: claims.officerUserId })
      .from(claims)
      .all()
      .map((c) => [c.id, c.officer]),
  );
  for (const loan of tx.select().from(loans).all()) {
    const first = addMonths(monthOf(loan.disbursedAt), 1);
    const maturity = addMonths(monthOf(loan.disbursedAt), loan.termMonths);
    // Riskier borrowers: small and long loans and higher rates go bad a little more often.
    const monthlyDefault = 0.006 + (loan.rateBp > 550 ? 0.006 : 0) + (loan.guaranteeMode === "credit" ? 0.002 : 0);
    let status: LoanStatus = "normal";
    for (const month of first <= lastMonth ? monthsBetween(first, lastMonth) : []) {
      if (status === "settled") break;
      if (month >= maturity && status !== "npl") status = "settled";
      else if (status === "normal") status = rng.chance(monthlyDefault) ? "overdue" : rng.chance(0.01) ? "settled" : "normal";
      else if (status === "overdue") status = rng.weighted<LoanStatus>(["normal", "overdue", "npl"], [45, 20, 35]);
      else if (status === "npl") status = rng.chance(0.05) ? "settled" : "npl";
      insert.run(
        loan.id,
        month,
        status,
        monthBounds(addMonths(month, 1)).start + rng.int(1, 5) * DAY_MS,
        officerOf.get(loan.claimId!) ?? null,
      );
      counts.reports += 1;
    }
    if (status !== "normal") setStatus.run(status, loan.id);
  }
}

export const needAuthorizationsStep: SeedStep = {
  label: "需求授权随需求进展收窄",
  // The history above writes needs directly; their authorizations end as the services would end them.
  run(ctx, report) {
    let ended = 0;
    for (const needId of needsToSettle(ctx.db, ctx.now)) ended += settleNeedAuthorizations(ctx.db, needId, ctx.now);
    report(`${ended} 项已办结、撤回或到期需求的授权已收窄`);
  },
};

export const demoCasesStep: SeedStep = {
  label: "演示账号的近期业务",
  // Its own step with its own generator, so changing the demo cases never changes the history above.
  run(ctx, report) {
    report(demoCases(ctx));
  },
};

/** Recent cases in every state for the demo enterprise and the demo officers of 苏州银行 and 工商银行. */
function demoCases(ctx: SeedContext): string {
  const tx = ctx.db;
  const writer = new NeedWriter(tx, ctx.now);
  const demo = tx.select().from(enterprises).where(eq(enterprises.uscc, "9132050852601815XM")).get();
  const officer = (username: string) => tx.select().from(users).where(eq(users.username, username)).get();
  const sz = officer("szbank_officer");
  const icbc = officer("icbc_officer");
  if (!demo || !sz || !icbc) return "跳过（演示账号不存在）";
  const product = (institutionId: number) =>
    tx
      .select()
      .from(products)
      .where(and(eq(products.institutionId, institutionId), eq(products.listed, true)))
      .get()!;
  const szProduct = product(sz.institutionId!);
  /** Posted `hoursAgo` hours before the seed's "now" (midnight starting the as-of day). */
  const post = (amountWan: number, hoursAgo: number, targetProductId: number | null, purpose: string) => {
    const postedAt = ctx.now - hoursAgo * 3600_000;
    const needId = tx
      .insert(needs)
      .values({
        enterpriseId: demo.id,
        amountFen: amountWan * 1_000_000,
        termMonths: 12,
        purpose,
        guaranteeMode: "credit",
        rateCeilingBp: 550,
        targetProductId,
        status: "open",
        postedAt,
        expiresOn: addDays(dateOf(postedAt), 30),
        updatedAt: postedAt,
      })
      .returning({ id: needs.id })
      .get().id;
    const authorizationId = tx
      .insert(authorizations)
      .values({
        enterpriseId: demo.id,
        institutionId: targetProductId === null ? null : szProduct.institutionId,
        purpose: `融资需求 #${needId} 贷前审查`,
        needId,
        grantedAt: postedAt,
        expiresAt: startOfDate(addDays(dateOf(postedAt), 121)),
      })
      .returning({ id: authorizations.id })
      .get().id;
    tx.update(needs).set({ authorizationId }).where(eq(needs.id, needId)).run();
    writer.event(needId, "posted", postedAt, { amountFen: amountWan * 1_000_000, termMonths: 12 });
    return { needId, postedAt };
  };
  const claim = (needId: number, who: NonNullable<typeof sz>, at: number) => {
    const claimId = tx
      .insert(claims)
      .values({ needId, institutionId: who.institutionId!, officerUserId: who.id, status: "claimed", claimedAt: at })
      .returning({ id: claims.id })
      .get().id;
    writer.event(needId, "claimed", at, {}, { claimId, userId: who.id, institutionId: who.institutionId });
    writer.notify(demo.id, "need.claimed", "金融机构已受理您的需求", `您的融资需求 #${needId} 已被受理`, `/sme/needs/${needId}`, at);
    return claimId;
  };
  // 1. Open to all, claimed by 苏州银行 two days ago and still being assessed; also waiting in 工商银行's queue.
  const a = post(300, 3 * 24 + 14, null, "订单生产：承接新能源客户年度订单备料");
  claim(a.needId, sz, a.postedAt + 5 * 3600_000);
  // 2. An application to 苏州银行's product, granted yesterday: the enterprise may take or decline it.
  const b = post(150, 6 * 24 + 15, szProduct.id, "设备购置：购置激光切割机一台");
  const bClaim = claim(b.needId, sz, b.postedAt + 3 * 3600_000);
  const grantedAt = ctx.now - 14 * 3600_000;
  tx.update(claims)
    .set({
      status: "granted",
      decidedAt: grantedAt,
      grantedAt,
      grantedProductId: szProduct.id,
      grantedAmountFen: 150 * 1_000_000,
      grantedRateBp: szProduct.rateMinBp + 20,
      grantedTermMonths: 12,
      grantedGuaranteeMode: "credit",
    })
    .where(eq(claims.id, bClaim))
    .run();
  writer.event(
    b.needId,
    "granted",
    grantedAt,
    { amountFen: 150 * 1_000_000, rateBp: szProduct.rateMinBp + 20, termMonths: 12, productId: szProduct.id },
    { claimId: bClaim, userId: sz.id, institutionId: sz.institutionId },
  );
  writer.notify(demo.id, "claim.granted", "获得授信", `需求 #${b.needId} 获得苏州银行授信 150 万元`, `/sme/needs/${b.needId}`, grantedAt);
  // 3. Open to all, posted yesterday afternoon: nobody has claimed it yet (in both demo officers' queues).
  post(80, 8, null, "流动资金周转：支付供应商货款");
  // 4. 工商银行 claimed one a week ago and must still decide.
  const d = post(200, 9 * 24 + 14, null, "技术改造：车间数字化升级");
  claim(d.needId, icbc, d.postedAt + 20 * 3600_000);
  return "演示企业 4 笔近期需求（待受理、审查中、已授信待放款）";
}
