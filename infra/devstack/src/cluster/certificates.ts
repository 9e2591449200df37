import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** PEM files for the cluster frontend's mutual TLS, made for one run by the openssl CLI. */
export interface ClusterPki {
  /** The CA that signs the frontend's and the clients' certificates. */
  caCert: string;
  /** The frontend's certificate (for `serverName` and 127.0.0.1). */
  serverCert: string;
  serverKey: string;
  /** A client certificate of the CA: the apps', the UI's, the CLI's and the system worker's. */
  clientCert: string;
  clientKey: string;
  /** A client certificate of another CA, which the frontend must refuse (tests). */
  strangerCert: string;
  strangerKey: string;
  serverName: string;
}

/** A CA, the frontend's certificate, a client's and a stranger's (another CA's), in `dir`. */
export function makeClusterPki(dir: string, serverName = 'temporal.qiancheng.local'): ClusterPki {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ca = (name: string) =>
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '30',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  const issue = (name: string, by: string, subject: string, extensions: string) => {
    openssl(
      'req',
      '-new',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
      '-subj',
      subject,
    );
    writeFileSync(join(dir, `${name}.ext`), `${extensions}\nbasicConstraints=CA:FALSE\n`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${by}.pem`,
      '-CAkey',
      `${by}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '30',
      '-extfile',
      `${name}.ext`,
    );
  };
  ca('ca');
  ca('other-ca');
  // The frontend's certificate serves TLS and, for the server's own calls to it, is a client's too.
  issue(
    'server',
    'ca',
    `/CN=${serverName}`,
    `subjectAltName=DNS:${serverName},IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth`,
  );
  issue('client', 'ca', '/CN=qiancheng', 'extendedKeyUsage=clientAuth');
  issue('stranger', 'other-ca', '/CN=stranger', 'extendedKeyUsage=clientAuth');
  const at = (file: string) => join(dir, file);
  return {
    caCert: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    strangerCert: at('stranger.pem'),
    strangerKey: at('stranger.key'),
    serverName,
  };
}

/** The apps' environment for a frontend with this PKI (read by @qiancheng/workflows/platform). */
export function temporalTlsEnv(pki: ClusterPki): Record<string, string> {
  return {
    TEMPORAL_TLS_CERT: pki.clientCert,
    TEMPORAL_TLS_KEY: pki.clientKey,
    TEMPORAL_TLS_CA: pki.caCert,
    TEMPORAL_TLS_SERVER_NAME: pki.serverName,
  };
}
