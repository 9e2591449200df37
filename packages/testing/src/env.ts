export interface TestEnv {
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
}

/**
 * The services of this test run, set by `npm test` or by the global setup
 * (`@qiancheng/testing/global-setup`), which starts them when they are not set.
 */
export function requireTestEnv(): TestEnv {
  const databaseUrl = process.env.DATABASE_URL;
  const temporalAddress = process.env.TEMPORAL_ADDRESS;
  if (!databaseUrl || !temporalAddress) {
    throw new Error(
      'DATABASE_URL and TEMPORAL_ADDRESS must be set: run the tests with `npm test`, or add ' +
        "`globalSetup: ['@qiancheng/testing/global-setup']` to the package's vitest config.",
    );
  }
  return {
    databaseUrl,
    temporalAddress,
    temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  };
}
