import { createHash, randomBytes, randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_PATTERN = /^(qck_[A-Za-z0-9]{8})_[A-Za-z0-9_-]{20,}$/;

/**
 * An enterprise API key: `qck_<8 characters>_<43 characters>`. The first part (the prefix) is kept
 * in the clear so people can tell keys apart; the whole key carries 256 random bits, so a fast
 * SHA-256 is enough to store it (a slow KDF protects low-entropy passwords, not random keys).
 */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  let id = '';
  for (let i = 0; i < 8; i += 1) id += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  const key = `qck_${id}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: `qck_${id}`, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null when `key` is not shaped like one. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** SHA-256 (hex) of a key, as stored. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
