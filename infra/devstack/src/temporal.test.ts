import { describe, expect, it } from 'vitest';
import { resolveTemporalCli, searchAttributes } from './temporal.js';

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
