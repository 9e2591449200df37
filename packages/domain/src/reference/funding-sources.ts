/** Sources of money for subsidised training (十七). */
export const FUNDING_SOURCE_CODES = [
  'employment_subsidy_fund',
  'unemployment_insurance_fund',
  'skills_upgrading_special_account',
  'industry_development_fund',
  'east_west_cooperation_fund',
  'enterprise_staff_education_fund',
  'industry_authority_fund',
  'mass_organisation_fund',
  'market_fee_enterprise',
  'market_fee_trainee',
] as const;

export type FundingSourceCode = (typeof FUNDING_SOURCE_CODES)[number];

/**
 * Who ultimately bears the money: public funds are what fraud clawback (十八) recovers and what
 * dispatch reports count as subsidy; enterprise and market money is the "市场化收费" side.
 */
export type FundingSourceKind = 'public' | 'enterprise' | 'market';

/** A funding source. */
export interface FundingSource {
  code: FundingSourceCode;
  name: string;
  nameEn: string;
  kind: FundingSourceKind;
}

/** The funding sources of (十七), public funds first. */
export const FUNDING_SOURCES: readonly FundingSource[] = [
  {
    code: 'employment_subsidy_fund',
    name: '就业补助资金',
    nameEn: 'Employment subsidy fund',
    kind: 'public',
  },
  {
    code: 'unemployment_insurance_fund',
    name: '失业保险基金',
    nameEn: 'Unemployment insurance fund',
    kind: 'public',
  },
  {
    code: 'skills_upgrading_special_account',
    name: '职业技能提升行动专账资金',
    nameEn: 'Skills-upgrading special account',
    kind: 'public',
  },
  {
    code: 'industry_development_fund',
    name: '行业发展资金',
    nameEn: 'Industry development funds',
    kind: 'public',
  },
  {
    code: 'east_west_cooperation_fund',
    name: '东西部协作资金',
    nameEn: 'East–west cooperation funds',
    kind: 'public',
  },
  {
    code: 'industry_authority_fund',
    name: '行业主管部门相关资金',
    nameEn: 'Sector authority funds',
    kind: 'public',
  },
  {
    code: 'mass_organisation_fund',
    name: '群团组织相关资金',
    nameEn: 'Mass-organisation funds',
    kind: 'public',
  },
  {
    code: 'enterprise_staff_education_fund',
    name: '企业职工教育经费',
    nameEn: 'Enterprise staff-education funds',
    kind: 'enterprise',
  },
  {
    code: 'market_fee_enterprise',
    name: '市场化收费（企业承担）',
    nameEn: 'Market fee paid by the enterprise',
    kind: 'market',
  },
  {
    code: 'market_fee_trainee',
    name: '市场化收费（个人承担）',
    nameEn: 'Market fee paid by the trainee',
    kind: 'market',
  },
];

/** True when `value` is a funding source code. */
export function isFundingSourceCode(value: unknown): value is FundingSourceCode {
  return typeof value === 'string' && (FUNDING_SOURCE_CODES as readonly string[]).includes(value);
}

/** The kind of money a source is. */
export function fundingSourceKind(code: FundingSourceCode): FundingSourceKind {
  return FUNDING_SOURCES.find((s) => s.code === code)?.kind ?? 'public';
}
