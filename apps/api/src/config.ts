import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

const ConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3000 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATABASE_URL: Type.String({ minLength: 1 }),
  TEMPORAL_ADDRESS: Type.String({ minLength: 1, default: 'localhost:7233' }),
  TEMPORAL_NAMESPACE: Type.String({ minLength: 1, default: 'default' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) =>
      Type.Literal(level),
    ),
    { default: 'info' },
  ),
});
export type Config = Static<typeof ConfigSchema>;

/** Reads and validates the configuration at boot; a bad value stops the server with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, { ...env }));
  const errors = [...Value.Errors(ConfigSchema, raw)];
  if (errors.length > 0) {
    const detail = errors
      .map((e) => `${e.instancePath.slice(1) || '(root)'}: ${e.message}`)
      .join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  return Value.Clean(ConfigSchema, raw) as Config;
}
