import Type, { type Static } from 'typebox';

export const DependencyCheck = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  latencyMs: Type.Integer({ minimum: 0 }),
  error: Type.Optional(Type.String()),
});

/** GET /health: 200 when every dependency is up, 503 naming the ones that are down. */
export const HealthResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    down: Type.Array(Type.Union([Type.Literal('postgres'), Type.Literal('temporal')])),
    checks: Type.Object({ postgres: DependencyCheck, temporal: DependencyCheck }),
  },
  { $id: 'HealthResponse' },
);
export type HealthResponse = Static<typeof HealthResponse>;
