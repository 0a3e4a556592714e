import { Type, type TSchema } from 'typebox';

/** The error body every failing route returns. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'stable code from docs/errors.md' }),
    message: Type.String(),
    field: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    rule: Type.Optional(Type.String()),
    scheme: Type.Optional(Type.String()),
    column: Type.Optional(Type.Integer()),
    errors: Type.Optional(Type.Array(Type.Unknown())),
  },
  { $id: 'Error', title: 'Error' },
);

/** A reference to the shared error schema, registered once with app.addSchema (one component in the OpenAPI document). */
export const ErrorRef = Type.Unsafe<{ code: string; message: string }>({ $ref: 'Error#' });

/** Error responses shared by authenticated routes. */
export function errors(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const s of statuses) out[s] = ErrorRef;
  return out;
}

export const SubjectId = Type.String({ pattern: '^(person|org):[^\\s]{1,200}$', description: 'person:… or org:…' });
export const Instant = Type.String({ description: 'RFC 3339 instant, UTC' });
