import { describe, expect, it } from 'vitest';
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  InvalidAmountError,
  InvalidSharesError,
  isDomainError,
} from './errors.js';

describe('domain errors', () => {
  it('carry a stable code, a field path and their class name', () => {
    const error = new InvalidSharesError('bad', 'shares[1]');
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('invalid_shares');
    expect(error.field).toBe('shares[1]');
    expect(error.name).toBe('InvalidSharesError');
    expect(DOMAIN_ERROR_CODES).toContain(new InvalidAmountError('x').code);
  });

  it('are recognised by shape when they come from another copy of the package', () => {
    const foreign = Object.assign(new Error('from the workflow bundle'), {
      code: 'invalid_amount',
    });
    expect(isDomainError(foreign)).toBe(true);
    expect(isDomainError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
    expect(isDomainError({ code: 'invalid_amount' })).toBe(false);
  });
});
