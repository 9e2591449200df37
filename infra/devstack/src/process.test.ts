import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, startProcess, waitFor } from './process.js';

describe('freePort', () => {
  it('returns a loopback port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(port, '127.0.0.1', resolve),
    );
    expect((server.address() as { port: number }).port).toBe(port);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('waitFor', () => {
  it('retries a failing probe until it succeeds', async () => {
    let attempts = 0;
    const value = await waitFor(
      'flaky',
      async () => {
        attempts += 1;
        if (attempts < 3) throw new Error('not yet');
        return 'ready';
      },
      5_000,
    );
    expect(value).toBe('ready');
    expect(attempts).toBe(3);
  });

  it('names what never became ready and the last error', async () => {
    await expect(
      waitFor('the thing', async () => Promise.reject(new Error('still down')), 300),
    ).rejects.toThrow(/the thing did not become ready within 300 ms: Error: still down/);
  });
});

describe('startProcess', () => {
  it('reports the exit code and stops a long-running child', async () => {
    expect(
      await startProcess('ok', process.execPath, ['-e', 'process.exit(3)'], { quiet: true }).exited,
    ).toBe(3);
    const sleeper = startProcess(
      'sleeper',
      process.execPath,
      ['-e', 'setTimeout(() => {}, 60000)'],
      { quiet: true },
    );
    await sleeper.stop();
    expect(sleeper.child.signalCode).toBe('SIGTERM');
  });
});
