import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClusterPki, makeClusterPki } from '@qiancheng/devstack';

/** The cluster's PKI (a CA, a server's, a client's and a stranger's certificate) in a folder of its own. */
export interface TestPki extends ClusterPki {
  dir: string;
  remove(): void;
}

/** A fresh PKI for one test file, made as `npm run start:cluster -- --tls` makes its own. */
export function makeTestPki(serverName = 'temporal.qiancheng.test'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'qiancheng-pki-'));
  return {
    ...makeClusterPki(dir, serverName),
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
