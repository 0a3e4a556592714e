import { Type } from 'typebox';
import { fail, type ErrorCode } from '../../core/errors.js';
import { principalName } from '../../core/principal.js';
import { importRecords } from '../../engine/ingest/ingest.js';
import type { StaffRecordView } from '../../engine/ingest/record-view.js';
import { readRecord, retractAndRead } from '../../engine/ingest/records.js';
import type { SourceLine } from '../../engine/ingest/record-source.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { body, type Agrees, type Describes, DisputeMark } from '../due-process-schemas.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';

export const AuthorityParam = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'authority name' });
const KeyParam = Type.String({ minLength: 1, maxLength: 200, description: 'the record key (URL-encoded)' });

export const StoredRecordBody = Type.Object(
  {
    key: Type.String(),
    authority: Type.String(),
    subject: Type.String(),
    kind: Type.String(),
    occurredAt: Instant,
    data: Type.Record(Type.String(), Type.Unknown()),
    evidence: Type.Union([Type.String(), Type.Null()]),
    submittedBy: Type.Union([Type.String(), Type.Null()], {
      description: 'account, or key:ID for an API key; null for the operator',
    }),
    receivedAt: Instant,
    retracted: Type.Union([
      Type.Object({ at: Instant, reason: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    disputed: Type.Union([DisputeMark, Type.Null()]),
  },
  {
    title: 'StoredRecord',
    description: 'A record as stored (SPEC §2), with who submitted it, when, and its retraction if any.',
  },
);

/** The schema describes the engine's view exactly (a field renamed, added or lost on either side fails to compile). */
export type StoredRecordBodyAgrees = Agrees<Describes<typeof StoredRecordBody, StaffRecordView>>;

const BatchResult = Type.Object(
  {
    results: Type.Array(
      Type.Object({ index: Type.Integer(), status: Type.Union([Type.Literal('inserted'), Type.Literal('duplicate')]) }),
      {
        description: 'records stored: inserted now, or already stored with the same content',
      },
    ),
    errors: Type.Array(
      Type.Object({
        index: Type.Integer(),
        code: Type.String(),
        message: Type.String(),
        field: Type.Optional(Type.String()),
      }),
      {
        description: 'records rejected, each by its index; the others were kept',
      },
    ),
  },
  { title: 'RecordBatchResult' },
);

async function* oneBatch(lines: SourceLine[]): AsyncGenerator<SourceLine[]> {
  yield lines;
}

/** Record submission, retraction and lookup for an authority's staff (SPEC §2, §10). */
export async function recordRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  app.post(
    '/v1/records',
    {
      config: { access: can('record.submit'), recordBatch: true },
      schema: {
        tags: ['records'],
        summary: 'Submit a batch of records',
        description:
          `Reporters of an authority, for that authority: a record without \`authority\` takes the caller's, and one naming another is refused (FORBIDDEN). ` +
          `Idempotent by (authority, key). Each record is validated on its own: a bad one is reported by its index and the others are kept. ` +
          `An error in the request itself (malformed JSON, wrong envelope, more than ${options.maxBatch} records) rejects it whole and stores nothing.`,
        body: Type.Object(
          {
            records: Type.Array(
              Type.Unknown({
                description: 'a record: { key, authority?, subject, kind, occurredAt, data?, evidence? } (SPEC §2)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: BatchResult, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'record.submit');
      const raws = request.body.records;
      if (raws.length > options.maxBatch)
        fail(
          'REQUEST_TOO_LARGE',
          `records: at most ${options.maxBatch} records per request, got ${raws.length}; split the batch`,
          { field: 'records' },
        );
      const results: { index: number; status: 'inserted' | 'duplicate' }[] = [];
      const rejected: { index: number; code: ErrorCode; message: string; field?: string }[] = [];
      // A record holding an integer beyond ±(2^53 − 1) is refused on its own (strict-body.ts).
      const unsafe = request.unsafeRecords;
      const lines = raws.map((raw, index): SourceLine => {
        const error = unsafe?.get(index);
        return error === undefined ? { line: index, raw } : { line: index, error };
      });
      await importRecords(deps, oneBatch(lines), {
        defaultAuthority: staff.authority,
        onlyAuthority: staff.authority,
        submittedBy: principalName(staff),
        onStored: (index, status) => results.push({ index, status }),
        onRejected: (r) =>
          rejected.push({
            index: r.line,
            code: r.code,
            message: r.message,
            ...(r.field !== undefined ? { field: r.field } : {}),
          }),
      });
      results.sort((a, b) => a.index - b.index);
      rejected.sort((a, b) => a.index - b.index);
      return { results, errors: rejected };
    },
  );

  app.get(
    '/v1/records/:authority/:key',
    {
      config: { access: can('record.read') },
      schema: {
        tags: ['records'],
        summary: 'Read one record',
        description: 'Staff of the record’s authority, any role.',
        params: Type.Object({ authority: AuthorityParam, key: KeyParam }),
        response: { 200: StoredRecordBody, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { authority, key } = request.params;
      authorize(request.principal, 'record.read', { authority });
      return body(await readRecord(deps, authority, key));
    },
  );

  app.post(
    '/v1/records/:authority/:key/retraction',
    {
      config: { access: can('record.retract') },
      schema: {
        tags: ['records'],
        summary: 'Retract a record',
        description:
          'Reporters of the record’s authority. The record stops counting and stays in the history with the reason (SPEC §2).',
        params: Type.Object({ authority: AuthorityParam, key: KeyParam }),
        body: Type.Object(
          {
            reason: Type.String({
              minLength: 1,
              maxLength: 2000,
              pattern: '\\S',
              description: 'why the record stops counting',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: StoredRecordBody, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { authority, key } = request.params;
      const staff = authorize(request.principal, 'record.retract', { authority });
      return body(
        await retractAndRead(deps, { authority, key, reason: request.body.reason, by: principalName(staff) }),
      );
    },
  );
}
