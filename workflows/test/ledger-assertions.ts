import { type Db, ledger, subsidyClaims } from '@qiancheng/db';
import { expect } from 'vitest';

/** Every claim's ledger lines add up exactly to its amount; reversed claims net to zero. */
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
    expect(reversed).toBe(claim.status === 'clawed_back' ? claim.amountFen : 0);
  }
  return { claims: claims.length, entries: entries.length };
}
