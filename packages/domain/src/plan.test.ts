import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASIS_POINTS_WHOLE } from './money.js';
import {
  type PlanParty,
  type ProjectPlan,
  shareCeiling,
  splitClaim,
  validateParties,
  validatePlan,
} from './plan.js';
import { DEFAULT_PROJECT_DURATIONS, validateDurations } from './project.js';
import { FUNDING_SOURCE_CODES } from './reference/funding-sources.js';

const DONGGUAN = '441900';
const BIJIE = '520500';
const ZUNYI = '520300';

const plan = (overrides: Partial<ProjectPlan> = {}): ProjectPlan => ({
  ownerRegionCode: DONGGUAN,
  plannedHeadcount: 30,
  parties: [
    {
      regionCode: DONGGUAN,
      role: 'labour_import',
      shareBp: 6000,
      funding: [{ source: 'employment_subsidy_fund', shareBp: 10_000 }],
    },
    {
      regionCode: BIJIE,
      role: 'labour_export',
      shareBp: 4000,
      funding: [
        { source: 'east_west_cooperation_fund', shareBp: 7000 },
        { source: 'employment_subsidy_fund', shareBp: 3000 },
      ],
    },
  ],
  reservations: [{ demandOrderId: 'a1a1a1a1-0000-4000-8000-000000000001', places: 20 }],
  modules: [{ title: '数控编程', theoryHours: 20, practiceHours: 40, mode: 'offline' }],
  durations: { ...DEFAULT_PROJECT_DURATIONS },
  ...overrides,
});

const codes = (problems: { path: string; code: string }[]) =>
  problems.map((p) => `${p.path}:${p.code}`);

describe('validatePlan', () => {
  it('accepts a whole cross-region plan', () => {
    expect(validatePlan(plan())).toEqual([]);
  });

  it('reports every problem at once, each with its path and code', () => {
    const bad = plan({
      plannedHeadcount: 10,
      parties: [
        {
          regionCode: DONGGUAN,
          role: 'labour_import',
          shareBp: 7000,
          funding: [{ source: 'employment_subsidy_fund', shareBp: 9000 }],
        },
        { regionCode: DONGGUAN, role: 'labour_export', shareBp: 0, funding: [] },
        { regionCode: '52050', role: 'labour_export', shareBp: 2000, funding: [] },
      ],
      modules: [],
    });
    expect(codes(validatePlan(bad))).toEqual([
      'parties.0.funding:funding_not_whole',
      'parties.1.regionCode:party_duplicate',
      'parties.2.regionCode:region_code_invalid',
      'parties.2.funding:funding_required',
      'parties:shares_not_whole',
      'reservations:reservations_exceed_headcount',
      'modules:course_plan_required',
    ]);
  });

  it('lets a draft leave its course and funds for later, never its shares', () => {
    const draft = plan({
      modules: [],
      parties: [
        { regionCode: DONGGUAN, role: 'labour_import', shareBp: 6000, funding: [] },
        { regionCode: BIJIE, role: 'labour_export', shareBp: 3000, funding: [] },
      ],
    });
    expect(codes(validatePlan(draft, 'draft'))).toEqual(['parties:shares_not_whole']);
    expect(codes(validatePlan(draft, 'launch'))).toContain('modules:course_plan_required');
  });

  it('needs the owner among the parties and a share from every partner', () => {
    const problems = validateParties(DONGGUAN, [
      { regionCode: BIJIE, role: 'labour_export', shareBp: 10_000, funding: [] },
      { regionCode: ZUNYI, role: 'labour_export', shareBp: 0, funding: [] },
    ]);
    expect(codes(problems)).toEqual([
      'parties:owner_not_a_party',
      'parties.0.funding:funding_required',
      'parties.1.shareBp:partner_share_zero',
    ]);
  });

  it('refuses a fund named twice or unknown within one party', () => {
    const problems = validateParties(DONGGUAN, [
      {
        regionCode: DONGGUAN,
        role: 'labour_import',
        shareBp: 10_000,
        funding: [
          { source: 'employment_subsidy_fund', shareBp: 5000 },
          { source: 'employment_subsidy_fund', shareBp: 4000 },
          { source: 'lottery' as never, shareBp: 1000 },
        ],
      },
    ]);
    expect(codes(problems)).toEqual([
      'parties.0.funding.1.source:funding_source_duplicate',
      'parties.0.funding.2.source:funding_source_invalid',
    ]);
  });

  it('checks the durations fit together', () => {
    expect(
      codes(
        validateDurations({
          ...DEFAULT_PROJECT_DURATIONS,
          reminderLeadMs: DEFAULT_PROJECT_DURATIONS.approvalDeadlineMs,
          followUp6MonthMs: 1,
        }),
      ),
    ).toEqual([
      'durations.reminderLeadMs:reminder_after_deadline',
      'durations.followUp6MonthMs:follow_ups_out_of_order',
    ]);
    expect(
      codes(validateDurations({ ...DEFAULT_PROJECT_DURATIONS, followUp3MonthMs: 0.5 })),
    ).toEqual(['durations.followUp3MonthMs:duration_invalid']);
  });
});

describe('splitClaim', () => {
  it('charges each party its approved share, then its funds their part of it', () => {
    const parts = splitClaim(150_001, plan().parties);
    expect(parts).toEqual([
      {
        regionCode: DONGGUAN,
        shareBp: 6000,
        amount: 90_001,
        lines: [{ source: 'employment_subsidy_fund', shareBp: 10_000, amount: 90_001 }],
      },
      {
        regionCode: BIJIE,
        shareBp: 4000,
        amount: 60_000,
        lines: [
          { source: 'east_west_cooperation_fund', shareBp: 7000, amount: 42_000 },
          { source: 'employment_subsidy_fund', shareBp: 3000, amount: 18_000 },
        ],
      },
    ]);
  });

  // Random parties (the owner first, partners after), shares and funding lines that validate,
  // and any claim amount: nothing is lost or created, and each party gets its exact split.
  const sharesArb = (n: number) =>
    fc
      .array(fc.integer({ min: 1, max: 1000 }), { minLength: n, maxLength: n })
      .map((weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const bp = weights.map((w) => Math.floor((w * BASIS_POINTS_WHOLE) / total));
        bp[0] = (bp[0] ?? 0) + BASIS_POINTS_WHOLE - bp.reduce((a, b) => a + b, 0);
        return bp;
      })
      .filter((bp) => bp.every((s) => s >= 1));
  const partyArb = (regionCode: string) =>
    fc.integer({ min: 1, max: 4 }).chain((lines) =>
      fc
        .tuple(
          sharesArb(lines),
          fc.shuffledSubarray([...FUNDING_SOURCE_CODES], { minLength: lines, maxLength: lines }),
        )
        .map(([bp, sources]) => ({
          regionCode,
          role: 'labour_export' as const,
          shareBp: 0,
          funding: sources.map((source, i) => ({ source, shareBp: bp[i] ?? 0 })),
        })),
    );
  const partiesArb = fc
    .integer({ min: 1, max: 6 })
    .chain((n) =>
      fc
        .tuple(
          sharesArb(n),
          fc.tuple(...Array.from({ length: n }, (_, i) => partyArb(String(110000 + i * 100)))),
        )
        .map(([bp, parties]): PlanParty[] =>
          parties.map((p, i) => ({ ...p, shareBp: bp[i] ?? 0 })),
        ),
    );

  it('adds up to the claim for every party, fund and amount', () => {
    fc.assert(
      fc.property(
        partiesArb,
        fc.oneof(fc.integer({ min: 0, max: 10_000_000 }), fc.maxSafeNat()),
        (parties, amount) => {
          expect(validateParties('110000', parties)).toEqual([]);
          const parts = splitClaim(amount, parties);
          // Per party: exactly the largest-remainder split of the claim by the approved shares.
          const total = parts.reduce((sum, p) => sum + p.amount, 0);
          expect(total).toBe(amount);
          parts.forEach((part, i) => {
            const exact = (BigInt(amount) * BigInt(parties[i]?.shareBp ?? 0)) / 10_000n;
            expect(BigInt(part.amount) - exact).toBeGreaterThanOrEqual(0n);
            expect(BigInt(part.amount) - exact).toBeLessThanOrEqual(1n);
            expect(part.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(part.amount);
            for (const line of part.lines) expect(line.amount).toBeGreaterThanOrEqual(0);
          });
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});

describe('shareCeiling', () => {
  it("is the party's largest-remainder part of headcount × standard, the parts summing exactly", () => {
    const parties = [
      { regionCode: '441900', shareBp: 3_333 },
      { regionCode: '520500', shareBp: 3_333 },
      { regionCode: '520300', shareBp: 3_334 },
    ];
    const parts = parties.map((p) => shareCeiling(30, 180_001, parties, p.regionCode));
    expect(parts[0]).toEqual({
      headcount: 30,
      standardFen: 180_001,
      totalFen: 5_400_030,
      shareFen: 1_799_830,
    });
    expect(parts.reduce((sum, p) => sum + p.shareFen, 0)).toBe(5_400_030);
    expect(() => shareCeiling(30, 100, parties, '110100')).toThrow(RangeError);
  });
});
