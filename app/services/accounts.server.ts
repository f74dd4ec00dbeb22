/**
 * Account workflows: enterprise self-registration, institutions and their staff, disabling users,
 * signing in and changing passwords. Password hashing (async) happens before each synchronous
 * write transaction, so a transaction never awaits.
 */
import { and, asc, count, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { decoyPasswordHash, hashPassword, verifyPassword } from "~/auth/password.server";
import { deleteUserSessions, newUserId, type SessionUser } from "~/auth/session.server";
import { compareWithRegistry, ROLES, USCC_TAKEN, type Role } from "~/domain/accounts";
import { OPEN_CLAIM_STATUSES } from "~/domain/marketplace";
import { LEGAL_DOCUMENT_VERSIONS, LEGAL_DOCUMENTS } from "~/domain/recovery";
import type { FieldErrors } from "~/lib/forms";
import { pageInfo, pageOffset, type PageInfo } from "~/lib/pagination";
import { passwordProblem } from "~/lib/password-policy";
import { containsPattern } from "~/lib/text";
import type { EnterpriseRegistration, InstitutionInput, OfficerInput, StaffUserInput } from "~/lib/validation/accounts";
import { sqliteErrorOf, type AppDatabase, type Tx } from "~db/connection";
import { businessRegistry, claims, CREDIT_ROW_TABLES, enterprises, institutions, isCurrentRow, userConsents, users } from "~db/schema";

/** An institution's short name, as messages to the other side name it ("" if there is none). */
export function institutionName(tx: Tx, institutionId: number): string {
  return tx.select({ name: institutions.shortName }).from(institutions).where(eq(institutions.id, institutionId)).get()?.name ?? "";
}

/**
 * A user as a signed-in session would carry them, for work done on their behalf outside a request
 * (the demo seed, tests): by id or username; undefined when there is no such user.
 */
export function actingUser(db: AppDatabase, who: { id: string } | { username: string }): SessionUser | undefined {
  const where = "id" in who ? eq(users.id, who.id) : eq(users.username, who.username.toLowerCase());
  const u = db.select().from(users).where(where).get();
  return u
    ? {
        id: u.id,
        username: u.username,
        role: u.role,
        displayName: u.displayName,
        enterpriseId: u.enterpriseId,
        institutionId: u.institutionId,
      }
    : undefined;
}
import { recordAudit } from "./audit.server";
import { recordNeedEvent } from "./need-events.server";
import { notify } from "./notifications.server";
import { fail, failFields, type FieldsRefused, type Outcome } from "./outcome";
import { rescoreEnterprises } from "./scoring.server";

const USERNAME_TAKEN = "该用户名已被使用";
export { USCC_TAKEN } from "~/domain/accounts";

function isUniqueViolation(error: unknown, column: string): boolean {
  const sqliteError = sqliteErrorOf(error);
  return sqliteError?.code === "SQLITE_CONSTRAINT_UNIQUE" && sqliteError.message.includes(column);
}

function usernameExists(tx: Tx, username: string): boolean {
  return tx.select({ id: users.id }).from(users).where(eq(users.username, username)).get() !== undefined;
}

/** An enterprise's login name is its USCC, lower-cased like every username. */
export function enterpriseUsername(uscc: string): string {
  return uscc.toLowerCase();
}

const REGISTRY_STATUS_WORDS = { deregistered: "已注销", revoked: "已被吊销营业执照" } as const;

/**
 * The form's firm against 存续企业登记注册, when the platform holds its record: a firm no longer in
 * existence cannot register, and the name and legal representative must be the registered ones.
 */
function registryProblems(db: AppDatabase | Tx, input: EnterpriseRegistration): { fieldErrors: FieldErrors; held: boolean } {
  const record = db
    .select()
    .from(businessRegistry)
    .where(and(eq(businessRegistry.uscc, input.uscc), isCurrentRow(businessRegistry)))
    .get();
  if (!record) return { fieldErrors: {}, held: false };
  const fieldErrors: FieldErrors = {};
  if (record.status !== "active") {
    fieldErrors.uscc = `市场监管部门登记信息显示该企业${REGISTRY_STATUS_WORDS[record.status]}，不能注册；如有疑问请联系平台管理员`;
  } else {
    const { differences } = compareWithRegistry(input, record);
    if (differences.includes("name")) fieldErrors.name = `企业名称与市场监管部门登记的名称不一致（登记名称：${record.name}）`;
    if (differences.includes("legalRepName")) fieldErrors.legalRepName = "法定代表人与市场监管部门登记信息不一致，请按营业执照填写";
  }
  return { fieldErrors, held: true };
}

/** Credit rows delivered for the firm's code before it registered become its own (whole-city files keep them). */
function attachCreditData(tx: Tx, enterpriseId: number, uscc: string): number {
  let attached = 0;
  for (const table of CREDIT_ROW_TABLES) {
    attached += tx
      .update(table)
      .set({ enterpriseId })
      .where(and(eq(table.uscc, uscc), isNull(table.enterpriseId)))
      .run().changes;
  }
  return attached;
}

export async function registerEnterprise(
  db: AppDatabase,
  input: EnterpriseRegistration,
  now: number,
): Promise<Outcome<{ userId: string; enterpriseId: number; attachedCreditRows: number }, FieldsRefused>> {
  const username = enterpriseUsername(input.uscc);
  if (
    db
      .select({ id: enterprises.id })
      .from(enterprises)
      .where(and(eq(enterprises.uscc, input.uscc), isNull(enterprises.disabledAt)))
      .get()
  ) {
    return failFields({ uscc: USCC_TAKEN });
  }
  const registry = registryProblems(db, input);
  if (Object.keys(registry.fieldErrors).length > 0) return failFields(registry.fieldErrors);
  const passwordHash = await hashPassword(input.password);
  try {
    const outcome = db.transaction((tx) => {
      const enterprise = tx
        .insert(enterprises)
        .values({
          uscc: input.uscc,
          name: input.name,
          districtCode: input.districtCode,
          industrySection: input.industrySection,
          size: input.size,
          establishedOn: input.establishedOn,
          legalRepName: input.legalRepName,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          registeredAt: now,
          registryCheck: registry.held ? "matched" : "not_held",
        })
        .returning({ id: enterprises.id })
        .get();
      const userId = newUserId();
      tx.insert(users)
        .values({
          id: userId,
          username,
          passwordHash,
          role: "enterprise",
          displayName: input.contactName,
          enterpriseId: enterprise.id,
          createdAt: now,
        })
        .run();
      // The form refuses a registration without consent; the versions in force are the ones shown beside the box.
      if (input.consent === "yes") {
        for (const document of LEGAL_DOCUMENTS) {
          tx.insert(userConsents).values({ userId, document, version: LEGAL_DOCUMENT_VERSIONS[document], consentedAt: now }).run();
        }
      }
      const attachedCreditRows = attachCreditData(tx, enterprise.id, input.uscc);
      recordAudit(tx, {
        actorUserId: userId,
        action: "enterprise.register",
        targetType: "enterprise",
        targetId: enterprise.id,
        detail: {
          uscc: input.uscc,
          name: input.name,
          registryCheck: registry.held ? "matched" : "not_held",
          attachedCreditRows,
          consented: input.consent === "yes" ? LEGAL_DOCUMENT_VERSIONS : null,
        },
        at: now,
      });
      return { ok: true as const, userId, enterpriseId: enterprise.id, attachedCreditRows };
    });
    // A firm that arrives with its history arrives with its score.
    if (outcome.attachedCreditRows > 0) rescoreEnterprises(db, [outcome.enterpriseId], now);
    return outcome;
  } catch (error) {
    // A concurrent registration of the same code won the race: the whole transaction rolled back.
    if (isUniqueViolation(error, "enterprises.uscc") || isUniqueViolation(error, "users.username")) {
      return failFields({ uscc: USCC_TAKEN });
    }
    throw error;
  }
}

/**
 * Checks a username and password. Unknown names cost the same time as wrong passwords. A refusal's
 * `code` says which: "invalid" (no such user or a wrong password: a failure the login limits count)
 * or "disabled" (the right password for a disabled account).
 */
export async function authenticate(
  db: AppDatabase,
  username: string,
  password: string,
  now: number,
): Promise<Outcome<{ userId: string; role: Role }>> {
  const user = db
    .select({ id: users.id, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.username, username.trim().toLowerCase()))
    .get();
  const matches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  if (!user || !matches) return fail(401, "用户名或密码不正确", { code: "invalid" });
  if (user.disabledAt !== null) return fail(403, "该账号已停用，请联系所在机构管理员或平台管理员", { code: "disabled" });
  db.transaction((tx) => {
    tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id)).run();
    recordAudit(tx, { actorUserId: user.id, action: "user.sign_in", targetType: "user", targetId: user.id, at: now });
  });
  return { ok: true, userId: user.id, role: user.role };
}

type NewStaffUser = {
  username: string;
  displayName: string;
  password: string;
  role: Exclude<Role, "enterprise">;
  institutionId: number | null;
};

/** Inserts a staff user inside the caller's transaction; the hash was computed beforehand. */
function insertStaffUser(tx: Tx, user: Omit<NewStaffUser, "password"> & { passwordHash: string }, now: number) {
  const id = newUserId();
  tx.insert(users)
    .values({
      id,
      username: user.username,
      passwordHash: user.passwordHash,
      role: user.role,
      displayName: user.displayName,
      institutionId: user.institutionId,
      createdAt: now,
    })
    .run();
  return id;
}

async function createStaffAccount(
  db: AppDatabase,
  actor: SessionUser,
  user: NewStaffUser,
  now: number,
): Promise<Outcome<{ userId: string }, FieldsRefused>> {
  if (usernameExists(db, user.username)) return failFields({ username: USERNAME_TAKEN });
  const passwordHash = await hashPassword(user.password);
  try {
    return db.transaction((tx) => {
      const userId = insertStaffUser(tx, { ...user, passwordHash }, now);
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "user.create",
        targetType: "user",
        targetId: userId,
        detail: { username: user.username, role: user.role, institutionId: user.institutionId },
        at: now,
      });
      return { ok: true as const, userId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users.username")) return failFields({ username: USERNAME_TAKEN });
    throw error;
  }
}

/** A bank admin adds an officer to their own institution. */
export function createOfficer(db: AppDatabase, actor: SessionUser, input: OfficerInput, now: number) {
  if (actor.role !== "bank_admin" || actor.institutionId === null) throw new Error("only a bank admin adds officers");
  return createStaffAccount(db, actor, { ...input, role: "bank_officer", institutionId: actor.institutionId }, now);
}

/** The admin adds a bureau analyst or another administrator. */
export function createStaffUser(db: AppDatabase, actor: SessionUser, input: StaffUserInput, now: number) {
  if (actor.role !== "admin") throw new Error("only the admin adds staff users");
  return createStaffAccount(db, actor, { ...input, institutionId: null }, now);
}

/** The bureau or admin admits an institution with its first bank admin, all or nothing. */
export async function createInstitution(
  db: AppDatabase,
  actor: SessionUser,
  input: InstitutionInput,
  now: number,
): Promise<Outcome<{ institutionId: number; adminUserId: string }, FieldsRefused>> {
  const fieldErrors: FieldErrors = {};
  if (db.select({ id: institutions.id }).from(institutions).where(eq(institutions.name, input.name)).get()) {
    fieldErrors.name = "该机构已入驻平台";
  }
  if (usernameExists(db, input.adminUsername)) fieldErrors.adminUsername = USERNAME_TAKEN;
  if (Object.keys(fieldErrors).length > 0) return failFields(fieldErrors);

  const passwordHash = await hashPassword(input.password);
  try {
    return db.transaction((tx) => {
      const institution = tx
        .insert(institutions)
        .values({ name: input.name, shortName: input.shortName, kind: input.kind, joinedAt: now })
        .returning({ id: institutions.id })
        .get();
      const adminUserId = insertStaffUser(
        tx,
        {
          username: input.adminUsername,
          displayName: input.adminDisplayName,
          passwordHash,
          role: "bank_admin",
          institutionId: institution.id,
        },
        now,
      );
      recordAudit(tx, {
        actorUserId: actor.id,
        action: "institution.create",
        targetType: "institution",
        targetId: institution.id,
        detail: { name: input.name, kind: input.kind, adminUsername: input.adminUsername },
        at: now,
      });
      return { ok: true as const, institutionId: institution.id, adminUserId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "institutions.name")) return failFields({ name: "该机构已入驻平台" });
    if (isUniqueViolation(error, "users.username")) {
      return failFields({ adminUsername: USERNAME_TAKEN });
    }
    throw error;
  }
}

/**
 * Who may disable whom (and reset whose password): the admin anyone but themself; a bank admin their
 * own institution's officers.
 */
export function mayManage(actor: SessionUser, target: { id: string; role: Role; institutionId: number | null }): boolean {
  if (actor.role === "admin") return true;
  if (actor.role === "bank_admin") return target.role === "bank_officer" && target.institutionId === actor.institutionId;
  return false;
}

/** A user the actor may manage (mayManage), or null — someone else's user is reported as missing, so ids cannot be probed. */
export function managedUser(tx: Tx, actor: SessionUser, userId: string) {
  const target = tx
    .select({
      id: users.id,
      role: users.role,
      institutionId: users.institutionId,
      username: users.username,
      displayName: users.displayName,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return target && mayManage(actor, target) ? target : null;
}

type Officer = { id: string; username: string; displayName: string; institutionId: number | null };

/**
 * Moves a leaving officer's open claims (受理 not yet decided, or granted and not yet disbursed) to a
 * colleague, inside the caller's transaction: each need's timeline and the colleague hear of it.
 */
function handOverClaims(tx: Tx, actor: SessionUser, from: Officer, to: Officer, open: { id: number; needId: number }[], now: number) {
  tx.update(claims)
    .set({ officerUserId: to.id })
    .where(
      inArray(
        claims.id,
        open.map((c) => c.id),
      ),
    )
    .run();
  for (const claim of open) {
    recordNeedEvent(tx, {
      needId: claim.needId,
      claimId: claim.id,
      type: "handed_over",
      actorUserId: actor.id,
      actorInstitutionId: from.institutionId,
      at: now,
      detail: { from: from.displayName, to: to.displayName },
    });
  }
  notify(tx, {
    to: { userId: to.id },
    kind: "claim_handover",
    title: `${from.displayName} 的 ${open.length} 件在办案件已移交给您`,
    body: `因 ${from.displayName} 的账号停用，以下受理改由您继续办理：${open.map((c) => `#${c.id}`).join("、")}。请尽快联系企业，避免超时。`,
    link: "/bank/claims",
    at: now,
  });
  recordAudit(tx, {
    actorUserId: actor.id,
    action: "claim.handover",
    targetType: "user",
    targetId: from.id,
    detail: { from: from.username, to: to.username, claimIds: open.map((c) => c.id) },
    at: now,
  });
}

export const HANDOVER_COLLEAGUE_MESSAGE = "接手人须为本机构其他在岗的客户经理";

/**
 * Disables or restores a user. An officer who holds open claims is disabled only with a colleague of
 * the same institution to hand them to (`handoverToUserId`), in the same transaction.
 */
export function setUserDisabled(
  db: AppDatabase,
  actor: SessionUser,
  userId: string,
  disabled: boolean,
  now: number,
  handoverToUserId?: string,
): Outcome<{ handedOver: number }> {
  return db.transaction((tx) => {
    const target = managedUser(tx, actor, userId);
    if (!target) return fail(404, "找不到该用户", { code: "not_found" });
    if (target.id === actor.id) return fail(409, "不能停用自己的账号", { code: "self" });
    const open = disabled
      ? tx
          .select({ id: claims.id, needId: claims.needId })
          .from(claims)
          .where(and(eq(claims.officerUserId, target.id), inArray(claims.status, OPEN_CLAIM_STATUSES)))
          .orderBy(asc(claims.id))
          .all()
      : [];
    if (open.length > 0) {
      if (!handoverToUserId) {
        const how = actor.role === "admin" ? "须由其所在机构管理员在“客户经理”页停用并指定接手同事" : "请选择接手的同事后再停用";
        return fail(409, `${target.displayName} 还有 ${open.length} 件在办案件，${how}`, {
          code: "handover_required",
          field: "handoverTo",
        });
      }
      const colleague = tx
        .select({
          id: users.id,
          username: users.username,
          displayName: users.displayName,
          institutionId: users.institutionId,
          role: users.role,
          disabledAt: users.disabledAt,
        })
        .from(users)
        .where(eq(users.id, handoverToUserId))
        .get();
      if (
        !colleague ||
        colleague.id === target.id ||
        colleague.role !== "bank_officer" ||
        colleague.disabledAt !== null ||
        colleague.institutionId !== target.institutionId
      ) {
        return fail(409, HANDOVER_COLLEAGUE_MESSAGE, { code: "bad_colleague", field: "handoverTo" });
      }
      handOverClaims(tx, actor, target, colleague, open, now);
    }
    tx.update(users)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(users.id, userId))
      .run();
    if (disabled) deleteUserSessions(tx, userId);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: disabled ? "user.disable" : "user.enable",
      targetType: "user",
      targetId: userId,
      detail: { username: target.username },
      at: now,
    });
    return { ok: true as const, handedOver: open.length };
  });
}

/** Open claims per officer of an institution, for the officers page (who needs a handover to be disabled). */
export function openClaimsByOfficer(db: AppDatabase, institutionId: number): Record<string, number> {
  const rows = db
    .select({ officerUserId: claims.officerUserId, n: count() })
    .from(claims)
    .where(and(eq(claims.institutionId, institutionId), inArray(claims.status, OPEN_CLAIM_STATUSES)))
    .groupBy(claims.officerUserId)
    .all();
  return Object.fromEntries(rows.map((r) => [r.officerUserId, r.n]));
}

export async function changePassword(
  db: AppDatabase,
  user: SessionUser,
  currentPassword: string,
  newPassword: string,
): Promise<Outcome<object, FieldsRefused>> {
  const row = db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id)).get();
  if (!row || !(await verifyPassword(row.passwordHash, currentPassword))) {
    return failFields({ currentPassword: "当前密码不正确" });
  }
  const problem = passwordProblem(newPassword, user.username);
  if (problem) return failFields({ password: problem });
  if (currentPassword === newPassword) return failFields({ password: "新密码不能与当前密码相同" });
  const passwordHash = await hashPassword(newPassword);
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    // Every other device is signed out; the caller starts a fresh session for this one.
    deleteUserSessions(tx, user.id);
  });
  return { ok: true };
}

export type StaffRow = {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** The institution's short name, or the enterprise's name for enterprise accounts. */
  institutionName: string | null;
  createdAt: number;
  disabledAt: number | null;
  lastLoginAt: number | null;
};

const staffColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  role: users.role,
  institutionName: institutions.shortName,
  createdAt: users.createdAt,
  disabledAt: users.disabledAt,
  lastLoginAt: users.lastLoginAt,
};

export function listInstitutionStaff(db: AppDatabase, institutionId: number): StaffRow[] {
  return db
    .select(staffColumns)
    .from(users)
    .leftJoin(institutions, eq(users.institutionId, institutions.id))
    .where(eq(users.institutionId, institutionId))
    .orderBy(asc(users.role), asc(users.username))
    .all();
}

export type UserFilter = { query?: string; role?: Role; page: number };

/** All accounts for the admin, newest first, filtered by role and by a name, username or USCC fragment. */
export function listUsers(db: AppDatabase, filter: UserFilter): { rows: StaffRow[]; page: PageInfo } {
  const conditions = [];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.query) {
    const pattern = containsPattern(filter.query);
    conditions.push(
      or(
        sql`${users.username} LIKE ${pattern.toLowerCase()} ESCAPE '\\'`,
        sql`${users.displayName} LIKE ${pattern} ESCAPE '\\'`,
        sql`${enterprises.name} LIKE ${pattern} ESCAPE '\\'`,
      ),
    );
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const total =
    db.select({ n: count() }).from(users).leftJoin(enterprises, eq(users.enterpriseId, enterprises.id)).where(where).get()?.n ?? 0;
  const page = pageInfo(total, filter.page);
  const rows = db
    .select({ ...staffColumns, institutionName: sql<string | null>`coalesce(${institutions.shortName}, ${enterprises.name})` })
    .from(users)
    .leftJoin(institutions, eq(users.institutionId, institutions.id))
    .leftJoin(enterprises, eq(users.enterpriseId, enterprises.id))
    .where(where)
    .orderBy(desc(users.createdAt), asc(users.username))
    .limit(page.pageSize)
    .offset(pageOffset(page))
    .all();
  return { rows, page };
}

export function listInstitutions(db: AppDatabase) {
  return db
    .select({
      id: institutions.id,
      name: institutions.name,
      shortName: institutions.shortName,
      kind: institutions.kind,
      joinedAt: institutions.joinedAt,
      disabledAt: institutions.disabledAt,
      staff: count(users.id),
    })
    .from(institutions)
    .leftJoin(users, eq(users.institutionId, institutions.id))
    .groupBy(institutions.id)
    .orderBy(asc(institutions.joinedAt), asc(institutions.id))
    .all();
}

export function getEnterpriseSummary(db: AppDatabase, enterpriseId: number) {
  return db.select().from(enterprises).where(eq(enterprises.id, enterpriseId)).get();
}

export function getInstitution(db: AppDatabase, institutionId: number) {
  return db.select().from(institutions).where(eq(institutions.id, institutionId)).get();
}

/** Headline counts for the public landing page. */
export function participantCounts(db: AppDatabase): { enterprises: number; institutions: number } {
  const e = db.select({ n: count() }).from(enterprises).get()?.n ?? 0;
  const i = db.select({ n: count() }).from(institutions).where(isNull(institutions.disabledAt)).get()?.n ?? 0;
  return { enterprises: e, institutions: i };
}

export function userCountsByRole(db: AppDatabase): Record<Role, { active: number; disabled: number }> {
  const counts = Object.fromEntries(ROLES.map((r) => [r, { active: 0, disabled: 0 }])) as Record<
    Role,
    { active: number; disabled: number }
  >;
  const rows = db
    .select({ role: users.role, disabled: sql<number>`${users.disabledAt} IS NOT NULL`, n: count() })
    .from(users)
    .groupBy(users.role, sql`${users.disabledAt} IS NOT NULL`)
    .all();
  for (const row of rows) counts[row.role][row.disabled ? "disabled" : "active"] = row.n;
  return counts;
}

/** The first administrator of a real deployment, created from the command line. */
export async function bootstrapAdmin(
  db: AppDatabase,
  input: { username: string; displayName: string; password: string },
  now: number,
): Promise<Outcome<{ userId: string }, FieldsRefused>> {
  if (usernameExists(db, input.username)) return failFields({ username: USERNAME_TAKEN });
  const problem = passwordProblem(input.password, input.username);
  if (problem) return failFields({ password: problem });
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    const userId = insertStaffUser(tx, { ...input, passwordHash, role: "admin", institutionId: null }, now);
    recordAudit(tx, {
      actorUserId: null,
      action: "user.create",
      targetType: "user",
      targetId: userId,
      detail: { username: input.username, role: "admin", via: "command line" },
      at: now,
    });
    return { ok: true as const, userId };
  });
}
