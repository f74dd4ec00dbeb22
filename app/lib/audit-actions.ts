/** The privileged actions the audit log records, in words an administrator reads (zh-CN). */
import { REGISTRY_CHECK_LABELS, ROLE_LABELS } from "~/domain/accounts";
import { REJECT_REASONS } from "~/domain/marketplace";
import { formatMoney, formatRateBp } from "~/lib/money";

const REJECT_REASON_TEXT: Record<string, string> = REJECT_REASONS;

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "user.create": "新增用户",
  "user.disable": "停用用户",
  "user.enable": "恢复用户",
  "user.password_reset_code": "发送忘记密码验证码",
  "user.password_reset_link": "发放密码重置链接（原密码与登录立即失效）",
  "user.password_reset": "重置密码",
  "claim.handover": "停用客户经理，移交在办案件",
  "user.sign_in": "登录",
  "enterprise.register": "企业注册",
  "enterprise.registry_check": "登记信息核验结果变化（市场监管登记信息更新后）",
  "registration_dispute.file": "提出冒名注册申诉",
  "registration_dispute.uphold": "冒名注册申诉成立，停用该注册",
  "registration_dispute.dismiss": "驳回冒名注册申诉",
  "institution.create": "机构入驻",
  "data_provider.create": "新增数据提供方",
  "data_provider.disable": "停用数据提供方",
  "data_provider.enable": "恢复数据提供方",
  "provider_token.issue": "签发推送令牌",
  "provider_token.revoke": "吊销推送令牌",
  "report.freeze": "冻结月报",
  "report.revision_open": "开启月报修订",
  "objection.file": "提出异议",
  "objection.uphold": "异议成立并更正",
  "objection.reject": "驳回异议",
  "claim.accept": "受理需求",
  "claim.grant": "授信",
  "claim.reject": "不予授信",
  "claim.cancel": "取消受理",
  "claim.disburse": "放款",
  "credit.read": "查看企业信用数据",
  "product.create": "新增产品",
  "product.update": "修改产品",
  "product.list": "产品上架",
  "product.delist": "产品下架",
  "authorization.grant": "授权查询",
  "authorization.revoke": "撤销授权",
  "authorization.narrow": "需求办结或到期，收窄需求授权",
  "scoring.calibrate": "校准评分模型",
  "scoring.activate": "启用评分模型",
  "scoring.rescore_all": "全量重新评分",
  "recommendation.build": "生成推荐名单",
  "recommendation.remove": "移出推荐名单",
  "recommendation.push": "推送推荐名单",
  "interception.override": "豁免失信拦截",
  "application.decline": "产品申请不予受理",
  "calendar.enter": "录入节假日安排通知",
  "calendar.correct": "更正节假日安排通知",
  "lpr.record": "录入 LPR 报价",
  "policy.create": "新建政策",
  "policy.update": "修改政策",
  "policy.publish": "发布政策",
  "policy.withdraw": "撤回政策",
  "risk_pool.create": "设立风险补偿资金池",
  "risk_pool.capital": "资金池追加出资",
  "risk_pool.activate": "资金池恢复新增入池",
  "risk_pool.deactivate": "资金池停止新增入池",
  "risk_pool.product_approve": "产品纳入资金池",
  "risk_pool.product_refuse": "产品不予纳入资金池",
  "risk_pool.compensation_approve": "代偿申请通过并支付",
  "risk_pool.compensation_refuse": "代偿申请不予通过",
  "repair.apply": "提交信用修复申请",
  "repair.resubmit": "补充材料并重新提交信用修复申请",
  "repair.withdraw": "撤回信用修复申请",
  "repair.accept": "同意信用修复",
  "repair.refuse": "不予信用修复",
  "repair.ask_more": "要求补充信用修复材料",
  "commitment.breach": "记录违诺",
};

/** Filter groups: the part of the action name before the dot. */
export const AUDIT_CATEGORIES = {
  user: "用户与账号",
  enterprise: "企业",
  registration_dispute: "冒名注册申诉",
  institution: "金融机构",
  data_provider: "数据提供方",
  provider_token: "推送令牌",
  report: "月度报表",
  objection: "异议",
  claim: "受理与授信放款",
  credit: "信用数据查询",
  product: "信贷产品",
  authorization: "授权",
  scoring: "评分模型",
  recommendation: "推荐名单",
  interception: "失信拦截",
  application: "产品申请",
  calendar: "工作日历",
  lpr: "LPR 报价",
  policy: "政策直达",
  risk_pool: "风险补偿",
  repair: "信用修复",
  commitment: "信用承诺",
} as const;
export type AuditCategory = keyof typeof AUDIT_CATEGORIES;

/** An export holds at most this many entries; narrow the dates for more. */
export const MAX_AUDIT_EXPORT_ROWS = 100_000;

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** What an entry acted on, in words: the kind of object (its name is looked up by the log's reader). */
export const AUDIT_TARGET_LABELS: Record<string, string> = {
  user: "用户",
  enterprise: "企业",
  institution: "机构",
  claim: "业务",
  need: "融资需求",
  product: "产品",
  policy: "政策",
  authorization: "授权",
  objection: "异议",
  data_provider: "数据提供方",
  provider_token: "推送令牌",
  monthly_report: "月度报表",
  score_model: "评分模型",
  recommendation_list: "推荐名单",
  recommendation_entry: "推荐名单条目",
  risk_pool: "风险补偿资金池",
  risk_pool_product: "资金池产品",
  compensation_claim: "代偿申请",
  holiday_notice: "节假日安排通知",
  lpr_publication: "LPR 报价",
  registration_dispute: "冒名注册申诉",
  credit_repair: "信用修复申请",
  commitment: "信用承诺",
};

export function auditTargetText(targetType: string, targetId: string, name: string | null): string {
  const kind = AUDIT_TARGET_LABELS[targetType] ?? targetType;
  return name ? `${kind}「${name}」` : `${kind} #${targetId}`;
}

const DETAIL_LABELS: Record<string, string> = {
  amountFen: "金额",
  capitalFen: "金额",
  rateBp: "年利率",
  termMonths: "期限",
  purpose: "用途",
  authorizationId: "授权",
  needId: "需求",
  loanId: "贷款",
  productId: "产品",
  username: "用户名",
  role: "角色",
  reasonCode: "原因",
  reason: "原因",
  note: "说明",
  disbursedOn: "放款日",
  month: "月份",
  revision: "修订版",
  version: "版本",
  name: "名称",
  title: "标题",
  label: "名称",
  expiresOn: "有效期至",
  channel: "渠道",
  enterpriseId: "企业",
  institutionId: "机构",
  status: "状态",
  ended: "结束的授权",
  created: "新建的授权",
  samples: "样本数",
  bads: "坏样本数",
  holdout: "留出样本检验",
  scored: "评分企业数",
  written: "写入评分数",
  asOfMonth: "数据截至",
  poolId: "资金池",
  notified: "通知企业数",
  sponsor: "出资方",
  lossShareBp: "分担比例",
  batchId: "批次",
  registryCheck: "登记信息核验",
  previousRegistryCheck: "原核验结果",
  differences: "不一致项",
};
const ID_KEYS = new Set([
  "authorizationId",
  "needId",
  "loanId",
  "productId",
  "institutionId",
  "enterpriseId",
  "itemId",
  "listId",
  "disputeId",
  "batchId",
]);

const CHECK_LABELS: Record<string, string> = REGISTRY_CHECK_LABELS;

function detailValue(key: string, value: unknown, labels: { roles: Record<string, string>; reasons: Record<string, string> }): string {
  if (value === null || value === undefined || value === "") return "—";
  if ((key === "registryCheck" || key === "previousRegistryCheck") && typeof value === "string") return CHECK_LABELS[value] ?? value;
  if ((key === "amountFen" || key === "capitalFen") && typeof value === "number") return formatMoney(value);
  if ((key === "rateBp" || key === "lossShareBp") && typeof value === "number") return formatRateBp(value);
  if (key === "termMonths") return `${String(value)} 个月`;
  if (key === "role" && typeof value === "string") return labels.roles[value] ?? value;
  if (key === "reasonCode" && typeof value === "string") return labels.reasons[value] ?? value;
  if (ID_KEYS.has(key)) return `#${String(value)}`;
  if (Array.isArray(value)) return value.map(String).join("、");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * An entry's detail as one readable zh-CN line ("金额：50.00 万元；年利率：3.85%；期限：12 个月"),
 * known keys by their names, the rest as they are; "" when there is none.
 */
export function auditDetailText(detailJson: string): string {
  let detail: unknown;
  try {
    detail = JSON.parse(detailJson);
  } catch {
    return detailJson;
  }
  if (!detail || typeof detail !== "object" || Array.isArray(detail)) return detailJson === "{}" ? "" : detailJson;
  const labels = { roles: ROLE_LABELS as Record<string, string>, reasons: REJECT_REASON_TEXT };
  return Object.entries(detail as Record<string, unknown>)
    .filter(([key, value]) => value !== undefined && !(key === "institutionId" && value === null))
    .map(([key, value]) => `${DETAIL_LABELS[key] ?? key}：${detailValue(key, value, labels)}`)
    .join("；");
}
