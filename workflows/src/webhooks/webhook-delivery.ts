import { type LookupAddress, lookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { isPublicAddress } from '@qiancheng/domain';

/**
 * One webhook POST, guarded against server-side request forgery (issue 10, finding 8). The target
 * was checked when the enterprise registered it, but a name may resolve elsewhere by now (DNS
 * rebinding), so the address is checked again here, at connect time: the socket connects to the
 * very address that passed the check (a checking `lookup`), never to a second resolution.
 * No redirects are followed; the attempt has a deadline and reads at most `maxResponseBytes`.
 */
export interface DeliveryPolicy {
  /** Test-only: loopback and private targets allowed (a receiver on 127.0.0.1). */
  allowPrivateTargets: boolean;
  /** Production: https targets only. */
  httpsOnly: boolean;
  timeoutMs: number;
  maxResponseBytes: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  allowPrivateTargets: false,
  httpsOnly: process.env.NODE_ENV === 'production',
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
};

/** The target may never be reached (scheme, an internal address): retrying cannot help. */
export class WebhookTargetRefused extends Error {
  override name = 'WebhookTargetRefused';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for http(s).request that answers only addresses the rule allows. */
function checkedLookup(policy: DeliveryPolicy) {
  return (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    lookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const refused = policy.allowPrivateTargets
        ? undefined
        : addresses.find((a) => !isPublicAddress(a.address));
      if (addresses.length === 0 || refused) {
        return callback(
          new WebhookTargetRefused(
            `${hostname} resolves to ${refused?.address ?? 'nothing'}, not a public address`,
          ) as NodeJS.ErrnoException,
          [],
        );
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}

/** POSTs `body` to `url`; resolves with the status, rejects on refusal, timeout or network error. */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY,
): Promise<{ status: number }> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.reject(new WebhookTargetRefused('not a URL'));
  }
  const https = target.protocol === 'https:';
  if (!https && (policy.httpsOnly || target.protocol !== 'http:')) {
    return Promise.reject(new WebhookTargetRefused(`${target.protocol} targets are not allowed`));
  }
  if (target.username || target.password) {
    return Promise.reject(new WebhookTargetRefused('credentials in the URL are not allowed'));
  }
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // An IP literal is connected to directly (no lookup runs): check it here.
  if (isIP(host) && !policy.allowPrivateTargets && !isPublicAddress(host)) {
    return Promise.reject(new WebhookTargetRefused(`${host} is not a public address`));
  }
  return new Promise((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: checkedLookup(policy) as never,
        signal: AbortSignal.timeout(policy.timeoutMs),
      },
      (response) => {
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          // The status is all we need; a receiver that streams on is cut off.
          if (received > policy.maxResponseBytes) response.destroy();
        });
        response.on('close', () => resolve({ status: response.statusCode ?? 0 }));
        response.on('error', () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    request.on('error', (error) => {
      const refused = error instanceof WebhookTargetRefused;
      reject(
        refused
          ? error
          : error.name === 'AbortError'
            ? new Error(`no answer within ${policy.timeoutMs} ms`)
            : error,
      );
    });
    request.end(body);
  });
}
