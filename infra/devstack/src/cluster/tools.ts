import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, toolsBinDir } from '../paths.js';

/** The cluster's programs, built by infra/bootstrap.mjs (ensureTemporalCluster) from infra/temporal. */
export interface ClusterTools {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** `temporal-sql-tool update-schema -d` directories, copied out of the Go module at build time. */
  schema: { temporal: string; visibility: string };
}

export function clusterTools(): ClusterTools {
  const schemaRoot = join(repoRoot, '.tools', 'temporal-schema', 'postgresql', 'v12');
  const tools: ClusterTools = {
    server: join(toolsBinDir, 'temporal-server'),
    sqlTool: join(toolsBinDir, 'temporal-sql-tool'),
    uiServer: join(toolsBinDir, 'temporal-ui-server'),
    schema: {
      temporal: join(schemaRoot, 'temporal', 'versioned'),
      visibility: join(schemaRoot, 'visibility', 'versioned'),
    },
  };
  const missing = [tools.server, tools.sqlTool, tools.uiServer, ...Object.values(tools.schema)]
    .filter((path) => !existsSync(path))
    .map((path) => path.slice(repoRoot.length + 1));
  if (missing.length > 0) {
    throw new Error(
      `the Temporal cluster is not built (${missing.join(', ')} missing): run ` +
        '`npm run start:cluster` or `node infra/bootstrap.mjs run --cluster true`, which build it',
    );
  }
  return tools;
}
