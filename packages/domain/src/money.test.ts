import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, InvalidAmountError, InvalidSharesError } from './errors.js';
import { assertWholeBasisPoints, formatYuan, isFen, parseYuan, splitFen, sumFen } from './money.js';

const RUNS = { numRuns: 1000 };
const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
const sharesArb = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 40 })), {
    minLength: 1,
    maxLength: 12,
  })
  .filter((shares) => shares.some((s) => s > 0));

/** part − exact quota, scaled by the share total, as a bigint. */
function quotaError(amount: number, shares: number[], index: number, part: number): bigint {
  const total = shares.reduce((a, b) => a + BigInt(b), 0n);
  return BigInt(part) * total - BigInt(amount) * BigInt(shares[index] ?? 0);
}

describe('splitFen', () => {
  it('splits 100 fen three ways as 34/33/33, the extra fen to the first tie', () => {
    expect(splitFen(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('gives the leftover fen to the largest remainders', () => {
    // Quotas 33.33…, 16.66…, 50 → the 0.66 remainder wins the one leftover fen.
    expect(splitFen(100, [3333, 1667, 5000])).toEqual([33, 17, 50]);
  });

  it('gives nothing to a zero share, even when fen are left over', () => {
    expect(splitFen(1, [0, 5000, 5000])).toEqual([0, 1, 0]);
    expect(splitFen(7, [0, 1, 1, 0, 1])).toEqual([0, 3, 2, 0, 2]);
  });

  it('splits zero into zeros', () => {
    expect(splitFen(0, [3, 7])).toEqual([0, 0]);
  });

  it('stays exact for the largest safe amount with huge shares', () => {
    const parts = splitFen(Number.MAX_SAFE_INTEGER, [2 ** 40, 3, 2 ** 41 + 1]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    [-1, 'negative'],
    [1.5, 'fractional'],
    [Number.MAX_SAFE_INTEGER + 1, 'unsafe'],
    [Number.NaN, 'NaN'],
  ])('rejects a %s (%s) amount with a typed error', (amount) => {
    expect(() => splitFen(amount, [1])).toThrow(InvalidAmountError);
  });

  it.each([
    [[], 'no shares'],
    [[0, 0], 'all-zero shares'],
    [[5, -1], 'a negative share'],
    [[0.5, 1], 'a fractional share'],
  ])('rejects %j (%s) with a typed error carrying a stable code', (shares) => {
    try {
      splitFen(100, shares);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidSharesError);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid_shares');
    }
  });

  it('always sums exactly to the amount', () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        const parts = splitFen(amount, shares);
        expect(parts).toHaveLength(shares.length);
        expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(amount));
      }),
      RUNS,
    );
  });

  it('never produces a negative or non-integer part', () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        for (const part of splitFen(amount, shares)) expect(isFen(part)).toBe(true);
      }),
      RUNS,
    );
  });

  it('keeps every part within one fen of its exact quota (floor or floor + 1)', () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        const total = shares.reduce((a, b) => a + BigInt(b), 0n);
        splitFen(amount, shares).forEach((part, i) => {
          const error = quotaError(amount, shares, i, part);
          expect(error > -total && error < total).toBe(true);
          if (shares[i] === 0) expect(part).toBe(0);
        });
      }),
      RUNS,
    );
  });

  it('gives a larger share at least as much, and equal shares within a fen (earlier first)', () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        const parts = splitFen(amount, shares);
        for (let i = 0; i < shares.length; i += 1) {
          for (let j = 0; j < shares.length; j += 1) {
            const [si, sj, pi, pj] = [shares[i] ?? 0, shares[j] ?? 0, parts[i] ?? 0, parts[j] ?? 0];
            if (si > sj) expect(pi).toBeGreaterThanOrEqual(pj);
            if (si === sj && i < j) expect(pi - pj === 0 || pi - pj === 1).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never gives a party less when only its own share grows', () => {
    fc.assert(
      fc.property(
        amountArb,
        sharesArb,
        fc.nat(),
        fc.integer({ min: 1, max: 10_000 }),
        (amount, shares, pick, bump) => {
          const i = pick % shares.length;
          const bigger = shares.map((s, k) => (k === i ? s + bump : s));
          expect(splitFen(amount, bigger)[i]).toBeGreaterThanOrEqual(
            splitFen(amount, shares)[i] ?? 0,
          );
        },
      ),
      RUNS,
    );
  });

  it('is deterministic: the same inputs give the same parts', () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        expect(splitFen(amount, [...shares])).toEqual(splitFen(amount, shares));
      }),
      RUNS,
    );
  });
});

describe('assertWholeBasisPoints', () => {
  it('accepts shares adding up to 10 000 bp', () => {
    expect(() => assertWholeBasisPoints([6000, 4000])).not.toThrow();
  });

  it('rejects shares that do not add up to the whole', () => {
    expect(() => assertWholeBasisPoints([6000, 3999])).toThrow(InvalidSharesError);
    expect(() => assertWholeBasisPoints([10_001, -1])).toThrow(InvalidSharesError);
  });
});

describe('sumFen', () => {
  it('adds amounts and rejects invalid ones', () => {
    expect(sumFen([1, 2, 3])).toBe(6);
    expect(() => sumFen([1, -2])).toThrow(InvalidAmountError);
    expect(() => sumFen([Number.MAX_SAFE_INTEGER, 1])).toThrow(InvalidAmountError);
  });
});

describe('yuan text', () => {
  it('parses published yuan amounts into fen without floats', () => {
    expect(parseYuan('1500')).toBe(150_000);
    expect(parseYuan('1500.5')).toBe(150_050);
    expect(parseYuan(' 0.07 ')).toBe(7);
    expect(parseYuan('1,500.50')).toBe(150_050);
    expect(parseYuan('0.29')).toBe(29);
  });

  it('rejects negative, over-precise or misgrouped amounts', () => {
    for (const text of ['-1', '1.005', '15,00', '', 'abc', '1e3', '90071992547409.92']) {
      expect(() => parseYuan(text)).toThrow(InvalidAmountError);
    }
  });

  it('formats fen as yuan with two decimals and round-trips', () => {
    expect(formatYuan(150_050)).toBe('1500.50');
    expect(formatYuan(7)).toBe('0.07');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseYuan(formatYuan(fen))).toBe(fen);
      }),
      { numRuns: 200 },
    );
  });
});
