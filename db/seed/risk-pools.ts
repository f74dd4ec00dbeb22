/**
 * Seed step: two risk-compensation pools — the city's and 相城区's (¥50M behind one product) — set up
 * some 15 months before "as of" (never before the platform's launch), banks' products asked in and
 * decided (one request still waiting, one refused), the loans disbursed since enrolled in disbursement
 * order by the service's own rule (enrolLoanInRiskPool) and released when reported settled, a capital
 * top-up, one approved and one refused 代偿 on npl loans, and a recovery. Everything runs as a timeline
 * through the services, so each enrolment sees the balance and cover of its own day.
 */
import { and, asc, eq, gte, inArray, min } from "drizzle-orm";
import type { SessionUser } from "~/auth/session.server";
import { addMonths, DAY_MS, monthBounds, monthOf, startOfMonth } from "~/lib/time";
import { decideCompensation, fileCompensation, reportRecovery } from "~/services/compensation-claims.server";
import {
  addCapital,
  createPool,
  decidePoolProduct,
  enrolLoanInRiskPool,
  releaseFromRiskPool,
  requestPoolCover,
} from "~/services/risk-pools.server";
import { institutions, loans, loanStatusReports, products, riskPoolEnrolments, users } from "~db/schema";
import { actingUser } from "~/services/accounts.server";
import { must } from "./acting";
import type { SeedContext, SeedStep } from "./context";

const WAN = 1_000_000;
const XIANGCHENG = "320507";

type Event = { at: number; run: () => void };

const sessionOf = (ctx: SeedContext, username: string): SessionUser | null => actingUser(ctx.db, { username }) ?? null;

export const riskPoolsStep: SeedStep = {
  label: "风险补偿资金池",
  run(ctx, report) {
    const db = ctx.db;
    const rng = ctx.rng.fork("risk-pools");
    const bureau = sessionOf(ctx, "bureau");
    if (!bureau) return report("跳过（没有管理部门账号）");
    const hour = 3600_000;
    const created = Math.max(startOfMonth(ctx.launchMonth), startOfMonth(addMonths(monthOf(ctx.now), -15))) + (9 * 24 + 10) * hour;
    /** A bank's credit products and its first officer. */
    const bank = (shortName: string) => {
      const institution = db.select().from(institutions).where(eq(institutions.shortName, shortName)).get();
      if (!institution) return null;
      const officer = db
        .select({ username: users.username })
        .from(users)
        .where(and(eq(users.institutionId, institution.id), eq(users.role, "bank_officer")))
        .orderBy(asc(users.username))
        .get();
      // The pools back credit loans: the products that offer them.
      const own = db
        .select()
        .from(products)
        .where(eq(products.institutionId, institution.id))
        .orderBy(asc(products.id))
        .all()
        .filter((p) => p.guaranteeModes.includes("credit"));
      return officer && own.length > 0 ? { products: own, officer: sessionOf(ctx, officer.username)! } : null;
    };

    const events: Event[] = [];
    const city = must(
      createPool(
        db,
        bureau,
        {
          name: "苏州市信易贷风险补偿资金池",
          sponsor: "city",
          capital: 10_000 * WAN,
          lossShare: 4000,
          capPerLoan: 200 * WAN,
          capPerYear: 2_000 * WAN,
          leverageLimit: 10,
        },
        created,
      ),
      "city pool",
    ).poolId;
    const xiangcheng = must(
      createPool(
        db,
        bureau,
        {
          name: "相城区信用贷款风险补偿资金池",
          sponsor: XIANGCHENG,
          capital: 5_000 * WAN,
          lossShare: 5000,
          capPerLoan: 300 * WAN,
          capPerYear: 1_500 * WAN,
          leverageLimit: 10,
        },
        created + 30 * DAY_MS,
      ),
      "相城 pool",
    ).poolId;

    // Banks ask; the bureau decides a few days later (before "as of").
    const ask = (shortName: string, poolId: number, decision: "approve" | "refuse" | null, reason = "", pick = (ids: number[]) => ids) => {
      const b = bank(shortName);
      if (!b) return;
      const poolCreated = poolId === city ? created : created + 30 * DAY_MS;
      for (const product of b.products.filter((p) => pick(b.products.map((q) => q.id)).includes(p.id))) {
        const askedAt = Math.min(ctx.now - 4 * DAY_MS, Math.max(poolCreated, product.createdAt) + rng.int(2, 10) * DAY_MS);
        events.push({
          at: askedAt,
          run: () => {
            const asked = must(requestPoolCover(db, b.officer, product.id, poolId, askedAt), `cover for ${shortName}`);
            if (decision) must(decidePoolProduct(db, bureau, asked.poolProductId, { decision, reason }, askedAt + 3 * DAY_MS), "decision");
          },
        });
      }
    };
    const first = (ids: number[]) => ids.slice(0, 1);
    for (const name of ["苏州银行", "工商银行", "建设银行", "江苏银行"]) ask(name, city, "approve");
    ask("东吴科贷", city, "refuse", "小额贷款公司产品不在本资金池支持范围，请通过合作银行产品申请", first);
    ask("招商银行", city, null, "", first);
    // 相城 puts its money behind the one product its firms borrow most under.
    ask("苏州农商行", xiangcheng, "approve", "", (ids) => {
      const counts = ids.map((id) => ({
        id,
        n: db.$client
          .prepare(
            "SELECT count(*) FROM loans l JOIN enterprises e ON e.id = l.enterprise_id WHERE l.product_id = ? AND e.district_code = ?",
          )
          .pluck()
          .get(id, XIANGCHENG) as number,
      }));
      return [counts.reduce((a, b) => (b.n > a.n ? b : a)).id];
    });
    // Halfway, the city tops its pool up.
    const topUp = Math.min(ctx.now - DAY_MS, created + 200 * DAY_MS);
    events.push({
      at: topUp,
      run: () => must(addCapital(db, bureau, city, { amount: 2_000 * WAN, note: "年度财政追加出资" }, topUp), "top-up"),
    });

    // Loans disbursed after the pools were set up: enrolled on their day, released when reported settled.
    const disbursed = db
      .select({ id: loans.id, disbursedAt: loans.disbursedAt })
      .from(loans)
      .where(gte(loans.disbursedAt, created))
      .orderBy(asc(loans.disbursedAt), asc(loans.id))
      .all();
    for (const loan of disbursed) events.push({ at: loan.disbursedAt, run: () => enrolLoanInRiskPool(db, loan.id) });
    const settled = db
      .select({ loanId: loanStatusReports.loanId, month: min(loanStatusReports.month) })
      .from(loanStatusReports)
      .where(
        and(
          eq(loanStatusReports.status, "settled"),
          inArray(
            loanStatusReports.loanId,
            disbursed.map((l) => l.id),
          ),
        ),
      )
      .groupBy(loanStatusReports.loanId)
      .all();
    for (const s of settled) {
      const at = monthBounds(s.month!).start;
      events.push({ at, run: () => releaseFromRiskPool(db, s.loanId, "settled", at) });
    }

    // 代偿: a claim on an enrolled loan still npl, reported npl by then (one without a claim yet first), decided later.
    let approvedClaim: { id: number; officer: SessionUser; lossFen: number } | null = null;
    const claimOn = (filedAt: number, decidedAt: number, decide: (claimId: number, officer: SessionUser, lossFen: number) => void) => {
      let filed: { claimId: number; officer: SessionUser; lossFen: number } | null = null;
      events.push({
        at: filedAt,
        run: () => {
          const candidate = db.$client
            .prepare(
              `SELECT l.id AS loanId, l.amount_fen AS amountFen,
                 (SELECT u.username FROM users u WHERE u.institution_id = l.institution_id AND u.role = 'bank_officer' ORDER BY u.username LIMIT 1) AS officer
               FROM risk_pool_enrolments r JOIN loans l ON l.id = r.loan_id
               WHERE r.released_at IS NULL AND l.status = 'npl'
                 AND (SELECT min(s.reported_at) FROM loan_status_reports s WHERE s.loan_id = l.id AND s.status = 'npl') <= ?
               ORDER BY EXISTS (SELECT 1 FROM compensation_claims c WHERE c.loan_id = l.id), r.enrolled_at, l.id LIMIT 1`,
            )
            .get(filedAt) as { loanId: number; amountFen: number; officer: string | null } | undefined;
          if (!candidate?.officer) return;
          const officer = sessionOf(ctx, candidate.officer)!;
          const lossFen = Math.round((candidate.amountFen * rng.int(55, 85)) / 100);
          const documentsRef = `核销档案 ${monthOf(filedAt)}-${rng.int(100, 999)}`;
          const outcome = fileCompensation(db, officer, { loanId: candidate.loanId, lossFen, documentsRef }, filedAt);
          if (outcome.ok) filed = { claimId: outcome.claimId, officer, lossFen };
        },
      });
      events.push({
        at: decidedAt,
        run: () => {
          const claim = filed as { claimId: number; officer: SessionUser; lossFen: number } | null;
          if (claim) decide(claim.claimId, claim.officer, claim.lossFen);
        },
      });
    };
    claimOn(ctx.now - 56 * DAY_MS, ctx.now - 48 * DAY_MS, (claimId) =>
      must(
        decideCompensation(
          db,
          bureau,
          claimId,
          { decision: "refuse", reason: "抵押物处置尚未完成，损失金额未确定，请处置完毕后重新申请" },
          ctx.now - 48 * DAY_MS,
        ),
        "refusal",
      ),
    );
    claimOn(ctx.now - 40 * DAY_MS, ctx.now - 30 * DAY_MS, (claimId, officer, lossFen) => {
      must(decideCompensation(db, bureau, claimId, { decision: "approve", reason: "" }, ctx.now - 30 * DAY_MS), "approval");
      approvedClaim = { id: claimId, officer, lossFen };
    });
    const recoveredAt = ctx.now - 8 * DAY_MS;
    events.push({
      at: recoveredAt,
      run: () => {
        const claim = approvedClaim as { id: number; officer: SessionUser; lossFen: number } | null;
        if (!claim) return;
        const recoveredFen = Math.round(claim.lossFen * 0.3);
        must(reportRecovery(db, claim.officer, { claimId: claim.id, recoveredFen, note: "法院执行回款" }, recoveredAt), "recovery");
      },
    });

    events.sort((a, b) => a.at - b.at);
    for (const event of events) event.run();

    const enrolled = db.select({ poolId: riskPoolEnrolments.poolId }).from(riskPoolEnrolments).all();
    report(
      `苏州市资金池入池 ${enrolled.filter((e) => e.poolId === city).length} 笔，相城区资金池入池 ${enrolled.filter((e) => e.poolId === xiangcheng).length} 笔；代偿${approvedClaim ? " 1 笔已通过" : "申请未形成"}`,
    );
  },
};
