import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DYNAMIC_CONFIG } from './cluster/temporal-cluster.js';
import { platformDynamicConfig, resolveTemporalCli, searchAttributes } from './temporal.js';

describe('the search attributes registered at start', () => {
  it('are read from infra/temporal/search-attributes.json without its comment', () => {
    expect(searchAttributes).toMatchObject({
      ProjectId: 'Keyword',
      PartnerRegions: 'KeywordList',
      Stage: 'Keyword',
    });
    expect(Object.keys(searchAttributes).some((key) => key.startsWith('$'))).toBe(false);
  });
});

describe("the platform's dynamic config", () => {
  it('turns on eager activity execution, read from infra/temporal/dynamic-config.json', () => {
    expect(platformDynamicConfig).toEqual({ 'system.enableActivityEagerExecution': true });
  });

  it("is in the cluster's dynamicconfig.yaml, beside the cluster's own values", () => {
    const yaml = parse(DYNAMIC_CONFIG) as Record<string, { value: unknown }[]>;
    expect(yaml['system.enableActivityEagerExecution']).toEqual([{ value: true }]);
    expect(yaml['limit.maxIDLength']).toEqual([{ value: 255 }]);
  });
});

describe('resolveTemporalCli', () => {
  it('prefers TEMPORAL_CLI when it is set', () => {
    const previous = process.env.TEMPORAL_CLI;
    process.env.TEMPORAL_CLI = '/opt/temporal/bin/temporal';
    try {
      expect(resolveTemporalCli()).toBe('/opt/temporal/bin/temporal');
    } finally {
      if (previous === undefined) delete process.env.TEMPORAL_CLI;
      else process.env.TEMPORAL_CLI = previous;
    }
  });
});
