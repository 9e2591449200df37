import type { FundingSourceCode, PartnerRole, PlanParty, PlanProblem } from '@qiancheng/domain';
import type { FieldProblems } from '#/api/problem';

/** A fund as the form edits it: percent of its party's part (two decimals; stored as bp). */
export interface DraftFundingLine {
  source: FundingSourceCode | '';
  sharePct: number | null;
}

/** A party as the form edits it; the first party of a draft is always the owning region. */
export interface DraftParty {
  regionCode: string;
  role: PartnerRole;
  sharePct: number | null;
  funding: DraftFundingLine[];
}

/** Percent (two decimals) to basis points, without float drift: 33.33 → 3333; empty → NaN. */
export const pctToBp = (pct: number | null): number =>
  pct === null || !Number.isFinite(pct) ? Number.NaN : Math.round(pct * 100);

/** Basis points to the percent the form shows: 3333 → 33.33. */
export const bpToPct = (bp: number): number => bp / 100;

/** A local project's parties: the owner pays it all from 就业补助资金 (十七). */
export function ownerOnlyDraft(): DraftParty[] {
  return [
    {
      regionCode: '',
      role: 'labour_import',
      sharePct: 100,
      funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
    },
  ];
}

/** A partner region as first added: a labour-export region paying from 就业补助资金. */
export function newPartner(): DraftParty {
  return {
    regionCode: '',
    role: 'labour_export',
    sharePct: 0,
    funding: [{ source: 'employment_subsidy_fund', sharePct: 100 }],
  };
}

/**
 * The plan's parties from the form, in bp: the first party is the owning region (`owner`, or
 * none yet when a national user has not chosen it).
 */
export function toPlanParties(parties: readonly DraftParty[], owner: string | null): PlanParty[] {
  return parties.map((p, i) => ({
    regionCode: i === 0 ? (owner ?? '') : p.regionCode,
    role: p.role,
    shareBp: pctToBp(p.sharePct),
    funding: p.funding.map((l) => ({
      source: l.source as FundingSourceCode,
      shareBp: pctToBp(l.sharePct),
    })),
  }));
}

/** The form's parties from stored ones (a round's), the owner moved first. */
export function draftPartiesOf(
  parties: readonly {
    regionCode: string;
    role: string;
    shareBp: number;
    funding: readonly { source: string; shareBp: number }[];
  }[],
  owner: string,
): DraftParty[] {
  const ordered = [
    ...parties.filter((p) => p.regionCode === owner),
    ...parties.filter((p) => p.regionCode !== owner),
  ];
  return ordered.map((p) => ({
    regionCode: p.regionCode,
    role: p.role as PartnerRole,
    sharePct: bpToPct(p.shareBp),
    funding: p.funding.map((l) => ({
      source: l.source as FundingSourceCode,
      sharePct: bpToPct(l.shareBp),
    })),
  }));
}

/**
 * Where a plan's path lives in the request that carries it, as the API names it in a 422 (less
 * its `body.`): the form shows the domain's problems and the API's at the same field.
 */
const REQUEST_PATHS: [RegExp, string][] = [
  [/^reservations\.(\d+)\.places$/, 'demandOrders.$1.headcount'],
  [/^reservations(.*)$/, 'demandOrders$1'],
  [/^modules(.*)$/, 'coursePlan.modules$1'],
  [/^durations(.*)$/, 'timings$1'],
];
export function requestPath(path: string): string {
  const rule = REQUEST_PATHS.find(([pattern]) => pattern.test(path));
  return rule ? path.replace(rule[0], rule[1]) : path;
}

/** The domain's problems by form path (the first at each path). */
export function planFieldProblems(problems: readonly PlanProblem[]): FieldProblems {
  const out: FieldProblems = {};
  for (const p of problems) {
    const path = requestPath(p.path);
    if (!(path in out)) out[path] = { code: p.code, params: p.params };
  }
  return out;
}
