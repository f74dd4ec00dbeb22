/**
 * Each role's tasks, in the order its navigation shows them. `ready: false` marks a screen a later
 * issue builds: the navigation and home page say so instead of linking to a page that does not exist.
 */
import type { Role } from "~/domain/accounts";

/** Where each role lands after signing in. */
export const ROLE_HOME: Record<Role, string> = {
  enterprise: "/sme",
  bank_officer: "/bank",
  bank_admin: "/bank",
  bureau: "/bureau",
  admin: "/admin",
};

export type NavItem = {
  to: string;
  label: string;
  description: string;
  ready: boolean;
};

/** Every role's way to the help pages (FAQ, 办事指南, templates, hotline). */
const help: NavItem = { to: "/help", label: "帮助中心", description: "常见问题、办事指南、数据模板和服务热线", ready: true };

const changePassword: NavItem = {
  to: "/account/password",
  label: "修改密码",
  description: "定期更换登录密码，保护账号安全",
  ready: true,
};

export const NAVIGATION: Record<Role, NavItem[]> = {
  enterprise: [
    { to: "/sme", label: "工作台", description: "企业首页", ready: true },
    { to: "/sme/needs", label: "融资需求", description: "发布、修改、撤回融资需求，查看办理进度", ready: true },
    { to: "/products", label: "金融超市", description: "浏览各机构信贷产品并在线申请", ready: true },
    { to: "/sme/score", label: "信用评分", description: "本企业的信用评分、等级、加减分原因与提升建议", ready: true },
    { to: "/sme/credit", label: "信用数据", description: "查看本企业水电气、纳税、社保等信用数据与评分", ready: true },
    { to: "/sme/authorizations", label: "授权管理", description: "管理金融机构查询本企业信用数据的授权", ready: true },
    { to: "/sme/query-log", label: "查询记录", description: "查看每一次信用数据被查询的记录", ready: true },
    { to: "/sme/objections", label: "异议", description: "对信用数据提出的异议及处理结果", ready: true },
    { to: "/sme/repairs", label: "信用修复", description: "对行政处罚、失信名单记录申请信用修复，查看审核进度", ready: true },
    { to: "/sme/policies", label: "可享政策", description: "本企业符合条件的贴息、担保费补贴、首贷奖励等惠企政策", ready: true },
    changePassword,
    help,
  ],
  bank_officer: [
    { to: "/bank", label: "工作台", description: "客户经理首页", ready: true },
    { to: "/bank/applicants", label: "需求队列", description: "本机构产品可服务的待受理融资需求", ready: true },
    { to: "/bank/applications", label: "产品申请", description: "企业对本机构产品的全部申请，受理或不予受理", ready: true },
    { to: "/bank/claims", label: "我的业务", description: "已受理需求的授信、放款与贷后状态", ready: true },
    { to: "/bank/enterprises", label: "企业查询", description: "按名称或统一社会信用代码查找有业务往来或已授权的企业", ready: true },
    { to: "/bank/maturities", label: "贷款到期", description: "本机构 30 / 60 天内到期及已到期未结清的贷款", ready: true },
    { to: "/bank/renewals", label: "续贷申请", description: "企业到期前提出的无还本续贷申请，审批同意或不同意", ready: true },
    { to: "/bank/products", label: "本行产品", description: "本机构在金融超市的信贷产品", ready: true },
    { to: "/bank/pools", label: "风险补偿", description: "产品申请纳入风险补偿资金池，入池贷款、代偿申请与回收", ready: true },
    { to: "/bank/recommendations", label: "推荐名单", description: "各区县推送的优质企业名单", ready: true },
    changePassword,
    help,
  ],
  bank_admin: [
    { to: "/bank", label: "工作台", description: "机构管理员首页", ready: true },
    { to: "/bank/officers", label: "客户经理", description: "新增、停用本机构客户经理账号", ready: true },
    { to: "/bank/products", label: "产品管理", description: "维护本机构信贷产品，上架与下架", ready: true },
    { to: "/bank/applicants", label: "需求队列", description: "本机构产品可服务的待受理融资需求", ready: true },
    { to: "/bank/applications", label: "产品申请", description: "企业对本机构产品的全部申请，受理或不予受理", ready: true },
    { to: "/bank/claims", label: "业务总览", description: "本机构受理、授信、放款情况", ready: true },
    { to: "/bank/enterprises", label: "企业查询", description: "按名称或统一社会信用代码查找有业务往来或已授权的企业", ready: true },
    { to: "/bank/maturities", label: "贷款到期", description: "本机构 30 / 60 天内到期及已到期未结清的贷款", ready: true },
    { to: "/bank/renewals", label: "续贷申请", description: "企业到期前提出的无还本续贷申请，审批同意或不同意", ready: true },
    { to: "/bank/recommendations", label: "推荐名单", description: "各区县推送给本机构的优质企业名单", ready: true },
    { to: "/bank/pools", label: "风险补偿", description: "产品申请纳入风险补偿资金池，入池贷款、代偿申请与回收", ready: true },
    changePassword,
    help,
  ],
  bureau: [
    { to: "/bureau", label: "工作台", description: "金融管理部门首页", ready: true },
    { to: "/bureau/dashboard", label: "统计看板", description: "信易贷月度指标与趋势", ready: true },
    { to: "/bureau/reports", label: "月度报表", description: "生成、冻结并导出信易贷工作统计表", ready: true },
    { to: "/bureau/institutions", label: "金融机构", description: "机构入驻登记及首个管理员账号", ready: true },
    { to: "/bureau/credit-data", label: "信用数据", description: "数据导入、同步批次与数据提供方令牌", ready: true },
    { to: "/bureau/objections", label: "异议处理", description: "处理企业对信用数据提出的异议", ready: true },
    { to: "/bureau/repairs", label: "信用修复", description: "审核企业的信用修复申请，查看违诺记录", ready: true },
    { to: "/bureau/recommendations", label: "推荐名单", description: "按区县生成并推送优质企业名单", ready: true },
    { to: "/bureau/pools", label: "风险补偿", description: "风险补偿资金池：出资、纳入产品、入池贷款、代偿审核与回收", ready: true },
    { to: "/bureau/scoring", label: "评分模型", description: "用贷款结果校准评分卡，对比并启用版本", ready: true },
    { to: "/bureau/policies", label: "政策直达", description: "发布惠企政策，按适用对象通知企业并统计触达", ready: true },
    changePassword,
    help,
  ],
  admin: [
    { to: "/admin", label: "工作台", description: "系统管理员首页", ready: true },
    { to: "/admin/users", label: "用户管理", description: "新增管理部门与管理员账号，停用或恢复任何账号", ready: true },
    { to: "/admin/registration-disputes", label: "冒名注册申诉", description: "核实企业提出的冒名注册申诉，停用冒名注册", ready: true },
    { to: "/bureau/institutions", label: "金融机构", description: "机构入驻登记及首个管理员账号", ready: true },
    { to: "/bureau/reports", label: "月度报表", description: "查看报表，开启冻结报表的修订", ready: true },
    { to: "/admin/calendar", label: "工作日历", description: "录入、更正国务院办公厅每年的节假日安排通知", ready: true },
    { to: "/admin/lpr", label: "LPR 报价", description: "录入每月公布的贷款市场报价利率，决定利率上限", ready: true },
    { to: "/admin/audit", label: "审计日志", description: "特权操作的完整记录", ready: true },
    changePassword,
    help,
  ],
};
