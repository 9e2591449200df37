import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The console talks to the API over HTTP only; in dev and preview, /api, /health and /docs go to it.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': apiUrl, '/health': apiUrl, '/docs': apiUrl };
/** The chart library: loaded after the numbers, in chunks of its own. */
const CHARTS = /[\\/](echarts|zrender|vue-echarts)[\\/]/;

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    plugins: [
      vue(),
      // Element Plus on demand: only the components a chunk uses (and their CSS) go into it,
      // so the login page does not carry the table, the date picker or the charts.
      Components({
        resolvers: [ElementPlusResolver({ importStyle: 'css' })],
        dts: 'src/components.gen.ts',
      }),
    ],
    resolve: { alias: { '#': fileURLToPath(new URL('./src', import.meta.url)) } },
    server: { proxy },
    preview: { proxy },
    build: {
      rolldownOptions: {
        output: {
          // A page's first visit fetched ~45 small chunks and CSS files (one per Element Plus
          // component and shared module), each a round trip before the page could render; on a
          // busy machine the waiting outweighed the parsing. Now: the start-up code, the rest of
          // the UI library, the console's shared code, the page — and the charts, after the numbers.
          codeSplitting: {
            groups: [
              // What every first visit loads: the libraries and the console's own start-up code.
              { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 40 },
              { name: 'app', test: /[\\/]src[\\/]/, tags: ['$initial'], priority: 30 },
              // The rest of the UI library, in one chunk the first page fetches.
              {
                name: 'ui',
                test: (id) => /node_modules/.test(id) && !CHARTS.test(id),
                priority: 20,
              },
              {
                name: 'shared',
                test: /[\\/]src[\\/](api|components|composables|stores|utils)[\\/]/,
                minShareCount: 2,
                priority: 10,
              },
            ],
          },
        },
      },
    },
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // A page's first mount transforms and loads Element Plus: seconds alone, over 30 s on a
      // two-core machine running the other packages' suites (CI). A hang guard, not a benchmark.
      testTimeout: 120_000,
      // Element Plus's ES build imports its CSS; let Vite (not Node) load it in tests.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
