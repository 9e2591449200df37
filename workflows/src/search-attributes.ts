import { defineSearchAttributeKey } from '@temporalio/common';

/**
 * Custom search attributes operators filter by in the Temporal Web UI. The server registers them
 * at start from infra/temporal/search-attributes.json; a test checks the two lists agree.
 */
export const SEARCH_ATTRIBUTES = {
  projectId: defineSearchAttributeKey('ProjectId', 'KEYWORD'),
  regionCode: defineSearchAttributeKey('RegionCode', 'KEYWORD'),
  partnerRegions: defineSearchAttributeKey('PartnerRegions', 'KEYWORD_LIST'),
  sector: defineSearchAttributeKey('Sector', 'KEYWORD'),
  stage: defineSearchAttributeKey('Stage', 'KEYWORD'),
  enterpriseId: defineSearchAttributeKey('EnterpriseId', 'KEYWORD'),
} as const;
