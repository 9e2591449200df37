import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AppSettings } from '../../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    settings: AppSettings;
  }
}

/** The app's settings, validated at boot (config.ts), as a decorator every plugin can read. */
export default fp(
  async (app: FastifyInstance, options: { settings: AppSettings }) => {
    app.decorate('settings', options.settings);
  },
  { name: 'settings' },
);
