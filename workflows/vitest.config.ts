import { defineConfig, mergeConfig } from 'vitest/config';
import { serviceTestConfig } from '../vitest.shared.js';

export default mergeConfig(
  serviceTestConfig,
  defineConfig({ test: { setupFiles: ['test/setup.ts'] } }),
);
