/** The privileged actions the audit log records, in words an administrator reads (zh-CN). */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  "user.create": "新增用户",
  "user.disable": "停用用户",
  "user.enable": "恢复用户",
  "enterprise.register": "企业注册",
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
  product: "信贷产品",
  authorization: "授权",
  scoring: "评分模型",
  recommendation: "推荐名单",
  interception: "失信拦截",
  calendar: "工作日历",
  lpr: "LPR 报价",
  policy: "政策直达",
  risk_pool: "风险补偿",
} as const;
export type AuditCategory = keyof typeof AUDIT_CATEGORIES;

/** An export holds at most this many entries; narrow the dates for more. */
export const MAX_AUDIT_EXPORT_ROWS = 100_000;

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
