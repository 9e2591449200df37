import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { HealthResponse } from './health.js';

describe('the health response schema', () => {
  it('accepts a report naming a dependency that is down', () => {
    const body = {
      status: 'unavailable',
      down: ['temporal'],
      checks: {
        postgres: { status: 'up', latencyMs: 3 },
        temporal: { status: 'down', latencyMs: 2000, error: 'timed out' },
      },
    };
    expect(Value.Check(HealthResponse, body)).toBe(true);
  });

  it('rejects an unknown dependency name and a negative latency', () => {
    const base = {
      status: 'ok',
      down: [],
      checks: {
        postgres: { status: 'up', latencyMs: 1 },
        temporal: { status: 'up', latencyMs: 1 },
      },
    };
    expect(Value.Check(HealthResponse, { ...base, down: ['redis'] })).toBe(false);
    expect(
      Value.Check(HealthResponse, {
        ...base,
        checks: { ...base.checks, postgres: { status: 'up', latencyMs: -1 } },
      }),
    ).toBe(false);
  });
});
