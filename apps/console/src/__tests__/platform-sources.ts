/**
 * The platform's own sources as text (through Vite's `?raw`), for the checks that derive what the
 * console must have words for from what the API, the workflows, the domain and the database
 * write. The console imports nothing of them at run time; tests and benchmarks are left out.
 */
const text = (files: Record<string, string>) =>
  Object.entries(files)
    .filter(([path]) => !/\.test\.ts$/.test(path) && !path.includes('/bench/'))
    .map(([, source]) => source);

export const apiSources = text(
  import.meta.glob<string>('../../../api/src/**/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);
export const workflowSources = text(
  import.meta.glob<string>('../../../../workflows/src/**/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);
export const domainSources = text(
  import.meta.glob<string>('../../../../packages/domain/src/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);
export const dbSources = text(
  import.meta.glob<string>('../../../../packages/db/src/**/*.ts', {
    query: '?raw',
    import: 'default',
    eager: true,
  }),
);
