/**
 * The part of an import that needs no store: each line of a batch validated (SPEC §2),
 * canonicalised and hashed, or turned into a rejection. Pure, so it runs on the event loop or on
 * the prepare thread (prepare-thread.ts) with the same result.
 */
import { Worker } from 'node:worker_threads';
import { isStandingError, StandingError, type ErrorCode, type ErrorLocation } from '../../core/errors.js';
import { canonicalRecord, validateRecord, type RecordInput } from '../../core/record.js';
import { sha256 } from '../audit/hash.js';
import type { RecordFormat, SourceLine } from './record-source.js';

/** One rejected input line (or batch index), with the reason and where it points. */
export interface Rejection {
  readonly line: number;
  readonly code: ErrorCode;
  readonly message: string;
  readonly field?: string;
}

export function rejection(line: number, e: unknown): Rejection {
  if (isStandingError(e))
    return { line, code: e.code, message: e.message, ...(e.at.field ? { field: e.at.field } : {}) };
  throw e;
}

/** What validation needs besides the line: plain data, so it can travel to a thread. */
export interface PrepareOptions {
  /** Authority of records that name none (SPEC §9). */
  readonly defaultAuthority: string;
  /** The account that submits, named in a refusal of another authority's record. */
  readonly submittedBy: string | null;
  /** Accept only records of this authority. */
  readonly onlyAuthority?: string;
}

/** A record validated and hashed; who sent it and when it was received are the importer's. */
export interface PreparedRow extends RecordInput {
  /** SHA-256 of the canonical record (canonicalRecord). */
  readonly hash: string;
}

/** A batch after validation: the good rows with their input lines, and the rejected lines, each in input order. */
export interface PreparedBatch {
  readonly rows: PreparedRow[];
  readonly lines: number[];
  readonly rejected: Rejection[];
}

/** Validates, canonicalises and hashes one batch; `now` is the clock's, for the future check (MAX_FUTURE_MS). */
export function prepareBatch(batch: readonly SourceLine[], options: PrepareOptions, now: number): PreparedBatch {
  const rows: PreparedRow[] = [];
  const lines: number[] = [];
  const rejected: Rejection[] = [];
  const defaults = { authority: options.defaultAuthority, now };
  for (const item of batch) {
    if ('error' in item) {
      rejected.push(rejection(item.line, item.error));
      continue;
    }
    try {
      const r: RecordInput = validateRecord(item.raw, defaults, { line: item.line });
      if (options.onlyAuthority !== undefined && r.authority !== options.onlyAuthority) {
        throw new StandingError(
          'FORBIDDEN',
          `${options.submittedBy ?? 'this account'} reports for ${options.onlyAuthority}, not ${r.authority}`,
          { line: item.line, field: 'authority' },
        );
      }
      rows.push({
        key: r.key,
        authority: r.authority,
        subject: r.subject,
        kind: r.kind,
        occurredAt: r.occurredAt,
        data: r.data,
        evidence: r.evidence,
        hash: sha256(canonicalRecord(r)),
      });
      lines.push(item.line);
    } catch (e) {
      rejected.push(rejection(item.line, e));
    }
  }
  return { rows, lines, rejected };
}

/**
 * Where an import takes its prepared batches from: `next(now)` answers the next batch (undefined
 * at the end), validated against a clock reading no later than `now`; `close` stops reading.
 */
export interface PreparedSource {
  next(now: number): Promise<PreparedBatch | undefined>;
  close(): Promise<void>;
}

/** Batches prepared on the event loop as they are asked for, each against the `now` it is asked with. */
export function preparedInline(batches: AsyncIterable<readonly SourceLine[]>, options: PrepareOptions): PreparedSource {
  const it = batches[Symbol.asyncIterator]();
  return {
    async next(now) {
      const r = await it.next();
      return r.done ? undefined : prepareBatch(r.value, options, now);
    },
    async close() {
      await it.return?.();
    },
  };
}

/** A prepared batch as it crosses from the prepare thread: one array per field, cheaper to copy than an object per row. */
export interface PreparedColumns {
  readonly key: string[];
  readonly authority: string[];
  readonly subject: string[];
  readonly kind: string[];
  readonly occurredAt: Float64Array;
  readonly data: string[];
  readonly evidence: (string | null)[];
  readonly hash: string[];
  readonly lines: Float64Array;
  readonly rejected: Rejection[];
}

export function toColumns(b: PreparedBatch): PreparedColumns {
  const n = b.rows.length;
  const c: PreparedColumns = {
    key: new Array<string>(n),
    authority: new Array<string>(n),
    subject: new Array<string>(n),
    kind: new Array<string>(n),
    occurredAt: new Float64Array(n),
    data: new Array<string>(n),
    evidence: new Array<string | null>(n),
    hash: new Array<string>(n),
    lines: Float64Array.from(b.lines),
    rejected: b.rejected,
  };
  for (let i = 0; i < n; i++) {
    const r = b.rows[i]!;
    c.key[i] = r.key;
    c.authority[i] = r.authority;
    c.subject[i] = r.subject;
    c.kind[i] = r.kind;
    c.occurredAt[i] = r.occurredAt;
    c.data[i] = r.data;
    c.evidence[i] = r.evidence;
    c.hash[i] = r.hash;
  }
  return c;
}

export function fromColumns(c: PreparedColumns): PreparedBatch {
  const n = c.key.length;
  const rows = new Array<PreparedRow>(n);
  for (let i = 0; i < n; i++) {
    rows[i] = {
      key: c.key[i]!,
      authority: c.authority[i]!,
      subject: c.subject[i]!,
      kind: c.kind[i]!,
      occurredAt: c.occurredAt[i]!,
      data: c.data[i]!,
      evidence: c.evidence[i]!,
      hash: c.hash[i]!,
    };
  }
  return { rows, lines: Array.from(c.lines), rejected: c.rejected };
}

/** What the prepare thread sends back for each request: a batch, the end, or why reading stopped. */
export type ThreadAnswer =
  | { readonly batch: PreparedColumns; readonly bytesRead: number }
  | { readonly done: true; readonly bytesRead: number }
  | { readonly error: { code?: ErrorCode; message: string; at?: ErrorLocation } };

/** The thread's module: beside this one in dist/, or the built one when running from src/ (tests). */
const THREAD = new URL(
  import.meta.url.endsWith('.ts') ? '../../../dist/engine/ingest/prepare-thread.js' : './prepare-thread.js',
  import.meta.url,
);

/**
 * Reads, parses and prepares the file at `path` on a thread of its own, one batch ahead of the
 * importer: while a batch is stored, the next is parsed, validated, canonicalised and hashed. A
 * batch is validated against the `now` of the previous `next` call (the first against its own),
 * never later than the clock reading it is stored under. `onRead` hears the bytes read so far.
 */
export function preparedOnThread(
  path: string,
  format: RecordFormat,
  options: PrepareOptions,
  onRead: (bytes: number) => void = () => undefined,
): PreparedSource {
  const worker = new Worker(THREAD, { workerData: { path, format, options } });
  const waiting: { resolve: (a: ThreadAnswer) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | undefined;
  let ended = false;
  const fail = (e: Error): void => {
    failed ??= e;
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  worker.on('message', (a: ThreadAnswer) => waiting.shift()?.resolve(a));
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the import's prepare thread stopped (exit code ${code})`)));
  const ask = (now: number): Promise<ThreadAnswer> => {
    if (failed) return Promise.reject(failed);
    worker.postMessage(now);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
  let ahead: Promise<ThreadAnswer> | undefined;
  return {
    async next(now) {
      if (ended) return undefined;
      const answer = await (ahead ?? ask(now));
      if ('error' in answer) {
        const { code, message, at } = answer.error;
        throw code === undefined ? new Error(message) : new StandingError(code, message, at);
      }
      onRead(answer.bytesRead);
      if ('done' in answer) {
        ended = true;
        ahead = undefined;
        return undefined;
      }
      ahead = ask(now);
      // A failure of the batch read ahead is the next call's to report.
      ahead.catch(() => undefined);
      return fromColumns(answer.batch);
    },
    async close() {
      ended = true;
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
