import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isPublicAddress } from '@qiancheng/domain';
import { unprocessable } from '../errors.js';

/** How long a registration may wait for DNS before the target counts as unresolvable. */
const RESOLVE_TIMEOUT_MS = 3_000;

/**
 * Refuses a webhook target the worker must never reach (issue 10, finding 8): http in production,
 * credentials in the URL, or a host that is, or resolves to, anything but a public address
 * (loopback, private, link-local, shared, metadata…; the rule is `isPublicAddress` in
 * @qiancheng/domain, which the worker applies again at delivery against DNS rebinding).
 * Answers 422 with the field path.
 */
export async function assertWebhookTarget(
  url: string,
  options: { production: boolean; allowPrivateTargets: boolean },
): Promise<void> {
  const refuse = (code: string, message: string) =>
    unprocessable(code, message, [{ path: 'body.url', message }]);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw refuse('webhook_target_invalid', 'is not a URL');
  }
  if (target.protocol !== 'https:' && (options.production || target.protocol !== 'http:')) {
    throw refuse('webhook_https_required', 'must be an https URL');
  }
  if (target.username || target.password) {
    throw refuse('webhook_target_invalid', 'must not carry credentials');
  }
  if (options.allowPrivateTargets) return;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      const found = await Promise.race([
        lookup(host, { all: true, verbatim: true }),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('timeout')), RESOLVE_TIMEOUT_MS).unref(),
        ),
      ]);
      addresses = found.map((a) => a.address);
    } catch {
      throw refuse('webhook_target_unresolvable', 'its host does not resolve');
    }
  }
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
    throw refuse('webhook_target_forbidden', 'must reach a public address');
  }
}
