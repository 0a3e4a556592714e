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

const BINDINGS = Symbol('request log bindings');

const LEVELS = ['info', 'error', 'debug', 'fatal', 'warn', 'trace'] as const;

/**
 * A child logger made on its first use: Fastify's `childLoggerFactory`. Its methods are those
 * Fastify checks a logger for; each makes the pino child with the request's bindings, once.
 */
export function lazyChildLogger(logger: FastifyBaseLogger, bindings: Bindings, opts: object): FastifyBaseLogger {
  let child: FastifyBaseLogger | undefined;
  const real = (): FastifyBaseLogger => (child ??= logger.child(bindings, opts));
  const lazy = { [BINDINGS]: bindings } as unknown as Record<string, unknown>;
  for (const level of LEVELS)
    lazy[level] = (...args: unknown[]) => {
      const log = real();
      Reflect.apply(log[level], log, args);
    };
  lazy.child = (b: Bindings, o?: object) => real().child(b, o);
  lazy.silent = () => undefined;
  Object.defineProperty(lazy, 'level', {
    get: () => real().level,
    set: (l: string) => {
      real().level = l;
    },
  });
  return lazy as unknown as FastifyBaseLogger;
}

/** The request's own bindings (its id), as Fastify gave them; undefined for a logger not made here. */
function bindingsOf(log: FastifyBaseLogger): Bindings | undefined {
  return (log as unknown as { [BINDINGS]?: Bindings })[BINDINGS];
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
