/** Password resets (忘记密码 codes and administrator-issued links) and the consents given at registration. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { LEGAL_DOCUMENTS, PASSWORD_RESET_KINDS } from "~/domain/recovery";
import { users } from "./accounts";

/**
 * One way to set a new password without the old one, single use. The secret is never stored: a code's
 * argon2id hash (a 6-digit code is too short for a plain digest), or a link token's SHA-256 digest.
 */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: PASSWORD_RESET_KINDS }).notNull(),
    secretHash: text("secret_hash").notNull(),
    /** The administrator who issued a link; null for a code the user asked for. */
    issuedByUserId: text("issued_by_user_id").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    /** When it was used, or superseded by a newer one of the user: either way it no longer works. */
    spentAt: integer("spent_at"),
  },
  (t) => [uniqueIndex("password_resets_secret_unique").on(t.secretHash), index("password_resets_user_idx").on(t.userId, t.kind)],
);

/** 同意记录: which version of which document a user consented to, and when. Append-only. */
export const userConsents = sqliteTable(
  "user_consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    document: text("document", { enum: LEGAL_DOCUMENTS }).notNull(),
    version: text("version").notNull(),
    consentedAt: integer("consented_at").notNull(),
  },
  (t) => [index("user_consents_user_idx").on(t.userId, t.document)],
);
