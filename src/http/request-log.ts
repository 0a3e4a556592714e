import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';

/*
 * The request log's cost on the decision endpoint (docs/bench.md, "The request log made
 * cheaper"): Fastify gives every request a pino child logger bound to its id, and the line a
 * request ends with goes through pino's serialisation — together about a seventh of a check's
 * CPU time. Here a request's logger is made only when something other than the closing line is
 * logged (an error, a warning), and the closing line of a request without error is written as
 * the text pino would have written, straight to pino's destination. The line is the same, byte
 * for byte (src/http/request-log.test.ts compares it with pino's own), so readers of the log see
 * no difference.
 */

type Bindings = Record<string, unknown>;

/**
 * A child logger made on its first use: Fastify's `childLoggerFactory`. Its methods are those
 * Fastify checks a logger for; the first call of any makes the pino child with the request's
 * bindings, once. A class, so that a request costs one small object and no closures.
 */
class LazyChild {
  #child: FastifyBaseLogger | undefined;
  constructor(
    readonly root: FastifyBaseLogger,
    readonly bindings: Bindings,
    readonly opts: object,
  ) {}
  get real(): FastifyBaseLogger {
    return (this.#child ??= this.root.child(this.bindings, this.opts));
  }
  get level(): string {
    return this.real.level;
  }
  set level(l: string) {
    this.real.level = l;
  }
  info(...args: unknown[]): void {
    Reflect.apply(this.real.info, this.real, args);
  }
  error(...args: unknown[]): void {
    Reflect.apply(this.real.error, this.real, args);
  }
  warn(...args: unknown[]): void {
    Reflect.apply(this.real.warn, this.real, args);
  }
  debug(...args: unknown[]): void {
    Reflect.apply(this.real.debug, this.real, args);
  }
  trace(...args: unknown[]): void {
    Reflect.apply(this.real.trace, this.real, args);
  }
  fatal(...args: unknown[]): void {
    Reflect.apply(this.real.fatal, this.real, args);
  }
  silent(): void {}
  child(b: Bindings, o?: object): FastifyBaseLogger {
    return this.real.child(b, o);
  }
}

/** Fastify's `childLoggerFactory`: a request's logger, made real on first use (LazyChild). */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: object): FastifyBaseLogger {
  return new LazyChild(logger, bindings, opts);
}

/** The request's own bindings (its id), as Fastify gave them; undefined for a logger not made here. */
function bindingsOf(log: FastifyBaseLogger): Bindings | undefined {
  return log instanceof LazyChild ? log.bindings : undefined;
}

/** What a request's closing line says beside pino's fields. */
export interface CompletedLine {
  readonly method: string;
  readonly url: string;
  readonly statusCode: number;
  readonly responseTime: number;
}

/**
 * Writes a request's closing line at `info` as pino would for `log.info(line, msg)` on the request's
 * child logger, but from text, where the root logger is `plain`: made by Fastify from no options
 * but a level and a stream (as `standing serve` makes it), so no formatters, mixins, redaction,
 * custom levels, time or message key change pino's line; and the request's logger comes from
 * `lazyChildLogger` with the request id as its one binding. Otherwise it logs through pino.
 */
export function completedLineWriter(
  root: FastifyBaseLogger,
  plain: boolean,
): (log: FastifyBaseLogger, line: CompletedLine, msg: string) => void {
  const symbols = root as unknown as Record<symbol, unknown>;
  const stream = symbols[pino.symbols.streamSym] as { write(s: string): unknown } | undefined;
  // The root's own bindings as pino writes them after the time: `,"pid":…,"hostname":"…"`.
  const chindings = symbols[pino.symbols.chindingsSym];
  const fast = plain && stream !== undefined && typeof chindings === 'string';
  return (log, line, msg) => {
    const reqId = bindingsOf(log)?.reqId;
    if (
      !fast ||
      typeof reqId !== 'string' ||
      Object.keys(bindingsOf(log)!).length !== 1 ||
      !(root as unknown as pino.Logger).isLevelEnabled('info')
    ) {
      log.info(line, msg);
      return;
    }
    stream.write(
      `{"level":30,"time":${Date.now()}${chindings},"reqId":${JSON.stringify(reqId)},"method":${JSON.stringify(
        line.method,
      )},"url":${JSON.stringify(line.url)},"statusCode":${line.statusCode},"responseTime":${line.responseTime},"msg":${JSON.stringify(msg)}}\n`,
    );
  };
}
