import { defineConfig, mergeConfig } from 'vitest/config';
import { serviceTestConfig } from '../../vitest.shared.js';

// This package provides the global setup the others use; here it runs from source.
export default mergeConfig(
  serviceTestConfig,
  defineConfig({ test: { globalSetup: ['src/global-setup.ts'] } }),
);
