import { fraudProblems } from '@qiancheng/domain';
import { setHandler, workflowInfo } from '@temporalio/workflow';
import { attempt, decide, type ProjectContext, refuse, tracked } from '../context.js';
import { reportFraudUpdate } from '../project.definitions.js';

/** Fraud findings (十八) after settlement: claims clawed back, qualifications revoked. */
export function registerFraudHandlers(ctx: ProjectContext) {
  const { state, projectId } = ctx;
  let findings = 0;
  setHandler(
    reportFraudUpdate,
    async (finding) =>
      tracked(ctx, async () => {
        findings += 1;
        decide(ctx, finding.by, `fraud:${finding.kind}`, finding.reason);
        const findingKey = `${workflowInfo().workflowId}:fraud:${findings}`;
        const reversed = await attempt(ctx, 'report_fraud', finding.by, () =>
          ctx.io.clawBack({
            projectId,
            findingKey,
            kind: finding.kind,
            traineeIds: finding.traineeIds,
            by: finding.by,
            reason: finding.reason,
          }),
        );
        state.counts.reversedClaims += reversed.reversedClaims;
        state.counts.reversedFen += reversed.reversedFen;
        const { revoked } =
          finding.revokeProvider || finding.revokeEvaluationBody
            ? await attempt(ctx, 'revoke_qualifications', finding.by, () =>
                ctx.io.revokeQualifications({
                  projectId,
                  provider: finding.revokeProvider,
                  evaluationBody: finding.revokeEvaluationBody,
                  by: finding.by,
                  reason: finding.reason,
                }),
              )
            : { revoked: [] as ('provider' | 'evaluation_body')[] };
        return { ...reversed, revoked };
      }),
    {
      validator: (finding) =>
        refuse(
          fraudProblems({
            projectId,
            stage: state.stage,
            traineeIds: finding.traineeIds,
            reason: finding.reason,
          }),
        ),
    },
  );
}
