import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromEpochDay, toEpochDay } from './dates.js';
import { maskResidentId, residentIdCheckDigit, validateResidentId } from './identity.js';
import { PROVINCES } from './reference/regions.js';

const TODAY = '2025-07-01';

describe('validateResidentId', () => {
  it('accepts valid IDs and reads birth date and sex', () => {
    expect(validateResidentId('11010519491231002X', { today: TODAY })).toEqual({
      valid: true,
      normalized: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(validateResidentId('440524198001010013', { today: TODAY })).toMatchObject({
      valid: true,
      birthDate: '1980-01-01',
      sex: 'male',
    });
  });

  it("rejects births before 1900 even with a correct check digit (the standard's 1880 example)", () => {
    expect(validateResidentId('440524188001010014', { today: TODAY })).toMatchObject({
      valid: false,
      reason: 'birth_date',
    });
  });

  it('accepts a lower-case x and surrounding spaces, normalising them', () => {
    expect(validateResidentId(' 11010519491231002x ', { today: TODAY })).toMatchObject({
      valid: true,
      normalized: '11010519491231002X',
    });
  });

  it.each([
    ['1101051949123100', 'format'],
    ['11010519491231002Y', 'format'],
    ['X10105194912310021', 'format'],
    ['991051194912310020', 'region'],
    ['110105194902300020', 'birth_date'],
    ['110105189912310020', 'birth_date'],
    ['11010519491231002', 'format'],
    ['110105194912310021', 'check_digit'],
  ])('rejects %s for its %s', (id, reason) => {
    expect(validateResidentId(id, { today: TODAY })).toMatchObject({ valid: false, reason });
  });

  it('rejects a birth date after today, judged in Asia/Shanghai', () => {
    const first17 = '44010620250702001';
    const id = first17 + residentIdCheckDigit(first17);
    expect(validateResidentId(id, { today: '2025-07-01' })).toMatchObject({ reason: 'birth_date' });
    expect(validateResidentId(id, { today: '2025-07-02' })).toMatchObject({ valid: true });
  });

  describe('for generated IDs', () => {
    const idArb = fc
      .record({
        province: fc.constantFrom(...PROVINCES.map((p) => p.code.slice(0, 2))),
        area: fc.integer({ min: 0, max: 9999 }),
        birthDay: fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay(TODAY) }),
        sequence: fc.integer({ min: 0, max: 999 }),
      })
      .map(({ province, area, birthDay, sequence }) => {
        const first17 =
          province +
          String(area).padStart(4, '0') +
          fromEpochDay(birthDay).replaceAll('-', '') +
          String(sequence).padStart(3, '0');
        return {
          id: first17 + residentIdCheckDigit(first17),
          birthDate: fromEpochDay(birthDay),
          sequence,
        };
      });

    it('validates every well-formed ID and reads back its birth date and sex', () => {
      fc.assert(
        fc.property(idArb, ({ id, birthDate, sequence }) => {
          expect(validateResidentId(id, { today: TODAY })).toEqual({
            valid: true,
            normalized: id,
            regionCode: id.slice(0, 6),
            birthDate,
            sex: sequence % 2 === 1 ? 'male' : 'female',
          });
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects every ID whose check digit is changed', () => {
      fc.assert(
        fc.property(idArb, fc.constantFrom(...'0123456789X'), ({ id }, other) => {
          fc.pre(other !== id[17]);
          expect(validateResidentId(id.slice(0, 17) + other, { today: TODAY })).toMatchObject({
            valid: false,
            reason: 'check_digit',
          });
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects every ID with a single body digit changed (MOD 11-2 catches it)', () => {
      fc.assert(
        fc.property(
          idArb,
          fc.integer({ min: 0, max: 16 }),
          fc.integer({ min: 1, max: 9 }),
          ({ id }, at, delta) => {
            const digit = (Number(id[at]) + delta) % 10;
            const changed = id.slice(0, at) + digit + id.slice(at + 1);
            expect(validateResidentId(changed, { today: TODAY }).valid).toBe(false);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});

describe('maskResidentId', () => {
  it('keeps the first six and last four characters', () => {
    expect(maskResidentId('44010619900101123x')).toBe('440106********123X');
  });

  it('masks short strings entirely rather than leak most of them', () => {
    expect(maskResidentId('12345')).toBe('*****');
    expect(maskResidentId('')).toBe('');
  });
});
