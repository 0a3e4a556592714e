import type { CompiledQuery, Kysely } from 'kysely';
import type { SqlDialect } from './dialect.js';
import type { Tables } from './tables.js';

/**
 * A hot query built and compiled once per dialect instead of on every call (building and
 * compiling costs microseconds a call; docs/bench.md, "key lookup"). `build` receives one
 * placeholder per argument; the compiled statement's parameters are mapped back to the
 * arguments by position, so each call only binds its values. A placeholder must be used as
 * a plain parameter (not inside an expression the builder computes with), which the first
 * compilation checks.
 */
export function compiledOnce<A extends readonly unknown[]>(
  arity: A['length'],
  build: (sql: Kysely<Tables>, ...args: A) => { compile(): CompiledQuery },
): (dialect: SqlDialect, ...args: A) => CompiledQuery {
  return compiledOnceIn(arity, (dialect, ...args: A) => build(dialect.sql, ...args));
}

/**
 * As `compiledOnce`, for a query built with the dialect's helpers (`inList`, `indexedBy`, `rows`):
 * `build` receives the dialect itself.
 */
export function compiledOnceIn<A extends readonly unknown[]>(
  arity: A['length'],
  build: (dialect: SqlDialect, ...args: A) => { compile(): CompiledQuery } | CompiledQuery,
): (dialect: SqlDialect, ...args: A) => CompiledQuery {
  const byDialect = new Map<SqlDialect['name'], { readonly query: CompiledQuery; readonly order: readonly number[] }>();
  return (dialect, ...args) => {
    let c = byDialect.get(dialect.name);
    if (c === undefined) {
      const marks = Array.from({ length: arity }, (_, i) => `\u0000compiledOnce:${i}`);
      const built = build(dialect, ...(marks as unknown as A));
      const query = 'compile' in built ? built.compile() : built;
      const order = query.parameters.map((p) => marks.indexOf(p as string));
      if (order.some((i) => i < 0) || new Set(order).size !== arity)
        throw new Error(`compiledOnce: every argument must be one parameter of: ${query.sql}`);
      c = { query, order };
      byDialect.set(dialect.name, c);
    }
    return { ...c.query, parameters: c.order.map((i) => args[i]) };
  };
}
