import type { AuditStamp } from './actor.js';
import type { IsoDate } from './dates.js';
import type { OccupationCode } from './occupation.js';
import type { SkillLevelCode } from './reference/skill-levels.js';

/** Outcome of a skill assessment. */
export const ASSESSMENT_RESULTS = ['passed', 'failed', 'absent'] as const;
export type AssessmentResult = (typeof ASSESSMENT_RESULTS)[number];

/** A skill assessment (技能评价, 十四) of one trainee for one occupation and level. */
export interface Assessment {
  id: string;
  enrolmentId: string;
  traineeId: string;
  evaluationBodyId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  assessedOn: IsoDate;
  result: AssessmentResult;
  /** Scores out of 100; null when a part was not examined or the trainee was absent. */
  theoryScore: number | null;
  practiceScore: number | null;
}

/** A certificate is valid until revoked (e.g. after a false evaluation is found, 十八). */
export type CertificateStatus = 'valid' | 'revoked';

/** A vocational skill level certificate (职业技能等级证书) issued on a passed assessment. */
export interface Certificate {
  id: string;
  /** The certificate number as printed. */
  number: string;
  traineeId: string;
  assessmentId: string;
  evaluationBodyId: string;
  occupationCode: OccupationCode;
  level: SkillLevelCode;
  issuedOn: IsoDate;
  status: CertificateStatus;
  revoked: AuditStamp | null;
}
