/**
 * Data providers (utilities, the tax bureau …) and their push-API tokens. A token is shown once when
 * issued; only its SHA-256 and a short prefix are stored. Every change is written to the audit log.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { PERMISSION_LABELS, permissionFor, type BatchKind, type ProviderPermission } from "~/domain/credit";
import { writeTransaction, type AppDatabase } from "~db/connection";
import { dataProviders, providerTokens } from "~db/schema";
import { recordAudit } from "./audit.server";
import { fail, failFields, type FieldsRefused, type Outcome } from "./outcome";

/** Recognisable in logs and secret scanners; the random part is 32 bytes, base64url. */
export const TOKEN_PREFIX = "xyd_";
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export type Provider = { id: number; name: string; sources: string[]; disabledAt: number | null };
export type ProviderToken = {
  id: number;
  prefix: string;
  label: string;
  createdAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
};
export type ProviderWithTokens = Provider & { createdAt: number; tokens: ProviderToken[] };

function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function listProviders(db: AppDatabase): ProviderWithTokens[] {
  const providers = db.select().from(dataProviders).orderBy(asc(dataProviders.name)).all();
  const tokens = db.select().from(providerTokens).orderBy(desc(providerTokens.createdAt), desc(providerTokens.id)).all();
  return providers.map((p) => ({
    id: p.id,
    name: p.name,
    sources: p.sources,
    createdAt: p.createdAt,
    disabledAt: p.disabledAt,
    tokens: tokens
      .filter((t) => t.providerId === p.id)
      .map((t) => ({
        id: t.id,
        prefix: t.prefix,
        label: t.label,
        createdAt: t.createdAt,
        revokedAt: t.revokedAt,
        lastUsedAt: t.lastUsedAt,
      })),
  }));
}

export function getProvider(db: AppDatabase, providerId: number): Provider | null {
  const p = db.select().from(dataProviders).where(eq(dataProviders.id, providerId)).get();
  return p ? { id: p.id, name: p.name, sources: p.sources, disabledAt: p.disabledAt } : null;
}

/**
 * The provider an uploaded file is delivered by, if it may deliver this kind (and source) of data:
 * `provider` is null for the bureau's own upload (no provider named). Refused under the upload form's
 * provider field when the provider is unknown, disabled or not allowed this data.
 */
export function uploadPermission(
  db: AppDatabase,
  providerId: number | null,
  kind: BatchKind,
  source: string | null,
): Outcome<{ provider: Provider | null }> {
  if (providerId === null) return { ok: true, provider: null };
  const provider = getProvider(db, providerId);
  if (!provider || provider.disabledAt !== null) return fail(400, "该数据提供方不存在或已停用", { field: "providerId" });
  const permission = permissionFor(kind, source);
  if (permission !== null && !provider.sources.includes(permission)) {
    return fail(400, `该提供方无权报送${PERMISSION_LABELS[permission as ProviderPermission]}数据`, { field: "providerId" });
  }
  return { ok: true, provider };
}

/** The provider a confirmed upload is imported for, asked again: it may have been disabled since the preview. */
export function importProvider(db: AppDatabase, providerId: number | null): Outcome<{ provider: Provider | null }> {
  const provider = providerId === null ? null : getProvider(db, providerId);
  if (provider && provider.disabledAt !== null) return fail(409, `数据提供方“${provider.name}”已停用，不能再导入其数据`);
  return { ok: true, provider };
}

export function createProvider(
  db: AppDatabase,
  actorUserId: string,
  input: { name: string; sources: string[] },
  now: number,
): Outcome<{ providerId: number }, FieldsRefused> {
  return writeTransaction(db, (tx) => {
    if (tx.select({ id: dataProviders.id }).from(dataProviders).where(eq(dataProviders.name, input.name)).get()) {
      return failFields({ name: "已有同名的数据提供方" });
    }
    const providerId = tx
      .insert(dataProviders)
      .values({ name: input.name, sources: input.sources, createdAt: now })
      .returning({ id: dataProviders.id })
      .get().id;
    recordAudit(tx, {
      actorUserId,
      action: "data_provider.create",
      targetType: "data_provider",
      targetId: providerId,
      detail: input,
      at: now,
    });
    return { ok: true as const, providerId };
  });
}

export function setProviderDisabled(db: AppDatabase, actorUserId: string, providerId: number, disabled: boolean, now: number): boolean {
  return writeTransaction(db, (tx) => {
    const changed = tx
      .update(dataProviders)
      .set({ disabledAt: disabled ? now : null })
      .where(eq(dataProviders.id, providerId))
      .returning({ id: dataProviders.id })
      .get();
    if (!changed) return false;
    recordAudit(tx, {
      actorUserId,
      action: disabled ? "data_provider.disable" : "data_provider.enable",
      targetType: "data_provider",
      targetId: providerId,
      at: now,
    });
    return true;
  });
}

/** A new token for an enabled provider; the returned `token` is the only time it is ever seen. */
export function issueToken(
  db: AppDatabase,
  actorUserId: string,
  input: { providerId: number; label: string },
  now: number,
): Outcome<{ token: string; tokenId: number }, FieldsRefused> {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const prefix = token.slice(0, DISPLAY_PREFIX_LENGTH);
  return writeTransaction(db, (tx) => {
    const provider = tx.select().from(dataProviders).where(eq(dataProviders.id, input.providerId)).get();
    if (!provider) return failFields({ providerId: "数据提供方不存在" });
    if (provider.disabledAt !== null) return failFields({ providerId: "该数据提供方已停用，请先启用" });
    const tokenId = tx
      .insert(providerTokens)
      .values({
        providerId: provider.id,
        tokenHash: hashToken(token),
        prefix,
        label: input.label,
        createdAt: now,
        createdByUserId: actorUserId,
      })
      .returning({ id: providerTokens.id })
      .get().id;
    recordAudit(tx, {
      actorUserId,
      action: "provider_token.issue",
      targetType: "provider_token",
      targetId: tokenId,
      detail: { providerId: provider.id, prefix, label: input.label },
      at: now,
    });
    return { ok: true as const, token, tokenId };
  });
}

/** Revokes a token that is still active; false when there is no such token or it was already revoked. */
export function revokeToken(db: AppDatabase, actorUserId: string, tokenId: number, now: number): boolean {
  return writeTransaction(db, (tx) => {
    const revoked = tx
      .update(providerTokens)
      .set({ revokedAt: now })
      .where(and(eq(providerTokens.id, tokenId), isNull(providerTokens.revokedAt)))
      .returning({ providerId: providerTokens.providerId, prefix: providerTokens.prefix })
      .get();
    if (!revoked) return false;
    recordAudit(tx, {
      actorUserId,
      action: "provider_token.revoke",
      targetType: "provider_token",
      targetId: tokenId,
      detail: revoked,
      at: now,
    });
    return true;
  });
}

/**
 * The provider behind an `Authorization: Bearer …` header, or null (missing or unknown token, revoked
 * token, disabled provider). Marks the token as used.
 */
export function authenticateProviderToken(db: AppDatabase, authorization: string | null, now: number): Provider | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match || !match[1]!.startsWith(TOKEN_PREFIX)) return null;
  const row = db
    .select({ tokenId: providerTokens.id, provider: dataProviders })
    .from(providerTokens)
    .innerJoin(dataProviders, eq(dataProviders.id, providerTokens.providerId))
    .where(and(eq(providerTokens.tokenHash, hashToken(match[1]!)), isNull(providerTokens.revokedAt), isNull(dataProviders.disabledAt)))
    .get();
  if (!row) return null;
  db.update(providerTokens).set({ lastUsedAt: now }).where(eq(providerTokens.id, row.tokenId)).run();
  const p = row.provider;
  return { id: p.id, name: p.name, sources: p.sources, disabledAt: p.disabledAt };
}
