import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CompiledQuery } from 'kysely';
import { POSTGRES_DIALECT, type SqlRunner } from '../sql/dialect.js';

/** What every PostgreSQL repository shares: the transaction's connection and a way to query it. */
export interface PostgresContext {
  /** The rows of one parameterized statement, prepared once per connection. */
  readonly q: <R = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => Promise<R[]>;
  /** The number of rows one parameterized statement inserted, updated or deleted. */
  readonly run: (sql: string, params?: readonly unknown[]) => Promise<number>;
  /** The rows of one parameterized statement as arrays of their columns' values. */
  readonly tuples: <R extends readonly unknown[]>(sql: string, params: readonly unknown[]) => Promise<R[]>;
  /** The connection itself, for what a statement cannot do (COPY). Only while the transaction is open. */
  readonly client: () => pg.ClientBase;
}

// Statement names are global so that one SQL text has one name on every pooled connection
// (pg prepares a named statement once per connection and refuses a name reused for other text).
const names = new Map<string, string>();
const nameOf = (sql: string): string => {
  let n = names.get(sql);
  if (n === undefined) names.set(sql, (n = `standing_${names.size + 1}`));
  return n;
};

/** A context over a client checked out for one transaction; `open()` turns false when it ends. */
export function postgresContext(client: pg.ClientBase, open: () => boolean): PostgresContext {
  const live = (): pg.ClientBase => {
    // A StoreTx kept past its transaction would otherwise write outside it, on a connection another transaction may hold.
    if (!open()) throw new Error('this StoreTx was used after its transaction ended');
    return client;
  };
  const exec = (sql: string, params: readonly unknown[]) =>
    live().query({ name: nameOf(sql), text: sql, values: params as unknown[] });
  const execArrays = (sql: string, params: readonly unknown[]) =>
    live().query({ name: nameOf(sql), text: sql, values: params as unknown[], rowMode: 'array' });
  return {
    q: async <R>(sql: string, params: readonly unknown[] = []) => (await exec(sql, params)).rows as R[],
    run: async (sql, params = []) => (await exec(sql, params)).rowCount ?? 0,
    tuples: async <R extends readonly unknown[]>(sql: string, params: readonly unknown[]) =>
      (await execArrays(sql, params)).rows as unknown as R[],
    client: live,
  };
}

/** Compiled queries of the repositories written once (src/store/sql), in this transaction. */
export function postgresRunner({ q, run, tuples, client }: PostgresContext): SqlRunner {
  return {
    dialect: POSTGRES_DIALECT,
    all: <R>(c: CompiledQuery) => q<R>(c.sql, c.parameters),
    run: (c) => run(c.sql, c.parameters),
    tuples: <R extends readonly unknown[]>(c: CompiledQuery) => tuples<R>(c.sql, c.parameters),
    runEach: async (c, params) => {
      const out: number[] = [];
      for (const p of params) out.push(await run(c.sql, p));
      return out;
    },
    copyFrom: (statement, chunks) => pipeline(Readable.from(chunks), client().query(copyStreams.from(statement))),
  };
}
