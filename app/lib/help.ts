/**
 * The help pages' words (帮助中心): common questions and a 办事指南 for each role. Plain data, so the
 * pages stay thin and a test can check every guide names only screens that exist.
 */
import { CLAIM_WITHIN_WORKING_DAYS, DECIDE_WITHIN_WORKING_DAYS } from "~/domain/service-levels";

export type HelpStep = { title: string; text: string; to?: string; link?: string };
export type Guide = { slug: string; title: string; audience: string; steps: HelpStep[] };

export const GUIDES: readonly Guide[] = [
  {
    slug: "enterprise",
    title: "企业办事指南",
    audience: "中小微企业（用统一社会信用代码登录）",
    steps: [
      {
        title: "注册账号",
        text: "用本企业的统一社会信用代码、企业名称和法定代表人姓名注册；名称或法定代表人与登记信息不符时，页面会在该栏下提示。",
        to: "/register",
        link: "企业注册",
      },
      {
        title: "查看信用评分",
        text: "登录后在“信用评分”查看本企业的分数、等级和加减分原因；缺少某月数据不会像逾期一样扣分。",
        to: "/sme/score",
        link: "信用评分",
      },
      {
        title: "挑选产品",
        text: "在金融超市按关键词、金额、期限、担保方式筛选，并可按利率、额度、期限排序；“信用”担保即无需抵押。",
        to: "/products",
        link: "金融超市",
      },
      {
        title: "发布融资需求",
        text: `填写金额、期限、用途和担保方式；发布即授权金融机构在需求有效期内查询本企业的信用数据。银行一般在 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理。`,
        to: "/sme/needs/new",
        link: "发布需求",
      },
      {
        title: "管理授权与查询记录",
        text: "在“授权管理”随时撤销授权；“查询记录”列出每一次查询的机构、经办人和用途。",
        to: "/sme/query-log",
        link: "查询记录",
      },
      {
        title: "数据有误时提出异议",
        text: "在“信用数据”中对有误的某月数据点“提出异议”，由金融管理部门核实处理，处理期间该项标注“异议中”。",
        to: "/sme/credit",
        link: "信用数据",
      },
    ],
  },
  {
    slug: "bank-officer",
    title: "客户经理办事指南",
    audience: "金融机构客户经理",
    steps: [
      {
        title: "看需求队列",
        text: "队列只列本机构产品可以服务的需求，按综合匹配度排序；可切换为“紧凑表格”一屏看更多，并可按当前筛选和排序导出 CSV。",
        to: "/bank/applicants",
        link: "需求队列",
      },
      {
        title: "受理需求",
        text: `在队列中点“受理”。请在企业发布后 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理，受理后 ${DECIDE_WITHIN_WORKING_DAYS} 个工作日内作出授信决定。`,
      },
      {
        title: "查找企业",
        text: "在“企业查询”按名称或统一社会信用代码查找与本机构有业务往来或已授权的企业；查看详细信用数据须企业授权，每次查看都记入企业可见的查询记录。",
        to: "/bank/enterprises",
        link: "企业查询",
      },
      {
        title: "授信与放款",
        text: "在“我的业务”打开业务，录入授信金额、利率和期限，放款后录入放款信息；列表可按筛选导出 CSV。",
        to: "/bank/claims",
        link: "我的业务",
      },
      {
        title: "贷后与续贷",
        text: "“贷款到期”提示 30 / 60 天内到期的贷款；企业提出无还本续贷时在“续贷申请”审批。",
        to: "/bank/maturities",
        link: "贷款到期",
      },
    ],
  },
  {
    slug: "bank-admin",
    title: "机构管理员办事指南",
    audience: "金融机构管理员",
    steps: [
      { title: "开通客户经理", text: "在“客户经理”新增、停用本机构客户经理账号。", to: "/bank/officers", link: "客户经理" },
      {
        title: "维护产品",
        text: "在“产品管理”新增产品，填写额度、利率、期限、担保方式和准入条件，上架后出现在金融超市；下架后企业不再能申请。",
        to: "/bank/products",
        link: "产品管理",
      },
      { title: "豁免拦截", text: "企业触及拦截规则时，客户经理无法受理；管理员可记录豁免理由后受理，理由记入审计。" },
      {
        title: "风险补偿",
        text: "在“风险补偿”申请将产品纳入风险补偿资金池，对入池贷款的不良提出代偿申请。",
        to: "/bank/pools",
        link: "风险补偿",
      },
      {
        title: "业务总览与导出",
        text: "“业务总览”列出本机构全部业务，可按状态、经办人筛选并导出 CSV（Excel 可直接打开）。",
        to: "/bank/claims",
        link: "业务总览",
      },
    ],
  },
  {
    slug: "bureau",
    title: "金融管理部门办事指南",
    audience: "市、区金融管理部门及信用办工作人员",
    steps: [
      {
        title: "导入信用数据",
        text: "在“信用数据 → 上传”选择数据类型，上传 CSV 或 XLSX；先预览再导入，被拒绝的行可下载原因。列名请按模板填写。",
        to: "/bureau/credit-data/upload",
        link: "上传信用数据",
      },
      {
        title: "下载数据模板",
        text: "每类数据都有 CSV 和 XLSX 模板，列名与导入程序读取的完全一致，第 2 行为示例。",
        to: "/help#templates",
        link: "模板下载",
      },
      {
        title: "处理异议",
        text: "在“异议处理”核实企业提出的异议，更正或维持原数据，结果通知企业。",
        to: "/bureau/objections",
        link: "异议处理",
      },
      {
        title: "月度统计报送",
        text: "在“月度报表”生成当月统计，核对后冻结；冻结后的报表数字不再变化，可导出 CSV / XLSX 报送。",
        to: "/bureau/reports",
        link: "月度报表",
      },
      {
        title: "推荐名单与政策",
        text: "按区县生成优质企业推荐名单推送给金融机构；在“政策直达”发布惠企政策。",
        to: "/bureau/recommendations",
        link: "推荐名单",
      },
    ],
  },
];

export const GUIDE_SLUGS = GUIDES.map((g) => g.slug);

export function guideOf(slug: string): Guide | undefined {
  return GUIDES.find((g) => g.slug === slug);
}

export type Faq = { q: string; a: string };

export const FAQ: readonly { topic: string; items: Faq[] }[] = [
  {
    topic: "注册与登录",
    items: [
      { q: "企业用什么登录？", a: "企业用 18 位统一社会信用代码作为用户名登录，密码为注册时设置的密码。" },
      {
        q: "提示“该代码已被注册”怎么办？",
        a: "如果本企业从未注册，可能被他人冒名注册：在注册页点“冒名注册申诉”，系统管理员核实后停用冒名账号。",
      },
      { q: "忘记密码或账号被锁定？", a: "连续输错密码会暂时锁定，稍后再试即可；仍无法登录请拨打本页的服务热线。" },
    ],
  },
  {
    topic: "融资需求与贷款",
    items: [
      { q: "信用贷款需要抵押吗？", a: "不需要。担保方式为“信用”的产品凭企业的信用数据授信，无需抵押或保证。" },
      {
        q: "发布需求后多久有银行联系？",
        a: `平台要求金融机构在需求发布后 ${CLAIM_WITHIN_WORKING_DAYS} 个工作日内受理，受理后 ${DECIDE_WITHIN_WORKING_DAYS} 个工作日内作出授信决定。`,
      },
      { q: "可以同时向几家银行申请吗？", a: "面向全部机构发布的需求可被多家机构受理；也可以在金融超市对某一产品直接申请。" },
    ],
  },
  {
    topic: "信用数据与授权",
    items: [
      {
        q: "银行能随便看我的信用数据吗？",
        a: "不能。只有企业授权的机构能在授权期限内查看详细数据，每次查看都记入企业可见的“查询记录”；企业可随时撤销授权。",
      },
      {
        q: "信用评分是怎么算的？",
        a: "依据水电气缴费、纳税、社保公积金和公共信用记录，按公开的评分卡计算，详见“评分方法”。缺少某月数据不会像逾期一样扣分。",
      },
      { q: "数据有误怎么办？", a: "在“信用数据”中对该项提出异议，金融管理部门核实后更正或答复，处理期间该项标注“异议中”。" },
    ],
  },
  {
    topic: "数据报送（金融管理部门、数据提供方）",
    items: [
      {
        q: "上传文件有什么格式要求？",
        a: "CSV（UTF-8 或 GBK 编码）或 XLSX，第 1 行为表头，列名用中文或英文字段代码均可；请从帮助中心下载模板。单个文件不超过 20 MB。",
      },
      {
        q: "部分行被拒绝怎么办？",
        a: "导入报告列出每个被拒绝行的行号、字段和原因，可下载 CSV，修改后只需重新上传这些行。同一份数据重复上传不会重复计入。",
      },
    ],
  },
];
