import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** The environment variables that say how a process reaches Temporal (API and worker alike). */
export const TEMPORAL_ENV = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_SERVER_NAME',
  'TEMPORAL_API_KEY',
] as const;
export type TemporalEnv = Partial<Record<(typeof TEMPORAL_ENV)[number], string>>;

export interface TemporalConnectionSettings {
  namespace: string;
  /**
   * Options for both `Connection.connect` (@temporalio/client) and `NativeConnection.connect`
   * (the worker): the same address, TLS and API key on either side.
   */
  connection: { address: string; tls?: TLSConfig; apiKey?: string };
}

/** A connection variable is wrong; `variable` names it, the message says what to fix. */
export class TemporalConfigError extends Error {
  constructor(
    readonly variable: (typeof TEMPORAL_ENV)[number],
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'TemporalConfigError';
  }
}

const HOST_PORT = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads and checks the Temporal connection variables, once, at boot: a bad file or a half-given
 * certificate pair stops the process with the variable's name rather than failing later inside a
 * TLS handshake. Empty values count as unset (manifests often template them so).
 *
 * TEMPORAL_TLS_CERT/KEY (paths, given together) are the client's certificate for mutual TLS;
 * TEMPORAL_TLS_CA (path) the CA that signed the server's certificate, when the system's roots do
 * not; TEMPORAL_TLS_SERVER_NAME the name to verify it against, when it differs from the address's
 * host; TEMPORAL_API_KEY (Temporal Cloud) is sent as a bearer token and implies TLS. Any of them
 * turns TLS on.
 */
export function temporalConnectionSettings(
  env: TemporalEnv = process.env as TemporalEnv,
  now: Date = new Date(),
): TemporalConnectionSettings {
  const address = given(env.TEMPORAL_ADDRESS) ?? 'localhost:7233';
  if (!HOST_PORT.test(address))
    throw new TemporalConfigError('TEMPORAL_ADDRESS', `"${address}" is not host:port`);
  const namespace = given(env.TEMPORAL_NAMESPACE) ?? 'default';

  const certPath = given(env.TEMPORAL_TLS_CERT);
  const keyPath = given(env.TEMPORAL_TLS_KEY);
  const caPath = given(env.TEMPORAL_TLS_CA);
  const serverName = given(env.TEMPORAL_TLS_SERVER_NAME);
  const apiKey = given(env.TEMPORAL_API_KEY);
  if (certPath && !keyPath)
    throw new TemporalConfigError(
      'TEMPORAL_TLS_KEY',
      'not set, but TEMPORAL_TLS_CERT is: a client certificate needs its private key',
    );
  if (keyPath && !certPath)
    throw new TemporalConfigError(
      'TEMPORAL_TLS_CERT',
      'not set, but TEMPORAL_TLS_KEY is: a private key needs its client certificate',
    );
  if (serverName !== undefined && /\s/.test(serverName))
    throw new TemporalConfigError('TEMPORAL_TLS_SERVER_NAME', 'must be a host name');
  if (apiKey !== undefined && /\s/.test(apiKey))
    throw new TemporalConfigError('TEMPORAL_API_KEY', 'must not contain white space');

  let tls: TLSConfig | undefined;
  if (certPath || caPath || serverName || apiKey) {
    tls = {};
    if (certPath && keyPath) {
      const crt = readPem('TEMPORAL_TLS_CERT', certPath);
      const key = readPem('TEMPORAL_TLS_KEY', keyPath);
      const [certificate] = parseCertificates('TEMPORAL_TLS_CERT', crt, now);
      const privateKey = parsePrivateKey(key);
      if (certificate && !certificate.checkPrivateKey(privateKey))
        throw new TemporalConfigError(
          'TEMPORAL_TLS_KEY',
          `${keyPath} is not the private key of the certificate in ${certPath}`,
        );
      tls.clientCertPair = { crt, key };
    }
    if (caPath) {
      const ca = readPem('TEMPORAL_TLS_CA', caPath);
      parseCertificates('TEMPORAL_TLS_CA', ca, now);
      tls.serverRootCACertificate = ca;
    }
    if (serverName) tls.serverNameOverride = serverName;
  }
  return {
    namespace,
    connection: { address, ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) },
  };
}

/** A variable's value, or undefined when unset or blank. */
function given(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

function readPem(variable: (typeof TEMPORAL_ENV)[number], path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TemporalConfigError(
      variable,
      code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path} (${code ?? error})`,
    );
  }
}

/** Every certificate in a PEM file (a CA file may hold a chain); at least one, none expired. */
function parseCertificates(
  variable: 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_CA',
  pem: Buffer,
  now: Date,
): X509Certificate[] {
  const blocks = pem.toString('utf8').match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0)
    throw new TemporalConfigError(
      variable,
      'holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    );
  return blocks.map((block, i) => {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(block);
    } catch (error) {
      throw new TemporalConfigError(
        variable,
        `certificate ${i + 1} is not valid PEM (${(error as Error).message})`,
      );
    }
    if (new Date(certificate.validTo) < now)
      throw new TemporalConfigError(
        variable,
        `certificate ${i + 1} (${certificate.subject.replace(/\n/g, ', ')}) expired on ${certificate.validTo}`,
      );
    return certificate;
  });
}

function parsePrivateKey(pem: Buffer): KeyObject {
  if (!pem.toString('utf8').includes('PRIVATE KEY-----'))
    throw new TemporalConfigError('TEMPORAL_TLS_KEY', 'holds no PEM private key');
  try {
    return createPrivateKey(pem);
  } catch (error) {
    throw new TemporalConfigError(
      'TEMPORAL_TLS_KEY',
      `is not a readable private key (${(error as Error).message}); an encrypted key is not supported`,
    );
  }
}
