/**
 * Setting a new password without the old one (docs/decisions/037-password-recovery-and-consent.md):
 * - 忘记密码: an enterprise asks for a 6-digit code with its account (USCC) and the contact phone it
 *   registered; the answer is the same whether or not they match. The code lasts 15 minutes, is stored
 *   as an argon2id hash, and works once;
 * - an administrator (the admin for anyone, a bank admin for their own officers) issues a one-time link,
 *   shown once; issuing it ends the user's sessions and the old password at once.
 * Every completed reset sets a password under the password policy, spends every other open reset of
 * the user, ends all their sessions and is audited. Hashing happens before each write transaction.
 */
import { randomBytes, randomInt } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { decoyPasswordHash, hashPassword, verifyPassword } from "~/auth/password.server";
import { deleteUserSessions, type SessionUser } from "~/auth/session.server";
import {
  INVALID_LINK_MESSAGE,
  RESET_CODE_DIGITS,
  RESET_CODE_TTL_MINUTES,
  RESET_LINK_TTL_HOURS,
  UNUSABLE_PASSWORD_HASH,
  WRONG_CODE_MESSAGE,
  type PasswordResetKind,
} from "~/domain/recovery";
import { sha256Hex } from "~/lib/canonical-json";
import { passwordProblem } from "~/lib/password-policy";
import { normalizeTyped } from "~/lib/text";
import type { AppDatabase, Tx } from "~db/connection";
import { enterprises, passwordResets, users } from "~db/schema";
import { managedUser } from "./accounts.server";
import { recordAudit } from "./audit.server";
import { fail, failFields, type FieldsRefused, type Outcome } from "./outcome";
import { deliverResetCode, type ResetCodeMessage } from "./reset-delivery.server";

const MINUTE_MS = 60_000;

/** How an account is typed on the form: a USCC or a username, either case, full-width or not. */
export function accountKey(account: string): string {
  return normalizeTyped(account).trim().toLowerCase();
}

/** A phone as digits only (0512-66668888 and 051266668888 are one number). */
function phoneDigits(phone: string): string {
  return normalizeTyped(phone).replace(/\D/g, "");
}

function newCode(): string {
  return String(randomInt(0, 10 ** RESET_CODE_DIGITS)).padStart(RESET_CODE_DIGITS, "0");
}

/** Marks every open reset of the user (of one kind, or all) as spent. */
function spendOpenResets(tx: Tx, userId: string, now: number, kind?: PasswordResetKind): void {
  const conditions = [eq(passwordResets.userId, userId), isNull(passwordResets.spentAt)];
  if (kind) conditions.push(eq(passwordResets.kind, kind));
  tx.update(passwordResets)
    .set({ spentAt: now })
    .where(and(...conditions))
    .run();
}

/** The enterprise account the form names, when its registered contact phone is the one typed and it may sign in. */
function enterpriseAccount(db: AppDatabase, account: string, phone: string) {
  const row = db
    .select({ userId: users.id, username: users.username, phone: enterprises.contactPhone })
    .from(users)
    .innerJoin(enterprises, eq(users.enterpriseId, enterprises.id))
    .where(
      and(eq(users.username, accountKey(account)), eq(users.role, "enterprise"), isNull(users.disabledAt), isNull(enterprises.disabledAt)),
    )
    .get();
  const digits = phoneDigits(phone);
  // Only a mobile number can receive a text message.
  if (!row || !/^1\d{10}$/.test(digits) || phoneDigits(row.phone) !== digits) return undefined;
  return row;
}

/**
 * 忘记密码, step one. Always the same answer: when the account and phone match, a new code replaces any
 * earlier one and is delivered; otherwise nothing happens. Hashing runs either way, so the time taken
 * says nothing either. `delivery` settles when the channel has answered (failures are logged, never
 * shown: the page must not differ); the route does not wait for it.
 */
export async function requestResetCode(
  db: AppDatabase,
  input: { account: string; phone: string },
  now: number,
  deliver: (message: ResetCodeMessage) => Promise<void> = deliverResetCode,
): Promise<{ delivery: Promise<void> }> {
  const code = newCode();
  const secretHash = await hashPassword(code);
  const target = enterpriseAccount(db, input.account, input.phone);
  if (!target) return { delivery: Promise.resolve() };
  db.transaction((tx) => {
    spendOpenResets(tx, target.userId, now, "code");
    tx.insert(passwordResets)
      .values({ userId: target.userId, kind: "code", secretHash, createdAt: now, expiresAt: now + RESET_CODE_TTL_MINUTES * MINUTE_MS })
      .run();
    recordAudit(tx, {
      actorUserId: null,
      action: "user.password_reset_code",
      targetType: "user",
      targetId: target.userId,
      detail: { username: target.username },
      at: now,
    });
  });
  const delivery = deliver({ phone: phoneDigits(target.phone), code, username: target.username }).catch((error: unknown) => {
    console.error(`忘记密码验证码发送失败（账号 ${target.username}）：${error instanceof Error ? error.message : String(error)}`);
  });
  return { delivery };
}

/** Sets the new password and ends everything the old one allowed, inside the caller's transaction. */
function completeReset(tx: Tx, user: { id: string; username: string }, via: PasswordResetKind, passwordHash: string, now: number) {
  tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
  spendOpenResets(tx, user.id, now);
  deleteUserSessions(tx, user.id);
  recordAudit(tx, {
    actorUserId: user.id,
    action: "user.password_reset",
    targetType: "user",
    targetId: user.id,
    detail: { username: user.username, via },
    at: now,
  });
}

/** 忘记密码, step two: the code and a new password. */
export async function resetPasswordWithCode(
  db: AppDatabase,
  input: { account: string; code: string; password: string },
  now: number,
): Promise<Outcome<{ userId: string }, FieldsRefused>> {
  const user = db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(and(eq(users.username, accountKey(input.account)), eq(users.role, "enterprise"), isNull(users.disabledAt)))
    .get();
  const open = user
    ? db
        .select({ id: passwordResets.id, secretHash: passwordResets.secretHash })
        .from(passwordResets)
        .where(
          and(
            eq(passwordResets.userId, user.id),
            eq(passwordResets.kind, "code"),
            isNull(passwordResets.spentAt),
            gt(passwordResets.expiresAt, now),
          ),
        )
        .orderBy(desc(passwordResets.id))
        .get()
    : undefined;
  // An unknown account or no open code costs the same argon2 time as a wrong code.
  const matches = await verifyPassword(open?.secretHash ?? (await decoyPasswordHash()), input.code);
  if (!user || !open || !matches) return failFields({ code: WRONG_CODE_MESSAGE });
  const problem = passwordProblem(input.password, user.username);
  if (problem) return failFields({ password: problem });
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    // Spent by a concurrent attempt while this one was hashing: single use means one of them wins.
    if (!spendReset(tx, open.id, now)) return failFields({ code: WRONG_CODE_MESSAGE });
    completeReset(tx, user, "code", passwordHash, now);
    return { ok: true as const, userId: user.id };
  });
}

/**
 * An administrator issues a one-time reset link: the admin for anyone but themself, a bank admin for
 * their own institution's officers (anyone else's user is missing, 404). The old password and every
 * session end at once; the token is returned once and only its digest is kept.
 */
/** Marks a code or link used; false when a concurrent attempt spent it first (single use: one of them wins). */
function spendReset(tx: Tx, resetId: number, now: number): boolean {
  return (
    tx
      .update(passwordResets)
      .set({ spentAt: now })
      .where(and(eq(passwordResets.id, resetId), isNull(passwordResets.spentAt)))
      .run().changes === 1
  );
}

export function issueResetLink(
  db: AppDatabase,
  actor: SessionUser,
  userId: string,
  now: number,
): Outcome<{ token: string; expiresAt: number; username: string; displayName: string }> {
  const token = randomBytes(32).toString("base64url");
  return db.transaction((tx) => {
    const target = managedUser(tx, actor, userId);
    if (!target) return fail(404, "找不到该用户", { code: "not_found" });
    if (target.id === actor.id) return fail(409, "不能为自己发放重置链接，请在“修改密码”页修改", { code: "self" });
    if (target.disabledAt !== null) return fail(409, "该账号已停用，请先恢复再重置密码", { code: "disabled" });
    const expiresAt = now + RESET_LINK_TTL_HOURS * 60 * MINUTE_MS;
    spendOpenResets(tx, target.id, now);
    tx.insert(passwordResets)
      .values({ userId: target.id, kind: "link", secretHash: sha256Hex(token), issuedByUserId: actor.id, createdAt: now, expiresAt })
      .run();
    tx.update(users).set({ passwordHash: UNUSABLE_PASSWORD_HASH }).where(eq(users.id, target.id)).run();
    deleteUserSessions(tx, target.id);
    recordAudit(tx, {
      actorUserId: actor.id,
      action: "user.password_reset_link",
      targetType: "user",
      targetId: target.id,
      detail: { username: target.username, role: target.role, expiresAt },
      at: now,
    });
    return { ok: true as const, token, expiresAt, username: target.username, displayName: target.displayName };
  });
}

function openLink(db: AppDatabase | Tx, token: string, now: number) {
  return db
    .select({ id: passwordResets.id, userId: users.id, username: users.username, displayName: users.displayName })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.secretHash, sha256Hex(token)),
        eq(passwordResets.kind, "link"),
        isNull(passwordResets.spentAt),
        gt(passwordResets.expiresAt, now),
        isNull(users.disabledAt),
      ),
    )
    .get();
}

/** Whose password a link resets, for the page to name the account; undefined when it no longer works. */
export function resetLinkHolder(db: AppDatabase, token: string, now: number): { username: string; displayName: string } | undefined {
  const link = openLink(db, token, now);
  return link && { username: link.username, displayName: link.displayName };
}

export async function resetPasswordWithLink(
  db: AppDatabase,
  input: { token: string; password: string },
  now: number,
): Promise<Outcome<{ userId: string }, FieldsRefused>> {
  const link = openLink(db, input.token, now);
  if (!link) return failFields({ _form: INVALID_LINK_MESSAGE }, 409);
  const problem = passwordProblem(input.password, link.username);
  if (problem) return failFields({ password: problem });
  const passwordHash = await hashPassword(input.password);
  return db.transaction((tx) => {
    if (!spendReset(tx, link.id, now)) return failFields({ _form: INVALID_LINK_MESSAGE }, 409);
    completeReset(tx, { id: link.userId, username: link.username }, "link", passwordHash, now);
    return { ok: true as const, userId: link.userId };
  });
}
