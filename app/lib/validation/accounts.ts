/** Schemas of the account forms: registration, login, staff accounts, institutions, password change. */
import * as v from "valibot";
import { passwordProblem } from "~/lib/password-policy";
import { normalizeTyped } from "~/lib/text";
import { ENTERPRISE_SIZES, INSTITUTION_KINDS } from "~/domain/accounts";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { CONSENT_REQUIRED_MESSAGE, RESET_CODE_DIGITS } from "~/domain/recovery";
import {
  calendarDateField,
  confirmedField,
  mobileOrLandlineField,
  pickField,
  requiredCheckbox,
  requiredText,
  usccField,
  usernameField,
} from "./fields";

/** Strength rules that need no other field, so they show in the same round as other field errors. */
const passwordInput = v.pipe(
  v.string("请填写密码"),
  v.rawCheck(({ dataset, addIssue }) => {
    const problem = dataset.typed ? passwordProblem(dataset.value) : null;
    if (problem) addIssue({ message: problem });
  }),
);

type WithPassword = { password: string; passwordConfirm: string };

/** The password policy (which needs the login name) as a check on the whole form, shown at `password`. */
function passwordPolicy<T extends WithPassword>(usernameOf: (input: T) => string) {
  const problem = (input: T) => passwordProblem(input.password, usernameOf(input));
  return v.forward<T, v.CheckIssue<T>, ["password"]>(
    v.check<T, (issue: v.CheckIssue<T>) => string>(
      (input) => problem(input) === null,
      (issue) => problem(issue.input as T) ?? "",
    ),
    ["password"] as never,
  );
}

function passwordConfirmed<T extends WithPassword>() {
  return v.forward<T, v.CheckIssue<T>, ["passwordConfirm"]>(
    v.check<T, string>((input) => input.password === input.passwordConfirm, "两次输入的密码不一致"),
    ["passwordConfirm"] as never,
  );
}

/** Adds the password rules to a form's object schema. */
function withPasswordRules<TEntries extends v.ObjectEntries>(
  entries: TEntries,
  usernameOf: (input: v.InferOutput<v.ObjectSchema<TEntries, undefined>> & WithPassword) => string,
) {
  type Output = v.InferOutput<v.ObjectSchema<TEntries, undefined>> & WithPassword;
  return v.pipe(
    v.object(entries) as unknown as v.GenericSchema<v.InferInput<v.ObjectSchema<TEntries, undefined>>, Output>,
    passwordPolicy<Output>(usernameOf),
    passwordConfirmed<Output>(),
  );
}

export function enterpriseRegistrationSchema(today: string) {
  return withPasswordRules(
    {
      uscc: usccField,
      name: requiredText("企业名称", 100, 2),
      districtCode: pickField(DISTRICT_CODES as [string, ...string[]], "请选择所在区县"),
      industrySection: pickField(INDUSTRY_CODES as [string, ...string[]], "请选择行业门类"),
      size: pickField(ENTERPRISE_SIZES, "请选择企业规模"),
      establishedOn: v.pipe(
        calendarDateField("成立日期"),
        v.check((date) => date <= today, "成立日期不能晚于今天"),
        v.check((date) => date >= "1949-10-01", "成立日期不能早于1949-10-01"),
      ),
      legalRepName: requiredText("法定代表人姓名", 30, 2),
      contactName: requiredText("联系人姓名", 30, 2),
      contactPhone: mobileOrLandlineField,
      password: passwordInput,
      passwordConfirm: v.string(),
      /** 同意《用户服务协议》和《隐私政策》 (the versions in force are recorded). */
      consent: requiredCheckbox(CONSENT_REQUIRED_MESSAGE),
    },
    (input) => input.uscc,
  );
}
export type EnterpriseRegistration = v.InferOutput<ReturnType<typeof enterpriseRegistrationSchema>>;

export const loginSchema = v.object({
  // Enterprises sign in with their USCC, which a phone IME may type in full-width.
  username: v.pipe(v.string("请填写用户名"), v.transform(normalizeTyped), v.nonEmpty("请填写用户名"), v.maxLength(64, "用户名过长")),
  password: v.pipe(v.string("请填写密码"), v.nonEmpty("请填写密码"), v.maxLength(256, "密码过长")),
  redirectTo: v.optional(v.string(), ""),
});

const staffAccountEntries = {
  username: usernameField,
  displayName: requiredText("姓名", 30, 2),
  password: passwordInput,
  passwordConfirm: v.string(),
};

/** A bank admin adds an officer to their own institution. */
export const officerSchema = withPasswordRules(staffAccountEntries, (input) => input.username);
export type OfficerInput = v.InferOutput<typeof officerSchema>;

/** The admin adds a bureau analyst or another administrator. */
export const staffUserSchema = withPasswordRules(
  { ...staffAccountEntries, role: pickField(["bureau", "admin"], "请选择角色") },
  (input) => input.username,
);
export type StaffUserInput = v.InferOutput<typeof staffUserSchema>;

/** The bureau (or admin) admits an institution together with its first bank admin. */
export const institutionSchema = withPasswordRules(
  {
    name: requiredText("机构全称", 60, 4),
    shortName: requiredText("机构简称", 20, 2),
    kind: pickField(INSTITUTION_KINDS, "请选择机构类型"),
    adminUsername: usernameField,
    adminDisplayName: requiredText("管理员姓名", 30, 2),
    password: passwordInput,
    passwordConfirm: v.string(),
  },
  (input) => input.adminUsername,
);
export type InstitutionInput = v.InferOutput<typeof institutionSchema>;

/** Changing one's own password; the policy's username rule is applied by the service, which knows it. */
const passwordChangeFields = v.object({
  currentPassword: v.pipe(v.string("请填写当前密码"), v.nonEmpty("请填写当前密码")),
  password: passwordInput,
  passwordConfirm: v.string(),
});
export const passwordChangeSchema = v.pipe(passwordChangeFields, passwordConfirmed<v.InferOutput<typeof passwordChangeFields>>());

const userIdField = v.pipe(v.string("缺少用户"), v.nonEmpty("缺少用户"), v.maxLength(64, "用户标识无效"));
/** The 停用 / 恢复 buttons on user lists; 停用 asks for confirmation. */
export const userStatusSchema = v.variant(
  "intent",
  [
    v.object({ intent: v.literal("disable"), userId: userIdField, confirm: confirmedField }),
    v.object({ intent: v.literal("enable"), userId: userIdField }),
  ],
  "未知操作",
);

/** 冒名注册申诉: someone says the code was registered by another; no account needed to file it. */
export const registrationDisputeSchema = v.object({
  uscc: usccField,
  claimantName: requiredText("企业名称", 100, 2),
  claimantLegalRepName: requiredText("法定代表人姓名", 30, 2),
  contactName: requiredText("联系人姓名", 30, 2),
  contactPhone: mobileOrLandlineField,
  statement: requiredText("申诉说明", 500, 10),
});
export type RegistrationDisputeInput = v.InferOutput<typeof registrationDisputeSchema>;

export const registrationDisputeDecisionSchema = v.object({
  decision: v.picklist(["upheld", "dismissed"], "请选择处理结果"),
  resolution: requiredText("处理说明", 500, 2),
});
export type RegistrationDisputeDecision = v.InferOutput<typeof registrationDisputeDecisionSchema>;

/** 忘记密码, step one: the account (USCC or username) and the contact phone registered with it. */
export const resetRequestSchema = v.object({
  account: v.pipe(
    v.string("请填写统一社会信用代码或用户名"),
    v.transform(normalizeTyped),
    v.nonEmpty("请填写统一社会信用代码或用户名"),
    v.maxLength(64, "账号过长"),
  ),
  phone: mobileOrLandlineField,
});

const newPasswordFields = {
  password: passwordInput,
  passwordConfirm: v.string(),
};

/** 忘记密码, step two: the code sent to the phone and the new password (the policy's username rule is the service's). */
const resetWithCodeFields = v.object({
  account: resetRequestSchema.entries.account,
  code: v.pipe(
    v.string("请填写验证码"),
    v.transform(normalizeTyped),
    v.nonEmpty("请填写验证码"),
    v.regex(new RegExp(`^\\d{${RESET_CODE_DIGITS}}$`), `验证码为${RESET_CODE_DIGITS}位数字`),
  ),
  ...newPasswordFields,
});
export const resetWithCodeSchema = v.pipe(resetWithCodeFields, passwordConfirmed<v.InferOutput<typeof resetWithCodeFields>>());

/** A new password through an administrator's one-time link. */
const resetWithLinkFields = v.object({
  token: v.pipe(v.string("重置链接无效"), v.nonEmpty("重置链接无效"), v.maxLength(100, "重置链接无效")),
  ...newPasswordFields,
});
export const resetWithLinkSchema = v.pipe(resetWithLinkFields, passwordConfirmed<v.InferOutput<typeof resetWithLinkFields>>());

/** 重置密码 on the user lists: a one-time link for the user. */
export const userResetSchema = v.object({
  intent: v.literal("reset", "未知操作"),
  userId: userIdField,
});

/** 停用 on the officers page, with the colleague who takes over the officer's open claims. */
export const officerDisableSchema = v.object({
  intent: v.literal("disable", "未知操作"),
  userId: userIdField,
  handoverTo: v.optional(v.pipe(v.string(), v.maxLength(64, "接手人无效")), ""),
});
