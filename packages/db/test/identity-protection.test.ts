import { validateResidentId } from '@qiancheng/domain';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEV_ID_ENC_KEY,
  InvalidResidentIdError,
  identityKeysFromEnv,
  protectResidentId,
  residentIdDigest,
  revealResidentId,
} from '../src/identity-protection.js';
import * as trainees from '../src/repositories/trainees.repository.js';
import { residentId, testKeys } from './fixtures.js';
import { freshDatabase } from './fresh-database.js';

// 11010519491231002X is the GB 11643 standard's own example number.
const SAMPLE = '11010519491231002X';

describe('resident ID protection', () => {
  it('gives the same ID the same digest, whatever its case or surrounding space', () => {
    const digest = residentIdDigest(SAMPLE, testKeys);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(residentIdDigest(` ${SAMPLE.toLowerCase()} `, testKeys)).toBe(digest);
    expect(protectResidentId(SAMPLE, testKeys).digest).toBe(digest);
    expect(residentIdDigest('110105194912310038', testKeys)).not.toBe(digest);
  });

  it('keys the digest: another key gives another digest, so it cannot be rebuilt by enumeration', () => {
    const other = identityKeysFromEnv({
      QIANCHENG_ID_HASH_KEY: 'another-secret-of-at-least-32-bytes!!',
    });
    expect(residentIdDigest(SAMPLE, other)).not.toBe(residentIdDigest(SAMPLE, testKeys));
  });

  it('encrypts with a fresh IV each time, and the ciphertext decrypts to the ID', () => {
    const first = protectResidentId(SAMPLE, testKeys);
    const second = protectResidentId(SAMPLE, testKeys);
    expect(first.ciphertext).not.toBe(second.ciphertext);
    expect(first.ciphertext).not.toContain(SAMPLE);
    for (const p of [first, second]) {
      expect(
        revealResidentId(
          { residentIdCiphertext: p.ciphertext, residentIdDigest: p.digest },
          testKeys,
        ),
      ).toBe(SAMPLE);
    }
    expect(first).toMatchObject({
      masked: '110105********002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('refuses a ciphertext moved to another person’s digest, tampered with, or read with another key', () => {
    const a = protectResidentId(SAMPLE, testKeys);
    const b = protectResidentId(residentId(), testKeys);
    expect(() =>
      revealResidentId(
        { residentIdCiphertext: a.ciphertext, residentIdDigest: b.digest },
        testKeys,
      ),
    ).toThrow();
    const [v, iv, body, tag] = a.ciphertext.split(':');
    const flipped = `${v}:${iv}:${body?.startsWith('A') ? 'B' : 'A'}${body?.slice(1)}:${tag}`;
    expect(() =>
      revealResidentId({ residentIdCiphertext: flipped, residentIdDigest: a.digest }, testKeys),
    ).toThrow();
    const otherEnc = identityKeysFromEnv({ QIANCHENG_ID_ENC_KEY: 'ab'.repeat(32) });
    expect(() =>
      revealResidentId(
        { residentIdCiphertext: a.ciphertext, residentIdDigest: a.digest },
        otherEnc,
      ),
    ).toThrow();
  });

  it('rejects an invalid ID without repeating it in the error', () => {
    const bad = '110105194912310021';
    expect(() => protectResidentId(bad, testKeys)).toThrow(InvalidResidentIdError);
    try {
      protectResidentId(bad, testKeys);
    } catch (error) {
      expect(String(error)).not.toContain(bad);
      expect((error as InvalidResidentIdError).reason).toBe('check_digit');
    }
  });

  it('reads keys from the environment, falls back to labelled dev defaults, and insists in production', () => {
    expect(identityKeysFromEnv({}).devDefaults).toBe(true);
    expect(identityKeysFromEnv({}).encKey.equals(Buffer.from(DEV_ID_ENC_KEY, 'hex'))).toBe(true);
    const configured = identityKeysFromEnv({
      NODE_ENV: 'production',
      QIANCHENG_ID_HASH_KEY: 'x'.repeat(40),
      QIANCHENG_ID_ENC_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(configured.devDefaults).toBe(false);
    expect(configured.encKey).toEqual(Buffer.alloc(32, 7));
    expect(() => identityKeysFromEnv({ NODE_ENV: 'production' })).toThrow(
      /must be set in production/,
    );
    expect(() => identityKeysFromEnv({ QIANCHENG_ID_ENC_KEY: 'c2hvcnQ=' })).toThrow(/32 bytes/);
    expect(() => identityKeysFromEnv({ QIANCHENG_ID_HASH_KEY: 'short' })).toThrow(/at least 32/);
  });
});

describe('trainees in the database', () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  beforeAll(async () => {
    fresh = await freshDatabase('identity');
  });
  afterAll(async () => {
    await fresh.close();
  });

  it('keep the ID in no column: not in the row, not in a refused duplicate’s error', async () => {
    const id = residentId('520502', 'female');
    const trainee = await trainees.insert(
      fresh.db,
      {
        name: '王芳',
        residentId: id,
        homeRegionCode: '520500',
        keyGroups: ['woman'],
        maskedPhone: null,
      },
      testKeys,
    );
    expect(trainee.maskedResidentId).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`);
    expect(trainee).not.toHaveProperty('residentIdCiphertext');

    const { rows } = await sql<
      Record<string, unknown>
    >`select * from trainees where id = ${trainee.id}`.execute(fresh.db);
    const json = JSON.stringify(rows);
    expect(rows).toHaveLength(1);
    expect(json).not.toContain(id);
    expect(json).not.toContain(id.slice(0, 17));

    const error = await trainees
      .insert(
        fresh.db,
        { name: '重复', residentId: id, homeRegionCode: '520500', keyGroups: [] },
        testKeys,
      )
      .then(
        () => null,
        (e: unknown) => e as Error & { detail?: string },
      );
    expect(error).not.toBeNull();
    expect(`${error?.message} ${error?.detail}`).not.toContain(id);
  });

  it('find the trainee again by ID and recover the ID from the ciphertext', async () => {
    const id = residentId('520302', 'male');
    const created = await trainees.insert(
      fresh.db,
      { name: '李强', residentId: id, homeRegionCode: '520300', keyGroups: ['migrant_worker'] },
      testKeys,
    );
    expect(await trainees.findByResidentId(fresh.db, id, testKeys)).toEqual(created);
    expect(await trainees.findByResidentId(fresh.db, residentId(), testKeys)).toBeNull();
    const revealed = await trainees.revealResidentId(fresh.db, created.id, testKeys);
    expect(revealed).toBe(id);
    expect(validateResidentId(revealed ?? '').valid).toBe(true);
  });
});
