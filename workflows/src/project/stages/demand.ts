import { chainStep, enterStage, type ProjectContext } from '../context.js';

/** Demand (岗位需求): the project reserves the places of the demand orders it serves. */
export async function runDemand(ctx: ProjectContext): Promise<void> {
  await enterStage(ctx, 'demand', ctx.input.launchedBy);
  await chainStep(ctx, 'reserve_demand', () => ctx.io.reserveDemand({ projectId: ctx.projectId }));
}
