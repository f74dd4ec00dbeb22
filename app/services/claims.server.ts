/**
 * The institution's side of a claim: claiming (接单) a need atomically, granting (授信) or rejecting,
 * withdrawing the claim and disbursing (放款). Every move is checked by app/domain/lifecycle.ts,
 * recorded in the need's event log and told to the enterprise, in one transaction. The institution's
 * list and page of its claims are claim-views.server.ts; the queue of needs to claim queue.server.ts;
 * loans after disbursement loans.server.ts; the service-level sweep service-levels.server.ts.
 *
 * Claim policy (docs/decisions/003-claim-policy.md): a need open to all may be claimed by several
 * institutions, each at most once (unique index on need × institution); a need aimed at a product
 * only by that product's institution.
 */
import { and, eq } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { meetsMinGrade } from "~/lib/eligibility";
import { claimTransition, needTransition } from "~/domain/lifecycle";
import { formatMoney, formatRateBp } from "~/lib/money";
import { dateOf, startOfDate } from "~/lib/time";
import type { GrantInput } from "~/lib/validation/marketplace";
import { sqliteErrorOf, writeTransaction, type AppDatabase, type Tx } from "~db/connection";
import {
  CONFIRM_BELOW_GRANT_SHARE,
  disbursementFloorFen,
  type DisbursementChannel,
  REJECT_REASONS,
  type RejectReason,
} from "~/domain/marketplace";
import { claims, institutions, loans, needs, products } from "~db/schema";
import { recordAudit } from "./audit.server";
import { settleNeedAuthorizations } from "./authorizations.server";
import { institutionName } from "./accounts.server";
import { interceptionGate } from "./interception.server";
import { recordNeedEvent } from "./need-events.server";
import { enrolLoanInRiskPool } from "./risk-pools.server";
import { cancelClaimsInProgress, effectiveNeedStatus } from "./needs.server";
import { notify } from "./notifications.server";
import { fail, type Outcome } from "./outcome";
import { currentScore } from "./scoring.server";

// ---- claiming and deciding ----------------------------------------------------------------------

const alreadyClaimed = fail(409, "本机构已受理该需求（可能是同事刚刚受理），请在“我的业务”中查看");

export function claimNeed(db: AppDatabase, officer: SessionUser, needId: number, now: number): Outcome<{ claimId: number }> {
  const institutionId = officer.institutionId!;
  try {
    return writeTransaction(db, (tx) => {
      const need = tx.select().from(needs).where(eq(needs.id, needId)).get();
      if (!need) return fail(404, "找不到该需求");
      const move = needTransition(effectiveNeedStatus(need.status, need.expiresOn, now), "claim");
      if (!move.ok) return fail(409, move.message);
      if (need.targetProductId !== null) {
        const product = tx
          .select({ institutionId: products.institutionId })
          .from(products)
          .where(eq(products.id, need.targetProductId))
          .get();
        if (product?.institutionId !== institutionId) return fail(404, "找不到该需求");
      }
      if (
        tx
          .select({ id: claims.id })
          .from(claims)
          .where(and(eq(claims.needId, needId), eq(claims.institutionId, institutionId)))
          .get()
      )
        return alreadyClaimed;
      const gate = interceptionGate(
        db,
        tx,
        { institutionId, needId, enterpriseId: need.enterpriseId, claimId: null, action: "claim", userId: officer.id },
        now,
      );
      if (!gate.ok) return gate;
      const claimId = tx
        .insert(claims)
        .values({ needId, institutionId, officerUserId: officer.id, status: "claimed", claimedAt: now })
        .returning({ id: claims.id })
        .get().id;
      gate.passed(claimId);
      recordNeedEvent(tx, { needId, claimId, type: "claimed", actorUserId: officer.id, actorInstitutionId: institutionId, at: now });
      recordAudit(tx, {
        actorUserId: officer.id,
        action: "claim.accept",
        targetType: "claim",
        targetId: claimId,
        detail: { needId },
        at: now,
      });
      const institution = tx.select({ name: institutions.shortName }).from(institutions).where(eq(institutions.id, institutionId)).get()!;
      notify(tx, {
        to: { enterpriseId: need.enterpriseId },
        kind: "need.claimed",
        title: "金融机构已受理您的需求",
        body: `${institution.name}受理了您的融资需求 #${needId}，客户经理将与您联系`,
        link: `/sme/needs/${needId}`,
        at: now,
      });
      return { ok: true as const, claimId };
    });
  } catch (error) {
    if (sqliteErrorOf(error)?.code === "SQLITE_CONSTRAINT_UNIQUE") return alreadyClaimed;
    throw error;
  }
}

/** A claim of the officer's institution with its need, or undefined (another bank's is "not found"). */
function ownClaim(tx: Tx, officer: SessionUser, claimId: number) {
  return tx
    .select({ claim: claims, need: needs })
    .from(claims)
    .innerJoin(needs, eq(claims.needId, needs.id))
    .where(and(eq(claims.id, claimId), eq(claims.institutionId, officer.institutionId ?? -1)))
    .get();
}

function decisionOf(officer: SessionUser, found: NonNullable<ReturnType<typeof ownClaim>>, action: "grant" | "disburse") {
  return {
    institutionId: found.claim.institutionId,
    needId: found.need.id,
    enterpriseId: found.need.enterpriseId,
    claimId: found.claim.id,
    action,
    userId: officer.id,
  };
}

export function grantClaim(db: AppDatabase, officer: SessionUser, claimId: number, input: GrantInput, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return fail(404, "找不到该业务");
    const move = claimTransition(found.claim.status, "grant");
    if (!move.ok) return fail(409, move.message);
    const product = tx
      .select()
      .from(products)
      .where(and(eq(products.id, input.productId), eq(products.institutionId, officer.institutionId!)))
      .get();
    const invalid = (field: string, message: string) => fail(400, message, { field });
    if (!product) return invalid("productId", "请选择本机构的产品");
    if (input.amount > found.need.amountFen && !input.exceedsRequest) {
      return invalid("amount", `授信金额超过企业申请的 ${formatMoney(found.need.amountFen)}；如确需超额授信，请勾选“超过申请金额”`);
    }
    if (input.amount < product.amountMinFen || input.amount > product.amountMaxFen) {
      return invalid("amount", `授信金额须在产品额度 ${formatMoney(product.amountMinFen)}–${formatMoney(product.amountMaxFen)} 内`);
    }
    if (input.rate < product.rateMinBp || input.rate > product.rateMaxBp) {
      return invalid("rate", `年利率须在产品利率 ${formatRateBp(product.rateMinBp)}–${formatRateBp(product.rateMaxBp)} 内`);
    }
    if (found.need.rateCeilingBp !== null && input.rate > found.need.rateCeilingBp) {
      return invalid("rate", `年利率高于企业可接受的最高利率 ${formatRateBp(found.need.rateCeilingBp)}`);
    }
    if (input.termMonths < product.termMinMonths || input.termMonths > product.termMaxMonths) {
      return invalid("termMonths", `期限须在产品期限 ${product.termMinMonths}–${product.termMaxMonths} 个月内`);
    }
    if (!product.guaranteeModes.includes(input.guaranteeMode)) return invalid("guaranteeMode", "该产品不提供所选担保方式");
    if (product.minGrade !== null) {
      const grade = currentScore(db, found.need.enterpriseId)?.grade ?? null;
      if (!meetsMinGrade(grade, product.minGrade)) {
        return invalid(
          "productId",
          `该产品要求企业信用等级不低于 ${product.minGrade} 级，该企业${grade === null ? "尚无信用等级" : `当前为 ${grade} 级`}`,
        );
      }
    }
    const gate = interceptionGate(db, tx, decisionOf(officer, found, "grant"), now);
    if (!gate.ok) return gate;
    gate.passed(claimId);
    tx.update(claims)
      .set({
        status: move.to,
        decidedAt: now,
        grantedAt: now,
        grantedProductId: product.id,
        grantedAmountFen: input.amount,
        grantedRateBp: input.rate,
        grantedTermMonths: input.termMonths,
        grantedGuaranteeMode: input.guaranteeMode,
      })
      .where(eq(claims.id, claimId))
      .run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      type: "granted",
      actorUserId: officer.id,
      actorInstitutionId: officer.institutionId,
      at: now,
      detail: { amountFen: input.amount, rateBp: input.rate, termMonths: input.termMonths, productId: product.id },
    });
    recordAudit(tx, {
      actorUserId: officer.id,
      action: "claim.grant",
      targetType: "claim",
      targetId: claimId,
      detail: { needId: found.need.id, amountFen: input.amount, rateBp: input.rate, termMonths: input.termMonths, productId: product.id },
      at: now,
    });
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.granted",
      title: "获得授信",
      body: `${institutionName(tx, officer.institutionId!)}向您授信 ${formatMoney(input.amount)}，年利率 ${formatRateBp(input.rate)}，期限 ${input.termMonths} 个月`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

export function rejectClaim(
  db: AppDatabase,
  officer: SessionUser,
  claimId: number,
  reasonCode: RejectReason,
  note: string,
  now: number,
): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return fail(404, "找不到该业务");
    const move = claimTransition(found.claim.status, "reject");
    if (!move.ok) return fail(409, move.message);
    tx.update(claims)
      .set({ status: move.to, decidedAt: now, rejectReasonCode: reasonCode, rejectNote: note || null })
      .where(eq(claims.id, claimId))
      .run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      type: "rejected",
      actorUserId: officer.id,
      actorInstitutionId: officer.institutionId,
      at: now,
      detail: { reasonCode, note },
    });
    recordAudit(tx, {
      actorUserId: officer.id,
      action: "claim.reject",
      targetType: "claim",
      targetId: claimId,
      detail: { needId: found.need.id, reasonCode, note },
      at: now,
    });
    settleNeedAuthorizations(tx, found.need.id, now);
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.rejected",
      title: "授信未通过",
      body: `${institutionName(tx, officer.institutionId!)}未能为需求 #${found.need.id} 授信：${REJECT_REASONS[reasonCode]}${note ? `（${note}）` : ""}`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

/** The officer withdraws a claim before deciding (e.g. taken by mistake). */
export function cancelClaim(db: AppDatabase, officer: SessionUser, claimId: number, note: string, now: number): Outcome {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return fail(404, "找不到该业务");
    const move = claimTransition(found.claim.status, "withdraw");
    if (!move.ok) return fail(409, move.message);
    tx.update(claims)
      .set({ status: move.to, decidedAt: now, internalNote: note || null })
      .where(eq(claims.id, claimId))
      .run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      type: "cancelled",
      actorUserId: officer.id,
      actorInstitutionId: officer.institutionId,
      at: now,
      detail: { reason: "机构取消受理" },
    });
    recordAudit(tx, {
      actorUserId: officer.id,
      action: "claim.cancel",
      targetType: "claim",
      targetId: claimId,
      detail: { needId: found.need.id },
      at: now,
    });
    settleNeedAuthorizations(tx, found.need.id, now);
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.cancelled",
      title: "金融机构取消受理",
      body: `${institutionName(tx, officer.institutionId!)}取消了对需求 #${found.need.id} 的受理，需求仍可由其他机构受理`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    return { ok: true as const };
  });
}

export type DisburseInput = {
  amount: number;
  disbursedOn: string;
  /** Where the money goes; the firm's bank account unless given. */
  channel?: DisbursementChannel;
  /** Ticked: the officer confirms an amount under half of the grant. */ confirmBelowHalf?: boolean;
};

export function disburseClaim(
  db: AppDatabase,
  officer: SessionUser,
  claimId: number,
  input: DisburseInput,
  now: number,
): Outcome<{ loanId: number }> {
  return writeTransaction(db, (tx) => {
    const found = ownClaim(tx, officer, claimId);
    if (!found) return fail(404, "找不到该业务");
    const move = claimTransition(found.claim.status, "disburse");
    if (!move.ok) return fail(409, move.message);
    const claim = found.claim;
    const granted = claim.grantedAmountFen!;
    if (input.amount > granted) {
      return fail(400, `放款金额不能超过授信金额 ${formatMoney(granted)}`, { field: "amount" });
    }
    // A token disbursement would close the need, end other banks' claims and count a 首贷户.
    const product =
      claim.grantedProductId === null
        ? undefined
        : tx.select({ amountMinFen: products.amountMinFen }).from(products).where(eq(products.id, claim.grantedProductId)).get();
    const floor = disbursementFloorFen(granted, product?.amountMinFen ?? null);
    if (input.amount < floor) {
      return fail(400, `放款金额不能低于${floor === granted ? "授信金额" : "产品最低额度"} ${formatMoney(floor)}`, { field: "amount" });
    }
    if (input.amount < granted * CONFIRM_BELOW_GRANT_SHARE && !input.confirmBelowHalf) {
      return fail(400, `放款金额不足授信金额（${formatMoney(granted)}）的一半，请核对金额；确按此金额放款请勾选确认`, {
        field: "confirmBelowHalf",
      });
    }
    if (input.disbursedOn > dateOf(now)) return fail(400, "放款日期不能晚于今天", { field: "disbursedOn" });
    if (input.disbursedOn < dateOf(claim.grantedAt!)) {
      return fail(400, `放款日期不能早于授信日期 ${dateOf(claim.grantedAt!)}`, { field: "disbursedOn" });
    }
    const gate = interceptionGate(db, tx, decisionOf(officer, found, "disburse"), now);
    if (!gate.ok) return gate;
    gate.passed(claimId);
    const loanId = tx
      .insert(loans)
      .values({
        claimId,
        needId: found.need.id,
        enterpriseId: found.need.enterpriseId,
        institutionId: claim.institutionId,
        productId: claim.grantedProductId,
        amountFen: input.amount,
        rateBp: claim.grantedRateBp!,
        termMonths: claim.grantedTermMonths!,
        guaranteeMode: claim.grantedGuaranteeMode!,
        disbursedOn: input.disbursedOn,
        disbursedAt: startOfDate(input.disbursedOn),
        recordedAt: now,
        status: "normal",
        channel: input.channel ?? "bank_account",
      })
      .returning({ id: loans.id })
      .get().id;
    tx.update(claims).set({ status: move.to }).where(eq(claims.id, claimId)).run();
    const needMove = needTransition(found.need.status, "fulfil");
    if (needMove.ok) tx.update(needs).set({ status: needMove.to, closedAt: now, updatedAt: now }).where(eq(needs.id, found.need.id)).run();
    recordNeedEvent(tx, {
      needId: found.need.id,
      claimId,
      loanId,
      type: "disbursed",
      actorUserId: officer.id,
      actorInstitutionId: claim.institutionId,
      at: now,
      detail: { amountFen: input.amount, disbursedOn: input.disbursedOn, channel: input.channel ?? "bank_account" },
    });
    recordAudit(tx, {
      actorUserId: officer.id,
      action: "claim.disburse",
      targetType: "claim",
      targetId: claimId,
      detail: { needId: found.need.id, loanId, amountFen: input.amount, disbursedOn: input.disbursedOn },
      at: now,
    });
    // After the disbursement's own event, so the timeline reads 放款 then 纳入资金池.
    enrolLoanInRiskPool(tx, loanId);
    notify(tx, {
      to: { enterpriseId: found.need.enterpriseId },
      kind: "claim.disbursed",
      title: "贷款已发放",
      body: `${institutionName(tx, claim.institutionId)}已放款 ${formatMoney(input.amount)}（${input.disbursedOn}）`,
      link: `/sme/needs/${found.need.id}`,
      at: now,
    });
    // The need is funded: other institutions' pending claims end here.
    cancelClaimsInProgress(tx, found.need.id, "该需求已由其他机构放款", now, null, claimId);
    // The profile stays open to the lender alone, for after-care; no other institution reads it any more.
    settleNeedAuthorizations(tx, found.need.id, now);
    return { ok: true as const, loanId };
  });
}
