import type { AuditStamp } from './actor.js';
import type { IsoTimestamp } from './dates.js';
import type { OccupationCode } from './occupation.js';
import type {
  EvaluationBodyKind,
  ProviderGrade,
  ProviderKind,
} from './reference/institution-kinds.js';
import type { SectorCode } from './reference/sectors.js';
import type { SkillLevelCode } from './reference/skill-levels.js';
import type { RegionCode } from './region.js';

/** An enterprise that posts demand orders and hires trainees (十, 十二). */
export interface Enterprise {
  id: string;
  name: string;
  /** 统一社会信用代码, 18 characters. */
  unifiedSocialCreditCode: string;
  regionCode: RegionCode;
  sector: SectorCode | null;
  createdAt: IsoTimestamp;
}

/** Whether a provider or evaluation body may take part in new projects (十八). */
export type QualificationStatus = 'active' | 'suspended' | 'revoked';

/** The qualification of a provider or evaluation body, with the revocation trail when revoked. */
export interface Qualification {
  status: QualificationStatus;
  /** Set when revoked for false training, false evaluation or defrauded subsidies (十八). */
  revoked: AuditStamp | null;
}

/** A training provider (十一). */
export interface TrainingProvider {
  id: string;
  name: string;
  kind: ProviderKind;
  /** 分类分级 grade (十一); null until first graded. */
  grade: ProviderGrade | null;
  regionCode: RegionCode;
  unifiedSocialCreditCode: string;
  qualification: Qualification;
}

/** A skill evaluation body: a social evaluation organisation or an enterprise evaluating its own staff (十四). */
export interface EvaluationBody {
  id: string;
  name: string;
  kind: EvaluationBodyKind;
  /** The enterprise, for 企业自主评价; null for social evaluation organisations. */
  enterpriseId: string | null;
  regionCode: RegionCode;
  /** Occupations it is filed (备案) to evaluate. */
  occupationCodes: OccupationCode[];
  /** Highest level it may certify. */
  maxLevel: SkillLevelCode;
  qualification: Qualification;
}

/**
 * True when the provider or evaluation body may be chosen for a new project: a revoked
 * qualification (十八) blocks new work but does not rewrite past records.
 */
export function canTakeNewProjects(party: { qualification: Qualification }): boolean {
  return party.qualification.status === 'active';
}
