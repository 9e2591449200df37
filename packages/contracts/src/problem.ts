import Type, { type Static } from 'typebox';

/** RFC 9457 problem details, with a stable machine-readable `code` and the failing field paths. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          path: Type.String(),
          message: Type.String(),
          keyword: Type.Optional(Type.String()),
          /** A stable code of the field's problem (e.g. a plan rule's), for clients to word. */
          code: Type.Optional(Type.String()),
          params: Type.Optional(
            Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
          ),
        }),
      ),
    ),
    /** A per-row report (imports): which rows failed and why; nothing was written. */
    rows: Type.Optional(
      Type.Array(
        Type.Object({
          row: Type.Integer(),
          line: Type.Union([Type.Integer(), Type.Null()]),
          field: Type.Union([Type.String(), Type.Null()]),
          code: Type.String(),
          message: Type.String(),
        }),
      ),
    ),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;
