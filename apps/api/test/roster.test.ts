import { coursePlans, projects } from '@qiancheng/db';
import { residentIdCheckDigit } from '@qiancheng/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, type RunningWorker, startWorker } from './helpers.js';

// The roster of a running project (paged, filtered, every outcome per person) and the live
// state on the event stream.
const taskQueue = `api-roster-${Math.random().toString(36).slice(2, 10)}`;
let h: Harness;
let worker: RunningWorker;
let projectId: string;
let traineeIds: string[] = [];

const residentId = (seq: number) => {
  const first17 = `440305199702${String(10 + seq).padStart(2, '0')}${String(600 + seq).padStart(3, '0')}`;
  return `${first17}${residentIdCheckDigit(first17)}`;
};

beforeAll(async () => {
  h = await createHarness('api_roster', { taskQueue, workflowTimeoutMs: 30_000 });
  worker = await startWorker(h, taskQueue);
  const drone = (await projects.list(h.db)).find((p) => p.name.startsWith('深圳低空经济'));
  if (!drone) throw new Error('demo project missing');
  projectId = drone.id;
});
afterAll(async () => {
  await h.client.workflow
    .getHandle(`project-${projectId}`)
    .terminate('test over')
    .catch(() => undefined);
  await worker?.stop();
  await h?.close();
});

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the project roster', () => {
  it('lists each trainee with masked ID, key groups, attendance rate and assessment, filtered and paged', async () => {
    const pm = await h.as('pm.shenzhen');
    const post = (url: string, payload?: object) =>
      h.app.inject({
        method: 'POST',
        url: `/api/v1/projects/${projectId}${url}`,
        headers: pm,
        ...(payload ? { payload } : {}),
      });
    const roster = async (query = '') => {
      const response = await h.app.inject({
        method: 'GET',
        url: `/api/v1/projects/${projectId}/trainees${query}`,
        headers: pm,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect((await post('/launch', {})).statusCode).toBe(201);
    await until(
      'enrolment',
      async () => (await projects.find(h.db, projectId))?.stage === 'enrolment',
    );
    const enrolled = await post('/enrolments', {
      trainees: [1, 2, 3].map((n) => ({
        name: `名册学员${n}`,
        residentId: residentId(n),
        homeRegionCode: '440300',
        keyGroups: n === 1 ? ['unemployed_youth', 'unemployed_worker'] : ['unemployed_youth'],
      })),
    });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    traineeIds = (enrolled.json().trainees as { traineeId: string }[]).map((t) => t.traineeId);

    const all = await roster();
    expect(all.total).toBe(3);
    expect(all.items[0]).toMatchObject({
      name: '名册学员1',
      status: 'enrolled',
      keyGroups: ['unemployed_worker', 'unemployed_youth'],
      attendance: { attendedMinutes: 0, plannedMinutes: 0, rateBp: null },
      assessment: null,
      placement: null,
      claim: null,
    });
    expect(all.items[0].maskedResidentId).toContain('*');
    expect(JSON.stringify(all)).not.toContain(residentId(1));
    expect(
      (await roster('?keyGroup=unemployed_worker')).items.map((t: { name: string }) => t.name),
    ).toEqual(['名册学员1']);
    expect((await roster('?q=%E5%AD%A6%E5%91%983')).total).toBe(1);
    expect((await roster('?status=withdrawn')).total).toBe(0);
    const second = await roster('?pageSize=2&page=2');
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items).toHaveLength(1);

    expect((await post('/enrolment/close')).statusCode).toBe(200);
    await until(
      'training',
      async () => (await projects.find(h.db, projectId))?.stage === 'training',
    );
    const [module] = await coursePlans.listModules(h.db, projectId);
    if (!module) throw new Error('no course module');
    const attended = await post('/attendance', {
      moduleId: module.id,
      startsAt: '2027-04-01T01:00:00.000Z',
      minutes: 240,
      mode: 'offline',
      method: 'sign_in',
      presentTraineeIds: [traineeIds[0]],
    });
    expect(attended.statusCode, attended.body).toBe(202);
    const withAttendance = await until('attendance in the roster', async () => {
      const page = await roster();
      return page.items[0].attendance.attendedMinutes === 240 ? page : null;
    });
    expect(withAttendance.items[0].attendance).toEqual({
      attendedMinutes: 240,
      plannedMinutes: 240,
      rateBp: 10000,
    });
    expect(withAttendance.items[1].attendance.rateBp).toBe(0);
  });

  it('answers 404 to a manager of another region', async () => {
    const response = await h.app.inject({
      method: 'GET',
      url: `/api/v1/projects/${projectId}/trainees`,
      headers: await h.as('pm.chengdu'),
    });
    expect(response.statusCode).toBe(404);
  });

  it('refuses a retry when no step has failed, by its stable code', async () => {
    const response = await h.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${projectId}/retry`,
      headers: await h.as('pm.shenzhen'),
      payload: {},
    });
    // Not now rather than never: a step that fails later can be retried.
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe('NothingToRetry');
  });

  it('streams the live state, with its counts and failures, as state events', async () => {
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/v1/projects/${projectId}/events`, {
      headers: await h.as('pm.shenzhen'),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      while (!text.includes('event: state')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
    } finally {
      controller.abort();
    }
    const block = text.slice(text.indexOf('event: state'));
    const data = JSON.parse(block.split('\ndata: ')[1]?.split('\n')[0] ?? '{}');
    expect(data.projectId).toBe(projectId);
    expect(data.live.stage).toBe('training');
    expect(data.live.counts.enrolled).toBe(3);
    expect(data.live.failures).toEqual([]);
  });
});
