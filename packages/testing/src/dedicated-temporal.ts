import { startTemporal, type TemporalServer } from '@qiancheng/devstack';

/**
 * A Temporal dev server of a test's own (in memory, headless), for a test of a server limit that
 * the run's shared server must not have lowered, e.g. `{ 'history.maxTotalUpdates': 30 }`.
 */
export function startDedicatedTemporal(
  dynamicConfig: Record<string, string | number | boolean>,
): Promise<TemporalServer> {
  return startTemporal({ dedicated: true, quiet: true, dynamicConfig });
}
