import type { ProjectStage } from './project-stage.js';
import { isSkillLevelCode } from './reference/skill-levels.js';

/**
 * The rules a project's human steps must pass before they take effect (enrol, assess, place,
 * decide a share, report fraud, cancel). Pure checks: each returns the problems it finds, in the
 * order a person should fix them; the workflow refuses a step with the first one.
 */

/** Per-trainee work travels in batches of at most this many, so workflow histories stay bounded. */
export const MAX_BATCH = 500;

/** Stages in which a project can still be cancelled: before money moves. */
export const CANCELLABLE_STAGES: readonly ProjectStage[] = [
  'demand',
  'cost_sharing',
  'enrolment',
  'training',
  'evaluation',
  'employment',
];

/** Stages in which fraud findings (十八) are accepted: once claims exist. */
export const FRAUD_STAGES: readonly ProjectStage[] = ['settlement', 'quality_review', 'closed'];

/** Stable kinds of refusal; the workflow answers with them as failure types. */
export type StepRefusalType =
  | 'WrongStage'
  | 'InvalidId'
  | 'EmptyBatch'
  | 'BatchTooLarge'
  | 'InvalidLevel'
  | 'CertificateRequired'
  | 'InvalidWage'
  | 'ReasonRequired'
  | 'InvalidText'
  | 'StaleRound'
  | 'RoundOpening'
  | 'NotAParty'
  | 'AlreadyDecided'
  | 'EnrolmentClosed'
  | 'NobodyEnrolled';

/** One reason a step cannot be taken, with the input field it concerns when one can be named. */
export interface StepProblem {
  type: StepRefusalType;
  message: string;
  field: string | null;
}

/** A step refused by these rules; `type` and `field` are those of the first problem. */
export class StepRefusedError extends Error {
  override readonly name = 'StepRefusedError';
  readonly type: StepRefusalType;
  readonly field: string | null;
  readonly problems: readonly StepProblem[];
  constructor(problems: readonly [StepProblem, ...StepProblem[]]) {
    super(problems[0].message);
    this.type = problems[0].type;
    this.field = problems[0].field;
    this.problems = problems;
  }
}

/** Throws a {@link StepRefusedError} when there is any problem. */
export function refuseIfAny(problems: readonly StepProblem[]): void {
  const [first, ...rest] = problems;
  if (first) throw new StepRefusedError([first, ...rest]);
}

const problem = (type: StepRefusalType, message: string, field: string | null = null) => ({
  type,
  message,
  field,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** C0 controls except tab, newline and carriage return, and DEL: PostgreSQL refuses NUL in text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** True for a UUID (any version), the form of every record id. */
export function isRecordId(value: string): boolean {
  return UUID.test(value);
}

/** The step needs the project in one of `allowed`. */
export function stageProblems(
  projectId: string,
  stage: ProjectStage,
  allowed: readonly ProjectStage[],
): StepProblem[] {
  return allowed.includes(stage)
    ? []
    : [
        problem(
          'WrongStage',
          `project ${projectId} is in stage ${stage}; this step needs ${allowed.join(' or ')}`,
        ),
      ];
}

/** Every id must be a record id; `what` names them in the message. */
export function idProblems(ids: readonly string[], what: string, field: string): StepProblem[] {
  const index = ids.findIndex((id) => !UUID.test(id));
  return index === -1
    ? []
    : [
        problem(
          'InvalidId',
          `${what} ${JSON.stringify(ids[index])} is not an id`,
          `${field}[${index}]`,
        ),
      ];
}

/** A batch has at least one and at most {@link MAX_BATCH} items. */
export function batchProblems(size: number, what: string, field: string): StepProblem[] {
  if (size === 0) return [problem('EmptyBatch', `no ${what} given`, field)];
  if (size > MAX_BATCH)
    return [problem('BatchTooLarge', `at most ${MAX_BATCH} ${what} per call, got ${size}`, field)];
  return [];
}

/** Free text people type (reasons, numbers) carries no control characters such as NUL. */
export function textProblems(value: string | null | undefined, field: string): StepProblem[] {
  return value != null && CONTROL.test(value)
    ? [problem('InvalidText', `${field} contains a control character`, field)]
    : [];
}

/**
 * A reason, required for `requiredFor` steps ("a rejection needs a reason") and free of control
 * characters whenever given.
 */
export function reasonProblems(
  reason: string | null | undefined,
  requiredFor: string | null,
): StepProblem[] {
  if (requiredFor !== null && !reason?.trim())
    return [problem('ReasonRequired', `${requiredFor} needs a reason`, 'reason')];
  return textProblems(reason, 'reason');
}

/** A partner region's approval or rejection of its share in a round. */
export interface ShareDecisionCheck {
  projectId: string;
  stage: ProjectStage;
  /** The round now open. */
  currentRound: number;
  /** The current round's parties; empty while the round is opening. */
  parties: readonly { regionCode: string; status: string }[];
  decision: { regionCode: string; round: number; reason?: string | null | undefined };
  /** A rejection needs a reason. */
  rejecting: boolean;
}

export function shareDecisionProblems(c: ShareDecisionCheck): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, ['cost_sharing']);
  if (stage.length) return stage;
  if (c.decision.round !== c.currentRound)
    return [
      problem(
        'StaleRound',
        `round ${c.decision.round} is over; the current round is ${c.currentRound}`,
        'round',
      ),
    ];
  if (c.parties.length === 0)
    return [problem('RoundOpening', `round ${c.currentRound} is still opening; try again shortly`)];
  const party = c.parties.find((p) => p.regionCode === c.decision.regionCode);
  if (!party)
    return [
      problem('NotAParty', `${c.decision.regionCode} is not a party of this project`, 'regionCode'),
    ];
  if (party.status !== 'pending')
    return [
      problem(
        'AlreadyDecided',
        `${c.decision.regionCode} has already ${party.status} round ${c.currentRound}`,
      ),
    ];
  return reasonProblems(c.decision.reason, c.rejecting ? 'a rejection' : null);
}

/** Enrolling a batch of trainees. */
export function enrolmentProblems(c: {
  projectId: string;
  stage: ProjectStage;
  enrolmentClosed: boolean;
  traineeIds: readonly string[];
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, ['enrolment']);
  if (stage.length) return stage;
  if (c.enrolmentClosed) return [problem('EnrolmentClosed', 'enrolment is closed')];
  const batch = batchProblems(c.traineeIds.length, 'trainees', 'traineeIds');
  return batch.length ? batch : idProblems(c.traineeIds, 'trainee', 'traineeIds');
}

/** Closing enrolment: someone eligible must be enrolled. */
export function closeEnrolmentProblems(c: {
  projectId: string;
  stage: ProjectStage;
  enrolled: number;
  reason?: string | null | undefined;
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, ['enrolment']);
  if (stage.length) return stage;
  if (c.enrolled === 0)
    return [problem('NobodyEnrolled', 'enrolment cannot close with no eligible trainee enrolled')];
  return reasonProblems(c.reason, null);
}

/** A step that only closes its stage (training, evaluation, employment). */
export function closeStageProblems(c: {
  projectId: string;
  stage: ProjectStage;
  closes: ProjectStage;
  reason?: string | null | undefined;
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, [c.closes]);
  return stage.length ? stage : reasonProblems(c.reason, null);
}

/** One trainee's assessment result as submitted. */
export interface AssessmentResultCheck {
  traineeId: string;
  result: string;
  level: string | null;
  certificateNo: string | null;
}

export function assessmentProblems(c: {
  projectId: string;
  stage: ProjectStage;
  results: readonly AssessmentResultCheck[];
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, ['evaluation']);
  if (stage.length) return stage;
  const batch = batchProblems(c.results.length, 'assessment results', 'results');
  if (batch.length) return batch;
  const ids = idProblems(
    c.results.map((r) => r.traineeId),
    'trainee',
    'results',
  );
  if (ids.length) return ids;
  const problems: StepProblem[] = [];
  for (const [i, r] of c.results.entries()) {
    if (r.level !== null && !isSkillLevelCode(r.level))
      problems.push(
        problem(
          'InvalidLevel',
          `trainee ${r.traineeId}: ${r.level} is not a skill level`,
          `results[${i}].level`,
        ),
      );
    if (r.result === 'passed' && !r.certificateNo)
      problems.push(
        problem(
          'CertificateRequired',
          `trainee ${r.traineeId} passed: a certificate number is required`,
          `results[${i}].certificateNo`,
        ),
      );
    problems.push(...textProblems(r.certificateNo, `results[${i}].certificateNo`));
  }
  return problems;
}

/** One placement as submitted. */
export interface PlacementCheck {
  traineeId: string;
  enterpriseId: string;
  demandOrderId: string | null;
  monthlyWageFen: number;
}

export function placementProblems(c: {
  projectId: string;
  stage: ProjectStage;
  placements: readonly PlacementCheck[];
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, ['employment']);
  if (stage.length) return stage;
  const batch = batchProblems(c.placements.length, 'placements', 'placements');
  if (batch.length) return batch;
  const ids = idProblems(
    c.placements.flatMap((p) => [
      p.traineeId,
      p.enterpriseId,
      ...(p.demandOrderId ? [p.demandOrderId] : []),
    ]),
    'trainee, enterprise or demand order',
    'placements',
  );
  // The flattened index names no field of its own: point at the placements.
  if (ids.length) return ids.map((p) => ({ ...p, field: 'placements' }));
  return c.placements.flatMap((p, i) =>
    Number.isSafeInteger(p.monthlyWageFen) && p.monthlyWageFen > 0
      ? []
      : [
          problem(
            'InvalidWage',
            `trainee ${p.traineeId}: the wage must be a positive whole number of fen`,
            `placements[${i}].monthlyWageFen`,
          ),
        ],
  );
}

/** A fraud finding (十八): once money moved, always with a reason. */
export function fraudProblems(c: {
  projectId: string;
  stage: ProjectStage;
  traineeIds: readonly string[];
  reason: string | null | undefined;
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, FRAUD_STAGES);
  if (stage.length) return stage;
  const reason = reasonProblems(c.reason, 'a fraud finding');
  if (reason.length) return reason;
  return c.traineeIds.length > MAX_BATCH
    ? batchProblems(c.traineeIds.length, 'trainees', 'traineeIds')
    : idProblems(c.traineeIds, 'trainee', 'traineeIds');
}

/** Cancelling a project: before money moves, always with a reason. */
export function cancelProblems(c: {
  projectId: string;
  stage: ProjectStage;
  reason: string | null | undefined;
}): StepProblem[] {
  const stage = stageProblems(c.projectId, c.stage, CANCELLABLE_STAGES);
  return stage.length ? stage : reasonProblems(c.reason, 'a cancellation');
}
