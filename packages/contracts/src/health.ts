import Type, { type Static } from 'typebox';

export const DependencyCheck = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  latencyMs: Type.Integer({ minimum: 0 }),
  error: Type.Optional(Type.String()),
});

/** GET /health: 200 when every dependency is up, 503 naming the ones that are down. */
/**
 * The living demo's progress (issue 15; demo databases only): its projects taken through the
 * chain so far, and whether the run has finished.
 */
export const DemoProgress = Type.Object({
  ready: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
  failed: Type.Integer({ minimum: 0 }),
  finished: Type.Boolean(),
});
export type DemoProgress = Static<typeof DemoProgress>;

export const HealthResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
    down: Type.Array(Type.Union([Type.Literal('postgres'), Type.Literal('temporal')])),
    checks: Type.Object({ postgres: DependencyCheck, temporal: DependencyCheck }),
    /** Present on a database with a living demo (npm start): "demo data: N of M projects ready". */
    demo: Type.Optional(DemoProgress),
  },
  { $id: 'HealthResponse' },
);
export type HealthResponse = Static<typeof HealthResponse>;
