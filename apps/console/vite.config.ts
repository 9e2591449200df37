import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// The console talks to the API over HTTP only; in dev and preview, /api, /health and /docs go to it.
const apiUrl = process.env.API_URL ?? 'http://127.0.0.1:3000';
const proxy = { '/api': apiUrl, '/health': apiUrl, '/docs': apiUrl };

export default mergeConfig(
  sharedTestConfig,
  defineConfig({
    plugins: [vue()],
    resolve: { alias: { '#': fileURLToPath(new URL('./src', import.meta.url)) } },
    server: { proxy },
    preview: { proxy },
  }),
);
