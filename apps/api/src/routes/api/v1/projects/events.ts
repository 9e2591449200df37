import { projectSearch as repository } from '@qiancheng/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { iso } from '../../../../lib/json.js';
import { type Context, loadVisible } from '../../../../services/projects.service.js';

const HEARTBEAT_MS = 15_000;
const FINAL = new Set(['closed', 'cancelled']);

/**
 * Server-sent events of a project's stage changes, for the console. The stage is read from
 * PostgreSQL (the workflow's activities record each change there), so any API instance can
 * serve the stream; the first event is the current stage, the stream ends after a final stage.
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
  const tick = async () => {
    if (!open) return;
    try {
      const now = await repository.stageOf(ctx.db, record.id);
      if (now && now.stage !== last) {
        last = now.stage;
        send(now.stage, now.updatedAt);
        if (FINAL.has(now.stage)) return stop(true);
      }
    } catch (error) {
      request.log.warn({ err: error }, 'event stream poll failed');
    }
    if (open) timer = setTimeout(tick, app.settings.ssePollMs);
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
