/** The five roles and where each lands after signing in. */
export const ROLES = ["enterprise", "bank_officer", "bank_admin", "bureau", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  enterprise: "企业用户",
  bank_officer: "客户经理",
  bank_admin: "机构管理员",
  bureau: "金融管理部门",
  admin: "系统管理员",
};

export const ROLE_HOME: Record<Role, string> = {
  enterprise: "/sme",
  bank_officer: "/bank",
  bank_admin: "/bank",
  bureau: "/bureau",
  admin: "/admin",
};

export const BANK_ROLES = ["bank_officer", "bank_admin"] as const satisfies readonly Role[];
