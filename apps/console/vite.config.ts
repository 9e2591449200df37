import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import Components from 'unplugin-vue-components/vite';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The console talks to the API over HTTP only; in dev and preview, /api, /health and /docs go to it.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': apiUrl, '/health': apiUrl, '/docs': apiUrl };

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
    test: {
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // Element Plus's ES build imports its CSS; let Vite (not Node) load it in tests.
      server: { deps: { inline: ['element-plus'] } },
    },
  }),
);
