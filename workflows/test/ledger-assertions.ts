import { type Db, ledger, plans, subsidyClaims } from '@qiancheng/db';
import { splitClaim } from '@qiancheng/domain';
import { expect } from 'vitest';

/**
 * Every claim's ledger lines add up exactly to its amount, one line per (party, fund) of the last
 * approved round's exact split (approved shares bind the money); reversed claims net to zero.
 */
export async function expectExactLedger(
  db: Db,
  projectId: string,
): Promise<{ claims: number; entries: number }> {
  const claims = await subsidyClaims.listForProject(db, projectId);
  const entries = await ledger.listForProject(db, projectId);
  for (const claim of claims) {
    const mine = entries.filter((e) => e.claimId === claim.id);
    const claimed = mine.filter((e) => e.kind === 'claim').reduce((s, e) => s + e.amountFen, 0);
    const reversed = mine.filter((e) => e.kind === 'reversal').reduce((s, e) => s + e.amountFen, 0);
    expect(claimed).toBe(claim.amountFen);
    const approved = await plans.approvedRound(db, projectId);
    const expected = splitClaim(claim.amountFen, approved?.parties ?? []).flatMap((party) =>
      party.lines
        .filter((line) => line.amount > 0)
        .map((line) => `${party.regionCode}:${line.source}:${line.amount}`),
    );
    expect(
      mine
        .filter((e) => e.kind === 'claim')
        .map((e) => `${e.payerRegionCode}:${e.fundingSource}:${e.amountFen}`)
        .sort(),
    ).toEqual(expected.sort());
    expect(reversed).toBe(claim.status === 'clawed_back' ? claim.amountFen : 0);
  }
  return { claims: claims.length, entries: entries.length };
}
