import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AttendanceInput,
  CoordinatorDecisionInput,
  CoordinatorDecisionResult,
  EnrolTraineesInput,
  EnrolTraineesResult,
  FraudFindingInput,
  FraudFindingResult,
  ProjectState,
  RecordPlacementsInput,
  RecordPlacementsResult,
  ReviseSharesInput,
  ShareDecisionInput,
  ShareDecisionResult,
  StepInput,
  SubmitAssessmentsInput,
  SubmitAssessmentsResult,
} from './project.types.js';

/** Workflow id of a project: one workflow per training project. */
export const projectWorkflowId = (projectId: string) => `project-${projectId}`;

/** The project's live state (stage, counts, pending steps with deadlines, decisions). */
export const projectStateQuery = defineQuery<ProjectState>('state');

// Human steps are updates: validated, and answered synchronously with what took effect.
export const approveShareUpdate = defineUpdate<ShareDecisionResult, [ShareDecisionInput]>(
  'approveShare',
);
export const rejectShareUpdate = defineUpdate<ShareDecisionResult, [ShareDecisionInput]>(
  'rejectShare',
);
/** A provincial coordinator decides an escalated share: approve, reject or extend (十二). */
export const coordinatorDecisionUpdate = defineUpdate<
  CoordinatorDecisionResult,
  [CoordinatorDecisionInput]
>('coordinatorDecision');
export const reviseSharesUpdate = defineUpdate<{ round: number }, [ReviseSharesInput]>(
  'reviseShares',
);
export const enrolTraineesUpdate = defineUpdate<EnrolTraineesResult, [EnrolTraineesInput]>(
  'enrolTrainees',
);
export const closeEnrolmentUpdate = defineUpdate<{ enrolled: number }, [StepInput]>(
  'closeEnrolment',
);
export const completeTrainingUpdate = defineUpdate<{ attendanceRecords: number }, [StepInput]>(
  'completeTraining',
);
export const submitAssessmentsUpdate = defineUpdate<
  SubmitAssessmentsResult,
  [SubmitAssessmentsInput]
>('submitAssessments');
export const closeEvaluationUpdate = defineUpdate<{ certified: number }, [StepInput]>(
  'closeEvaluation',
);
export const recordPlacementsUpdate = defineUpdate<RecordPlacementsResult, [RecordPlacementsInput]>(
  'recordPlacements',
);
export const closeEmploymentUpdate = defineUpdate<{ placed: number }, [StepInput]>(
  'closeEmployment',
);
export const reportFraudUpdate = defineUpdate<FraudFindingResult, [FraudFindingInput]>(
  'reportFraud',
);
export const cancelProjectUpdate = defineUpdate<
  { stage: 'cancelled' },
  [StepInput & { reason: string }]
>('cancel');

/** After a chain step failed (see `failures` in the state), an operator retries it. */
export const retryStepUpdate = defineUpdate<{ step: string }, [StepInput]>('retryStep');

// Plain facts need no answer: signals.
export const attendanceSignal = defineSignal<[AttendanceInput]>('attendance');

/**
 * The project's retention workflow has recorded every check it followed: a project waiting to
 * review quality (十三) looks at its follow-ups now instead of at its next poll.
 */
export const followUpsSettledSignal = defineSignal('followUpsSettled');
