import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../process.js';
import { type ApiProxy, startApiProxy } from './api-proxy.js';

/** An upstream that answers with its name and the request it got, byte for byte. */
async function echo(name: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/die') {
        // Dies mid-request, as a SIGKILLed instance does: the connection just ends.
        request.socket.destroy();
        return;
      }
      response.writeHead(request.url === '/fail' ? 500 : 200, {
        'content-type': 'application/json',
      });
      response.end(
        JSON.stringify({
          name,
          method: request.method,
          url: request.url,
          type: request.headers['content-type'] ?? null,
          body: Buffer.concat(chunks).toString('base64'),
        }),
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}

const open: { close(): unknown }[] = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

async function proxyOver(upstreams: { name: string; url: string }[]): Promise<ApiProxy> {
  const proxy = await startApiProxy({ port: await freePort(), upstreams });
  open.push(proxy);
  return proxy;
}

describe('the API proxy of the cluster mode', () => {
  it('spreads requests over the instances and passes bodies through unchanged', async () => {
    const [a, b] = await Promise.all([echo('api-1'), echo('api-2')]);
    open.push(a.server, b.server);
    const proxy = await proxyOver([
      { name: 'api-1', url: a.url },
      { name: 'api-2', url: b.url },
    ]);
    // Not what a JSON parser would write back: the key order, spaces and a big number stay.
    const body = '{"b": 1, "a": 12345678901234567890, "s": "前程"}';
    const seen = [];
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${proxy.url}/api/v1/x?page=2`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const got = (await response.json()) as Record<string, string>;
      expect(response.headers.get('x-upstream')).toBe(got.name);
      expect(got.url).toBe('/api/v1/x?page=2');
      expect(got.type).toBe('application/json');
      expect(Buffer.from(got.body as string, 'base64').toString()).toBe(body);
      seen.push(got.name);
    }
    expect(seen.sort()).toEqual(['api-1', 'api-1', 'api-2', 'api-2']);
    await fetch(`${proxy.url}/fail`);
    const answers = proxy.answers();
    expect(answers['api-1']?.[200]).toBe(2);
    expect((answers['api-1']?.[500] ?? 0) + (answers['api-2']?.[500] ?? 0)).toBe(1);
  });

  it('sends a request a dead instance refuses to the live one, and says 502 when one dies mid-request', async () => {
    const live = await echo('api-2');
    open.push(live.server);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const proxy = await proxyOver([
      { name: 'api-1', url: dead },
      { name: 'api-2', url: live.url },
    ]);
    for (let i = 0; i < 4; i += 1) {
      const response = await fetch(`${proxy.url}/api/v1/claims`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `k${i}` },
        body: JSON.stringify({ i }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { name: string }).name).toBe('api-2');
    }
    expect(proxy.answers()).toEqual({ 'api-1': {}, 'api-2': { 200: 4 } });

    const died = await fetch(`${proxy.url}/die`, { method: 'POST', body: 'x' });
    expect(died.status).toBe(502);
  });
});
