/** Seed steps for the accounts: portal staff, institutions with their staff, enterprises with theirs. */
import { sql } from "drizzle-orm";
import { ENTERPRISE_SIZES, type InstitutionKind } from "~/domain/accounts";
import type { Rng } from "~/lib/random";
import { DISTRICT_CODES, INDUSTRY_CODES } from "~/lib/reference";
import { addMonths, dateOf, DAY_MS, monthBounds, monthsBetween, weekdayOf } from "~/lib/time";
import { buildUscc } from "~/lib/uscc";
import { enterprises, institutions, users } from "~db/schema";
import type { SeedStep } from "./context";
import { companyName, mobileNumber, personName } from "./names";

/** Every demo account signs in with this password (README lists the accounts). */
export const DEMO_PASSWORD = "Demo@2026";

export const DEMO_ACCOUNTS = [
  { role: "admin", username: "admin", who: "系统管理员" },
  { role: "bureau", username: "bureau", who: "市地方金融管理局 分析员" },
  { role: "bank_admin", username: "szbank_admin", who: "苏州银行 机构管理员" },
  { role: "bank_officer", username: "szbank_officer", who: "苏州银行 客户经理" },
  { role: "bank_officer", username: "icbc_officer", who: "工商银行苏州分行 客户经理" },
  { role: "enterprise", username: "9132050852601815XM", who: "苏州姑苏精密机械有限公司（统一社会信用代码登录）" },
] as const;

type InstitutionSeed = { name: string; shortName: string; kind: InstitutionKind; login: string; officers: number };

const INSTITUTIONS: InstitutionSeed[] = [
  { name: "苏州银行股份有限公司", shortName: "苏州银行", kind: "city_bank", login: "szbank", officers: 6 },
  { name: "中国工商银行股份有限公司苏州分行", shortName: "工商银行", kind: "state_bank", login: "icbc", officers: 5 },
  { name: "中国建设银行股份有限公司苏州分行", shortName: "建设银行", kind: "state_bank", login: "ccb", officers: 5 },
  { name: "中国农业银行股份有限公司苏州分行", shortName: "农业银行", kind: "state_bank", login: "abc", officers: 4 },
  { name: "中国银行股份有限公司苏州分行", shortName: "中国银行", kind: "state_bank", login: "boc", officers: 4 },
  { name: "江苏苏州农村商业银行股份有限公司", shortName: "苏州农商行", kind: "rural_bank", login: "szrcb", officers: 5 },
  { name: "江苏银行股份有限公司苏州分行", shortName: "江苏银行", kind: "city_bank", login: "jsbank", officers: 4 },
  { name: "招商银行股份有限公司苏州分行", shortName: "招商银行", kind: "joint_stock_bank", login: "cmb", officers: 3 },
  { name: "兴业银行股份有限公司苏州分行", shortName: "兴业银行", kind: "joint_stock_bank", login: "cib", officers: 3 },
  { name: "江苏常熟农村商业银行股份有限公司", shortName: "常熟农商行", kind: "rural_bank", login: "csrcb", officers: 4 },
  { name: "昆山鹿城村镇银行股份有限公司", shortName: "鹿城村镇银行", kind: "village_bank", login: "lcvb", officers: 2 },
  { name: "苏州市吴中区东吴科技小额贷款有限公司", shortName: "东吴科贷", kind: "microloan", login: "dwkd", officers: 2 },
  { name: "苏州市信保融资担保有限公司", shortName: "信保担保", kind: "guarantee", login: "xbdb", officers: 2 },
];

/** Where Suzhou's enterprises are, roughly by their share of registered market entities. */
const DISTRICT_WEIGHTS: Record<string, number> = {
  "320508": 5,
  "320505": 9,
  "320506": 11,
  "320507": 8,
  "320509": 12,
  "320571": 15,
  "320581": 11,
  "320582": 9,
  "320583": 15,
  "320585": 5,
};

/** A manufacturing city: C dominates, trade and services follow, every section present. */
const INDUSTRY_WEIGHTS: Record<string, number> = {
  A: 1.2,
  B: 0.1,
  C: 38,
  D: 0.6,
  E: 6,
  F: 20,
  G: 4.5,
  H: 3,
  I: 6.5,
  J: 0.3,
  K: 1.5,
  L: 7,
  M: 6,
  N: 0.8,
  O: 2,
  P: 0.6,
  Q: 0.6,
  R: 1,
  S: 0.05,
  T: 0.01,
};

const SIZE_WEIGHTS = [0.58, 0.32, 0.1];

/** The reference examples that are Suzhou codes become the demo enterprises, so README can list them. */
const DEMO_ENTERPRISES = [
  { uscc: "9132050852601815XM", name: "苏州姑苏精密机械有限公司", districtCode: "320508", industrySection: "C", size: "small" as const },
  {
    uscc: "91320571908301663W",
    name: "苏州工业园区博远信息技术有限公司",
    districtCode: "320571",
    industrySection: "I",
    size: "micro" as const,
  },
  { uscc: "91320583131860916J", name: "昆山恒泰汽车零部件有限公司", districtCode: "320583", industrySection: "C", size: "medium" as const },
];

/** Splits n into counts proportional to weights (largest remainder), each at least `min`. */
export function apportion(n: number, weights: readonly number[], min = 0): number[] {
  const base = weights.map(() => min);
  const rest = n - min * weights.length;
  if (rest <= 0) return weights.map((_, i) => (i < n ? 1 : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / total) * rest);
  const counts = exact.map((x, i) => base[i]! + Math.floor(x));
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) counts[order[k]![1]]! += 1;
  return counts;
}

/** An instant on a working-hours weekday inside [start, end). */
function officeHourInstant(rng: Rng, start: number, end: number): number {
  for (let attempt = 0; attempt < 20; attempt++) {
    const day = start + Math.floor(rng.next() * Math.max(1, Math.floor((end - start) / DAY_MS))) * DAY_MS;
    const instant = day + rng.int(9 * 60, 17 * 60) * 60_000;
    const weekday = weekdayOf(instant);
    if (instant < end && weekday !== 0 && weekday !== 6) return instant;
  }
  return start + 10 * 3600_000;
}

export const staffStep: SeedStep = {
  label: "平台管理账号",
  run(ctx, report) {
    const at = monthBounds(ctx.launchMonth).start;
    ctx.db
      .insert(users)
      .values([
        {
          id: ctx.userId("admin"),
          username: "admin",
          passwordHash: ctx.demoPasswordHash,
          role: "admin",
          displayName: "王立新",
          createdAt: at,
        },
        {
          id: ctx.userId("bureau"),
          username: "bureau",
          passwordHash: ctx.demoPasswordHash,
          role: "bureau",
          displayName: "李晓东",
          createdAt: at,
        },
        {
          id: ctx.userId("bureau2"),
          username: "bureau2",
          passwordHash: ctx.demoPasswordHash,
          role: "bureau",
          displayName: "周敏",
          createdAt: at,
        },
      ])
      .run();
    report("管理员 1 名，管理部门 2 名");
  },
};

export const institutionsStep: SeedStep = {
  label: "金融机构与客户经理",
  run(ctx, report) {
    const rng = ctx.rng.fork("institutions");
    const launch = monthBounds(ctx.launchMonth).start;
    let staff = 0;
    INSTITUTIONS.forEach((seed, index) => {
      // The first six joined at launch; the rest over the following year.
      const joinedAt = index < 6 ? launch : Math.min(ctx.now, launch + rng.int(20, 360) * DAY_MS);
      const institution = ctx.db
        .insert(institutions)
        .values({ name: seed.name, shortName: seed.shortName, kind: seed.kind, joinedAt })
        .returning({ id: institutions.id })
        .get();
      ctx.created.institutionIds.push(institution.id);
      const rows = [
        { username: `${seed.login}_admin`, role: "bank_admin" as const, displayName: personName(rng) },
        ...Array.from({ length: seed.officers }, (_, k) => ({
          username: k === 0 ? `${seed.login}_officer` : `${seed.login}_officer${k + 1}`,
          role: "bank_officer" as const,
          displayName: personName(rng),
        })),
      ];
      ctx.db
        .insert(users)
        .values(
          rows.map((r) => ({
            id: ctx.userId(r.username),
            ...r,
            passwordHash: ctx.demoPasswordHash,
            institutionId: institution.id,
            createdAt: joinedAt,
          })),
        )
        .run();
      staff += rows.length;
    });
    report(`${INSTITUTIONS.length} 家机构，${staff} 个机构账号`);
  },
};

export const enterprisesStep: SeedStep = {
  label: "入驻企业",
  run(ctx, report) {
    const rng = ctx.rng.fork("enterprises");
    const n = ctx.options.enterprises;
    const industries = rng.shuffle(
      apportion(
        n - DEMO_ENTERPRISES.length,
        INDUSTRY_CODES.map((c) => INDUSTRY_WEIGHTS[c] ?? 0.1),
        n >= 40 ? 1 : 0,
      ).flatMap((count, i) => Array<string>(count).fill(INDUSTRY_CODES[i]!)),
    );
    const months = monthsBetween(ctx.launchMonth, addMonths(ctx.launchMonth, ctx.options.months - 1));
    // A launch cohort in the first month, then steady growth.
    const monthWeights = months.map((_, i) => (i === 0 ? Math.max(1, months.length * 0.12) : 1 + i / months.length));
    const usedCodes = new Set(DEMO_ENTERPRISES.map((d) => d.uscc));
    const usedNames = new Set(DEMO_ENTERPRISES.map((d) => d.name));

    const rows: (typeof enterprises.$inferInsert)[] = DEMO_ENTERPRISES.map((d, i) => ({
      ...d,
      establishedOn: ["2012-05-18", "2019-09-02", "2008-03-27"][i]!,
      legalRepName: personName(rng),
      contactName: personName(rng),
      contactPhone: mobileNumber(rng),
      registeredAt: officeHourInstant(rng, monthBounds(ctx.launchMonth).start, monthBounds(ctx.launchMonth).end),
    }));
    for (const industrySection of industries) {
      const districtCode = rng.weighted(
        DISTRICT_CODES,
        DISTRICT_CODES.map((c) => DISTRICT_WEIGHTS[c] ?? 1),
      );
      let uscc: string;
      do uscc = buildUscc("91", districtCode, String(rng.int(10_000_000, 99_999_999)));
      while (usedCodes.has(uscc));
      usedCodes.add(uscc);
      let name: string;
      do name = companyName(rng, districtCode, industrySection);
      while (usedNames.has(name));
      usedNames.add(name);
      const month = rng.weighted(months, monthWeights);
      const { start, end } = monthBounds(month);
      const registeredAt = officeHourInstant(rng, start, Math.min(end, ctx.now));
      const yearsOld = 0.5 + 22 * rng.next() ** 2;
      rows.push({
        uscc,
        name,
        districtCode,
        industrySection,
        size: rng.weighted(ENTERPRISE_SIZES, SIZE_WEIGHTS),
        establishedOn: dateOf(registeredAt - Math.round(yearsOld * 365.25) * DAY_MS),
        legalRepName: personName(rng),
        contactName: personName(rng),
        contactPhone: mobileNumber(rng),
        registeredAt,
      });
    }
    rows.sort((a, b) => a.registeredAt - b.registeredAt);

    for (let i = 0; i < rows.length; i += 500) {
      const inserted = ctx.db
        .insert(enterprises)
        .values(rows.slice(i, i + 500))
        .returning({
          id: enterprises.id,
          uscc: enterprises.uscc,
          contactName: enterprises.contactName,
          registeredAt: enterprises.registeredAt,
        })
        .all();
      ctx.created.enterpriseIds.push(...inserted.map((e) => e.id));
      ctx.db
        .insert(users)
        .values(
          inserted.map((e) => ({
            id: ctx.userId(e.uscc.toLowerCase()),
            username: e.uscc.toLowerCase(),
            passwordHash: ctx.demoPasswordHash,
            role: "enterprise" as const,
            displayName: e.contactName,
            enterpriseId: e.id,
            createdAt: e.registeredAt,
          })),
        )
        .run();
      report(`${Math.min(i + 500, rows.length)} / ${rows.length}`);
    }
    const sections = ctx.db.get<{ n: number }>(sql`select count(distinct industry_section) as n from enterprises`);
    report(`${rows.length} 家企业，覆盖 ${sections.n} 个行业门类`);
  },
};
