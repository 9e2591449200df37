/**
 * What every package's Vitest run shares: test locations, and a JSON report that `npm test`
 * adds up into one closing line ("tests: N passed, N failed").
 */
export declare const sharedTestConfig: import("vite").UserConfig;
/** For packages whose tests use PostgreSQL or Temporal: the services of the run (or its own). */
export declare const serviceTestConfig: import("vite").UserConfig;
//# sourceMappingURL=vitest.shared.d.ts.map