import { projects, projectSearch as repository } from '@qiancheng/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { iso } from '../../../../lib/json.js';
import { type Context, liveView, loadVisible } from '../../../../services/projects.service.js';
import { queryProjectState } from '../../../../services/workflow.service.js';

const HEARTBEAT_MS = 15_000;
/** Live changes (parties, pending steps, counts) reach an open page within 2 s: poll at most every 500 ms. */
const MAX_POLL_MS = 500;
const FINAL = new Set(['closed', 'cancelled']);

/**
 * Server-sent events of a project's changes, for the console. `stage` events: the stage read
 * from PostgreSQL (the workflow's activities record each change there), so any API instance can
 * serve the stream. `state` events: the workflow's live state (the same value as `live` in
 * GET /projects/{id}, actors named) whenever it differs from the last one sent — parties
 * deciding, pending steps, counts. The first events are the current stage and state; the stream
 * ends after a final stage.
 */
export async function streamProjectEvents(
  app: FastifyInstance,
  ctx: Context,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const record = await loadVisible(ctx.db, ctx.user, (request.params as { id: string }).id);
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-request-id': request.id,
    'x-content-type-options': 'nosniff',
    ...(request.headers.origin === app.settings.consoleOrigin
      ? { 'access-control-allow-origin': app.settings.consoleOrigin, vary: 'Origin' }
      : {}),
  });
  let last = '';
  let sequence = 0;
  let open = true;
  const send = (stage: string, at: Date) => {
    sequence += 1;
    const data = JSON.stringify({ projectId: record.id, stage, at: iso(at) });
    raw.write(`id: ${sequence}\nevent: stage\ndata: ${data}\n\n`);
  };
  let workflowId = record.workflowId;
  let lastState = '';
  const sendState = async () => {
    if (!workflowId) workflowId = (await projects.find(ctx.db, record.id))?.workflowId ?? null;
    if (!workflowId) return;
    const { state } = await queryProjectState(ctx.client, workflowId, 2_000);
    if (!state || !open) return;
    // Names are looked up only when the state changed, not on every poll.
    const text = JSON.stringify(state);
    if (text === lastState) return;
    lastState = text;
    const live = await liveView(ctx.db, state);
    if (!open) return;
    sequence += 1;
    const data = JSON.stringify({ projectId: record.id, at: iso(new Date()), live });
    raw.write(`id: ${sequence}\nevent: state\ndata: ${data}\n\n`);
  };
  const tick = async () => {
    if (!open) return;
    try {
      const now = await repository.stageOf(ctx.db, record.id);
      if (now && now.stage !== last) {
        last = now.stage;
        send(now.stage, now.updatedAt);
      }
      await sendState();
      if (now && FINAL.has(now.stage)) return stop(true);
    } catch (error) {
      request.log.warn({ err: error }, 'event stream poll failed');
    }
    if (open) timer = setTimeout(tick, Math.min(app.settings.ssePollMs, MAX_POLL_MS));
  };
  const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  let timer: NodeJS.Timeout | undefined;
  const stop = (end: boolean) => {
    open = false;
    clearTimeout(timer);
    clearInterval(heartbeat);
    if (end) raw.end();
  };
  raw.write('retry: 3000\n\n');
  request.raw.on('close', () => stop(false));
  await tick();
}
