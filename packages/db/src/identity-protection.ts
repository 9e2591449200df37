import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import {
  type IsoDate,
  maskResidentId,
  type RegionCode,
  type Sex,
  validateResidentId,
} from '@qiancheng/domain';

/**
 * Protection of resident ID numbers (居民身份证号). The plain number goes into no column and no
 * log: a keyed HMAC-SHA256 digest finds the same person across projects (and makes trainees
 * unique), AES-256-GCM ciphertext recovers the number for authorised use, and the masked form
 * (`maskResidentId`) is what people see. A keyed hash, not a plain one: the ID space is small
 * enough (region × birth date × sequence) that an unkeyed SHA-256 is reversed by enumeration.
 */

/** Keys for {@link protectResidentId}; build them with {@link identityKeysFromEnv}. */
export interface IdentityKeys {
  /** HMAC-SHA256 key for the lookup digest. */
  readonly hashKey: Buffer;
  /** AES-256 key (32 bytes) for the recoverable ciphertext. */
  readonly encKey: Buffer;
  /** True when a development default is in use (never acceptable in production). */
  readonly devDefaults: boolean;
}

/**
 * DEVELOPMENT ONLY. Public, hence worthless as secrets: set `QIANCHENG_ID_HASH_KEY` and
 * `QIANCHENG_ID_ENC_KEY` anywhere real people's data is stored. Changing the hash key later makes
 * existing digests unfindable, so pick the production keys once and keep them in a secret store.
 */
export const DEV_ID_HASH_KEY = 'qiancheng-DEV-ONLY-resident-id-hmac-key-not-a-secret';
/** DEVELOPMENT ONLY: 32 bytes as hex, see {@link DEV_ID_HASH_KEY}. */
export const DEV_ID_ENC_KEY = '716963686e672d4445562d4f4e4c592d6165732d6b65792d6e6f742d73656372';

const CIPHERTEXT_VERSION = 'v1';
const IV_BYTES = 12;

/** Thrown for a resident ID that is not a valid one; the message never contains the number. */
export class InvalidResidentIdError extends Error {
  override readonly name = 'InvalidResidentIdError';
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(`invalid resident ID: ${message}`);
  }
}

function decodeEncKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('QIANCHENG_ID_ENC_KEY must be 32 bytes, as 64 hex digits or base64');
  }
  return key;
}

/**
 * Reads `QIANCHENG_ID_HASH_KEY` (any secret of at least 32 bytes) and `QIANCHENG_ID_ENC_KEY`
 * (32 bytes, hex or base64). Falls back to the labelled development defaults unless
 * `NODE_ENV=production`, where a missing key is an error.
 */
export function identityKeysFromEnv(env: NodeJS.ProcessEnv = process.env): IdentityKeys {
  const production = env.NODE_ENV === 'production';
  const hashText = env.QIANCHENG_ID_HASH_KEY;
  const encText = env.QIANCHENG_ID_ENC_KEY;
  if (production && (!hashText || !encText)) {
    throw new Error('QIANCHENG_ID_HASH_KEY and QIANCHENG_ID_ENC_KEY must be set in production');
  }
  const hashKey = Buffer.from(hashText || DEV_ID_HASH_KEY, 'utf8');
  if (hashKey.length < 32) throw new Error('QIANCHENG_ID_HASH_KEY must be at least 32 bytes');
  return {
    hashKey,
    encKey: decodeEncKey(encText || DEV_ID_ENC_KEY),
    devDefaults: !hashText || !encText,
  };
}

let cachedKeys: IdentityKeys | null = null;

/** The process's keys from the environment, read once. */
export function defaultIdentityKeys(): IdentityKeys {
  cachedKeys ??= identityKeysFromEnv();
  return cachedKeys;
}

/** The lookup digest (64 hex digits) of a resident ID, trimmed and upper-cased first. */
export function residentIdDigest(residentId: string, keys: IdentityKeys): string {
  return createHmac('sha256', keys.hashKey).update(residentId.trim().toUpperCase()).digest('hex');
}

/** What is stored for a resident ID, and what it tells about its holder. */
export interface ProtectedResidentId {
  digest: string;
  ciphertext: string;
  masked: string;
  birthDate: IsoDate;
  sex: Sex;
  /** 户籍 region code at issue (the first six digits). */
  regionCode: RegionCode;
}

/**
 * Validates a resident ID (GB 11643, via the domain) and returns its protected forms. The
 * ciphertext is bound to the digest (as GCM associated data), so it cannot be moved to another
 * person's row unnoticed.
 */
export function protectResidentId(
  residentId: string,
  keys: IdentityKeys,
  options: { today?: IsoDate } = {},
): ProtectedResidentId {
  const validation = validateResidentId(residentId, options);
  if (!validation.valid) throw new InvalidResidentIdError(validation.reason, validation.message);
  const digest = residentIdDigest(validation.normalized, keys);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.encKey, iv);
  cipher.setAAD(Buffer.from(digest, 'utf8'));
  const body = Buffer.concat([cipher.update(validation.normalized, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return {
    digest,
    ciphertext: [CIPHERTEXT_VERSION, iv, body, tag]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join(':'),
    masked: maskResidentId(validation.normalized),
    birthDate: validation.birthDate,
    sex: validation.sex,
    regionCode: validation.regionCode,
  };
}

/**
 * Recovers the resident ID from a stored row (for authorised use only: never log it). Throws when
 * the ciphertext was tampered with, belongs to another digest, or the keys are wrong.
 */
export function revealResidentId(
  stored: { residentIdCiphertext: string; residentIdDigest: string },
  keys: IdentityKeys,
): string {
  const [version, iv, body, tag, ...rest] = stored.residentIdCiphertext.split(':');
  if (version !== CIPHERTEXT_VERSION || !iv || !body || !tag || rest.length > 0) {
    throw new Error('unrecognised resident ID ciphertext');
  }
  const decipher = createDecipheriv('aes-256-gcm', keys.encKey, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(stored.residentIdDigest, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]).toString('utf8');
  const expected = Buffer.from(stored.residentIdDigest, 'hex');
  const actual = Buffer.from(residentIdDigest(plain, keys), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new Error('resident ID ciphertext does not match its digest');
  }
  return plain;
}
