// DEMO ONLY — before the projects run, the platform's people set up what they need through the API:
// the administrator adds users, issues enterprise API keys and sets targets; the operator
// registers providers and evaluation bodies and publishes catalogues; enterprises post their
// demand orders. Every change carries an Idempotency-Key, so a resumed run replays the answers.
import { DEMO_API_KEY, demoData } from '@qiancheng/db';
import { type DemoClient, doneUnless } from './http.js';
import {
  DEMO_CATALOGUES,
  DEMO_EVALUATION_BODIES,
  DEMO_KEYED_ENTERPRISES,
  DEMO_NEW_USERS,
  DEMO_ORDERS,
  DEMO_PROVIDERS,
  DEMO_TARGETS,
} from './plan.js';

/** What the projects refer to, by the names and references the plan uses. */
export interface DemoWorld {
  enterprises: ReadonlyMap<string, string>;
  providers: ReadonlyMap<string, string>;
  evaluationBodies: ReadonlyMap<string, string>;
  orders: ReadonlyMap<string, { id: string; enterpriseId: string }>;
}

const admin = { user: 'admin' };
const operator = { user: 'operator' };

/**
 * A stable number from a text (FNV-1a): the seed of a registered body's credit code, and the ASCII
 * an Idempotency-Key needs in place of a Chinese name.
 */
function seedOf(text: string): number {
  let hash = 2_166_136_261;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16_777_619);
  return hash >>> 0;
}

/**
 * Sets the demo's world up (idempotent) and answers the ids the projects need. `enterprises` are
 * the ids by name (the platform registers enterprises; see demoData.seedLivingDemoWorld).
 */
export async function setUpWorld(
  client: DemoClient,
  enterprises: ReadonlyMap<string, string>,
): Promise<DemoWorld> {
  await Promise.all(
    DEMO_NEW_USERS.map((user) =>
      doneUnless(['username_taken'], () =>
        client.call('POST', '/users', admin, {
          body: { ...user, password: client.password },
          idempotencyKey: `demo:user:${user.username}`,
        }),
      ),
    ),
  );

  // What exists already (a resumed run) is looked up, not registered again.
  const byName = async (path: string) => {
    const page = await client.call<{ items: { id: string; name: string }[] }>(
      'GET',
      `${path}?pageSize=200`,
      operator,
    );
    return new Map(page.items.map((item) => [item.name, item.id]));
  };
  const providers = await byName('/training-providers');
  for (const { uscc, ...spec } of DEMO_PROVIDERS.filter((p) => !providers.has(p.name))) {
    const random = new demoData.DemoRandom(seedOf(spec.name));
    const code = demoData.demoCreditCode(random, uscc, spec.regionCode);
    await client.call('POST', '/training-providers', operator, {
      body: { ...spec, unifiedSocialCreditCode: code },
      idempotencyKey: `demo:provider:${seedOf(spec.name).toString(36)}`,
    });
  }
  const bodies = await byName('/evaluation-bodies');
  for (const { uscc, ...spec } of DEMO_EVALUATION_BODIES.filter((b) => !bodies.has(b.name))) {
    const random = new demoData.DemoRandom(seedOf(spec.name));
    const code = demoData.demoCreditCode(random, uscc, spec.regionCode);
    await client.call('POST', '/evaluation-bodies', operator, {
      body: { ...spec, unifiedSocialCreditCode: code },
      idempotencyKey: `demo:evaluation-body:${seedOf(spec.name).toString(36)}`,
    });
  }

  for (const catalogue of DEMO_CATALOGUES) {
    const versions = await client.call<{ items: { id: string; label: string; status: string }[] }>(
      'GET',
      `/catalogues?regionCode=${catalogue.regionCode}&pageSize=200`,
      operator,
    );
    const existing = versions.items.find((v) => v.label === catalogue.label);
    if (existing?.status === 'published') continue;
    const draft =
      existing ??
      (await client.call<{ id: string }>('POST', '/catalogues', operator, {
        body: {
          regionCode: catalogue.regionCode,
          label: catalogue.label,
          effectiveFrom: catalogue.effectiveFrom,
          reason: '年度目录发布（演示数据）',
        },
        idempotencyKey: `demo:catalogue:${catalogue.regionCode}`,
      }));
    for (const { occupationCode, ...entry } of catalogue.entries) {
      await client.call('PUT', `/catalogues/${draft.id}/entries/${occupationCode}`, operator, {
        body: entry,
        idempotencyKey: `demo:catalogue:${catalogue.regionCode}:${occupationCode}`,
      });
    }
    await client.call('POST', `/catalogues/${draft.id}/publish`, operator, {
      body: { publishedOn: catalogue.publishedOn, reason: '经省人社厅审定发布' },
      idempotencyKey: `demo:catalogue:${catalogue.regionCode}:publish`,
    });
  }

  const apiKeys = new Map<string, string>([['东莞精密智造科技有限公司', DEMO_API_KEY]]);
  for (const name of DEMO_KEYED_ENTERPRISES) {
    const id = enterprises.get(name);
    if (!id) throw new Error(`demo enterprise missing: ${name}`);
    const issued = await client.call<{ key: string }>(
      'POST',
      `/enterprises/${id}/api-keys/rotate`,
      admin,
      {
        body: { label: 'HR系统对接（演示数据）', reason: '企业入驻，开通岗位需求接口' },
        idempotencyKey: `demo:api-key:${seedOf(name).toString(36)}`,
      },
    );
    apiKeys.set(name, issued.key);
  }
  for (const { enterprise, order } of DEMO_ORDERS) {
    const apiKey = apiKeys.get(enterprise);
    if (!apiKey) throw new Error(`no API key for ${enterprise}`);
    const own = await client.call<{ items: { externalRef: string | null }[] }>(
      'GET',
      '/demand-orders?pageSize=200',
      { apiKey },
    );
    if (own.items.some((o) => o.externalRef === order.externalRef)) continue;
    await client.call(
      'POST',
      '/demand-orders',
      { apiKey },
      {
        body: order,
        idempotencyKey: `demo:order:${order.externalRef}`,
      },
    );
  }

  for (const target of DEMO_TARGETS) {
    await client.call('PUT', '/targets', admin, {
      body: target,
      idempotencyKey: `demo:target:${target.regionCode}:${target.measure}`,
    });
  }

  // The registries and orders by name, the seed's and this run's alike.
  const orders = await client.call<{
    items: { id: string; enterpriseId: string; externalRef: string | null }[];
  }>('GET', '/demand-orders?pageSize=200', admin);
  return {
    enterprises,
    providers: await byName('/training-providers'),
    evaluationBodies: await byName('/evaluation-bodies'),
    orders: new Map(
      orders.items
        .filter((o) => o.externalRef !== null)
        .map((o) => [o.externalRef as string, { id: o.id, enterpriseId: o.enterpriseId }]),
    ),
  };
}
