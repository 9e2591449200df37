import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from '../src/worker/config.js';

const base = {
  DATABASE_URL: 'postgres://app@127.0.0.1:5432/q',
  APP_DATABASE_URL: 'postgres://app@127.0.0.1:5432/q',
};

describe("the worker's deployment version", () => {
  it('is read from WORKER_DEPLOYMENT_NAME and WORKER_BUILD_ID together', () => {
    expect(
      loadWorkerConfig({
        ...base,
        WORKER_DEPLOYMENT_NAME: 'qiancheng-projects',
        WORKER_BUILD_ID: '3ddb925',
      }).deployment,
    ).toEqual({ name: 'qiancheng-projects', buildId: '3ddb925' });
    expect(loadWorkerConfig(base).deployment).toBeUndefined();
  });

  it('is refused half given or malformed, naming the variable', () => {
    expect(() => loadWorkerConfig({ ...base, WORKER_BUILD_ID: 'b1' })).toThrow(
      'WORKER_DEPLOYMENT_NAME: needed when WORKER_BUILD_ID is set',
    );
    expect(() => loadWorkerConfig({ ...base, WORKER_DEPLOYMENT_NAME: 'q' })).toThrow(
      'WORKER_BUILD_ID: needed when WORKER_DEPLOYMENT_NAME is set',
    );
    expect(() =>
      loadWorkerConfig({ ...base, WORKER_DEPLOYMENT_NAME: 'q p', WORKER_BUILD_ID: 'b1' }),
    ).toThrow(/^WORKER_DEPLOYMENT_NAME: "q p"/);
  });
});
