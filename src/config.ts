import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { StandingError, fail } from './core/errors.js';
import { parseInstant } from './core/instant.js';
import { DEFAULT_SIMULATION_TIMEOUT_MS } from './engine/evaluation/simulation-jobs.js';
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimit, type AttemptLimits } from './http/attempt-limits.js';

/** The load-shedding bounds of `serve` when the environment names none (docs/operations.md). */
export const DEFAULT_LOAD_SHED = Object.freeze({
  maxInFlight: 512,
  maxChecksInFlight: 16,
  checkTargetMs: 20,
  targetMs: 0,
  maxEventLoopDelayMs: 500,
  retryAfterSeconds: 1,
});

/** Configuration read once from the environment at the edge (STYLE.md), frozen. */
export interface Config {
  /** STANDING_DB: the database path or URL; default ./standing.db. */
  readonly db: string;
  /** STANDING_NOW: a fixed instant for every command's clock (tests, replays, demos); default: the system clock. */
  readonly now: number | null;
  /**
   * STANDING_CLOCK_RATE: how many seconds of Standing time pass per real second for
   * `serve` and `demo` (default 1). Tests and demos use it to let appeal windows pass.
   */
  readonly clockRate: number;
  /**
   * STANDING_CLOCK_ORIGIN: the real instant (RFC 3339) at which a running clock reads
   * STANDING_NOW; default: when the process starts. Servers given the same STANDING_NOW,
   * rate and origin share one clock, as the processes of a fleet do (docs/fleet.md).
   */
  readonly clockOrigin: number | null;
  /**
   * STANDING_REPLICA: a postgres:// URL of a streaming replica that `serve` sends decision
   * checks to while it is within the lag bound (default: none; `--replica` overrides it).
   */
  readonly replica: string | null;
  /**
   * STANDING_TRUST_PROXY: which proxies `serve` believes about the client's address and
   * protocol (X-Forwarded-For, X-Forwarded-Proto): `true` for any, or a comma-separated list
   * of addresses and CIDRs (`127.0.0.1,10.0.0.0/8`). Default none: the socket's peer is the client.
   */
  readonly trustProxy: boolean | readonly string[];
  /** STANDING_SECURE_COOKIES: `true` marks the session cookie Secure on every answer (default: only on HTTPS requests). */
  readonly secureCookies: boolean;
  /**
   * Attempt limits, each `N/DURATION` (`10/15m`, `5/1h`, `30/90s`): STANDING_LIMIT_SIGNIN_ACCOUNT
   * (default 10/15m), STANDING_LIMIT_SIGNIN_ADDRESS (30/15m), STANDING_LIMIT_ENROL_ADDRESS (10/1h),
   * STANDING_LIMIT_ENROL_CODE (5/1h).
   */
  readonly attemptLimits: AttemptLimits;
  /**
   * Load shedding of `serve` (docs/operations.md): STANDING_MAX_IN_FLIGHT requests answered at
   * once at most (default 512), STANDING_MAX_CHECKS_IN_FLIGHT checks among them (default 16) while the checks' queue
   * stands: for 300 ms every check answered took longer than STANDING_CHECK_TARGET_MS (default 20; 0: always), lowered while the median admitted request takes longer than
   * STANDING_SHED_TARGET_MS (default 0: off), STANDING_MAX_EVENT_LOOP_DELAY_MS event-loop delay sustained for 300 ms (default 500),
   * STANDING_RETRY_AFTER_SECONDS told to a shed client (default 1). 0 turns a bound off.
   */
  /**
   * Webhooks (docs/webhooks.md): STANDING_WEBHOOK_KEY, the server key every endpoint's secret is
   * derived from (at least 32 characters; webhooks cannot be added or sent without it);
   * STANDING_WEBHOOK_ALLOW_PRIVATE=1 lets endpoints be on private and loopback addresses;
   * STANDING_WEBHOOK_TIMEOUT_MS per attempt (default 10000).
   */
  readonly webhooks: { readonly key: string | null; readonly allowPrivate: boolean; readonly timeoutMs: number };
  readonly loadShed: {
    readonly maxInFlight: number;
    readonly maxChecksInFlight: number;
    readonly checkTargetMs: number;
    readonly targetMs: number;
    readonly maxEventLoopDelayMs: number;
    readonly retryAfterSeconds: number;
  };
  /**
   * Notice e-mail (docs/email.md): STANDING_SMTP_URL (smtp:// or smtps://; unset: no e-mail is
   * sent, notices still queue), STANDING_MAIL_FROM (default `Standing <notices@localhost>`),
   * STANDING_PUBLIC_URL (the portal's address in links; default http://127.0.0.1:8080) and
   * STANDING_LINK_KEY (at least 32 characters; default: a key made once and kept in the database).
   */
  /**
   * STANDING_SIMULATION_TIMEOUT_MS: how long a simulation or backtest may run (HTTP jobs and
   * `standing scheme simulate`) before it is stopped with SIMULATION_TIMED_OUT, its read snapshot
   * released; default 900000 (15 minutes).
   */
  readonly simulationTimeoutMs: number;
  readonly mail: {
    readonly smtpUrl: string | null;
    readonly from: string;
    readonly publicUrl: string;
    readonly linkKey: string | null;
  };
}

/*
 * The environment as one typebox schema (issue 14: config parsed with a schema into a frozen
 * object). Each variable's type says what its text must look like and decodes it; `BAD` says,
 * naming the variable, what a bad value is told. Unset and empty variables take their defaults.
 */

/** An instant, RFC 3339 (core/instant.ts). */
const instant = (name: string) =>
  Type.Codec(Type.Refine(Type.String(), (s) => problemOf(() => parseInstant(s, name)) === null))
    .Decode((s) => parseInstant(s, name))
    .Encode((ms) => new Date(ms).toISOString());

/** A whole number in [min, max] (blanks around it allowed). */
const wholeNumber = (min: number, max: number) =>
  Type.Codec(
    Type.Refine(Type.String({ pattern: '^\\s*\\d+\\s*$' }), (s) => {
      const n = Number(s);
      return Number.isSafeInteger(n) && n >= min && n <= max;
    }),
  )
    .Decode(Number)
    .Encode(String);

const LIMIT = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,6})(s|m|h)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

/** An attempt limit, `N/DURATION` (`10/15m`, `5/1h`, `30/90s`). */
const attemptLimit = () =>
  Type.Codec(Type.String({ pattern: LIMIT.source }))
    .Decode((s): AttemptLimit => {
      const m = LIMIT.exec(s)!;
      return { max: Number(m[1]), windowMs: Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS] };
    })
    .Encode((l) => `${l.max}/${l.windowMs / 1000}s`);

const matching = (re: RegExp) => Type.Refine(Type.String(), (s) => re.test(s));

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/[0-9]{1,3})?)$/;

/** Each variable in the order its problems are told. */
const ENV = Type.Object({
  STANDING_DB: Type.Optional(Type.String()),
  STANDING_NOW: Type.Optional(instant('STANDING_NOW')),
  STANDING_CLOCK_RATE: Type.Optional(
    Type.Codec(
      Type.Refine(Type.String(), (s) => {
        const r = Number(s);
        return Number.isFinite(r) && r > 0 && r <= 1e9;
      }),
    )
      .Decode(Number)
      .Encode(String),
  ),
  STANDING_CLOCK_ORIGIN: Type.Optional(instant('STANDING_CLOCK_ORIGIN')),
  STANDING_REPLICA: Type.Optional(matching(/^postgres(ql)?:\/\//i)),
  STANDING_TRUST_PROXY: Type.Optional(
    Type.Codec(
      Type.Union([
        Type.Literal('true'),
        Type.Literal('false'),
        Type.Refine(Type.String(), (s) => s.split(',').every((x) => PROXY_ADDRESS.test(x.trim()))),
      ]),
    )
      .Decode((s): boolean | readonly string[] =>
        s === 'true' ? true : s === 'false' ? false : Object.freeze(s.split(',').map((x) => x.trim())),
      )
      .Encode((v) => (typeof v === 'boolean' ? String(v) : v.join(','))),
  ),
  STANDING_SECURE_COOKIES: Type.Optional(
    Type.Codec(Type.Union([Type.Literal('true'), Type.Literal('false')]))
      .Decode((s) => s === 'true')
      .Encode((b) => (b ? 'true' : 'false')),
  ),
  STANDING_LIMIT_SIGNIN_ACCOUNT: Type.Optional(attemptLimit()),
  STANDING_LIMIT_SIGNIN_ADDRESS: Type.Optional(attemptLimit()),
  STANDING_LIMIT_ENROL_ADDRESS: Type.Optional(attemptLimit()),
  STANDING_LIMIT_ENROL_CODE: Type.Optional(attemptLimit()),
  STANDING_LIMIT_PASS_ADDRESS: Type.Optional(attemptLimit()),
  STANDING_LIMIT_PASS_TOKEN: Type.Optional(attemptLimit()),
  STANDING_MAX_IN_FLIGHT: Type.Optional(wholeNumber(0, 1_000_000)),
  STANDING_MAX_CHECKS_IN_FLIGHT: Type.Optional(wholeNumber(0, 1_000_000)),
  STANDING_CHECK_TARGET_MS: Type.Optional(wholeNumber(0, 60_000)),
  STANDING_SHED_TARGET_MS: Type.Optional(wholeNumber(0, 60_000)),
  STANDING_MAX_EVENT_LOOP_DELAY_MS: Type.Optional(wholeNumber(0, 60_000)),
  STANDING_RETRY_AFTER_SECONDS: Type.Optional(wholeNumber(1, 3600)),
  STANDING_SMTP_URL: Type.Optional(matching(/^smtps?:\/\/[^\s]+$/i)),
  STANDING_PUBLIC_URL: Type.Optional(matching(/^https?:\/\/[^\s#?]+$/i)),
  STANDING_LINK_KEY: Type.Optional(Type.String({ minLength: 32 })),
  STANDING_MAIL_FROM: Type.Optional(Type.String({ pattern: '^[^\\r\\n]*$' })),
  STANDING_WEBHOOK_KEY: Type.Optional(Type.String({ minLength: 32 })),
  STANDING_WEBHOOK_ALLOW_PRIVATE: Type.Optional(
    Type.Codec(Type.String())
      .Decode((s) => s === '1' || s === 'true')
      .Encode((b) => (b ? 'true' : 'false')),
  ),
  STANDING_WEBHOOK_TIMEOUT_MS: Type.Optional(wholeNumber(100, 120_000)),
  STANDING_SIMULATION_TIMEOUT_MS: Type.Optional(wholeNumber(1, 7 * 24 * 3_600_000)),
});

type EnvName = keyof typeof ENV.properties;

/** Read with blanks around them removed (the others as given). */
const TRIMMED: ReadonlySet<EnvName> = new Set([
  'STANDING_TRUST_PROXY',
  'STANDING_SMTP_URL',
  'STANDING_PUBLIC_URL',
  'STANDING_LINK_KEY',
  'STANDING_MAIL_FROM',
]);

const whole = (name: string, min: number, max: number) => (raw: string) =>
  `${name}: "${raw}" is not a whole number from ${min} to ${max}`;
const limit = (name: string) => (raw: string) => `${name}: "${raw}" is not N/DURATION such as 10/15m (s, m or h)`;

/** What a bad value of each variable is told (the variable named first). */
const BAD: Readonly<Record<EnvName, (raw: string) => string>> = {
  STANDING_DB: () => 'STANDING_DB: a path or a postgres:// URL',
  STANDING_NOW: (raw) => problemOf(() => parseInstant(raw, 'STANDING_NOW'))!,
  STANDING_CLOCK_RATE: (raw) => `STANDING_CLOCK_RATE: "${raw}" is not a positive number up to 1e9`,
  STANDING_CLOCK_ORIGIN: (raw) => problemOf(() => parseInstant(raw, 'STANDING_CLOCK_ORIGIN'))!,
  STANDING_REPLICA: () => 'STANDING_REPLICA: not a postgres:// URL',
  STANDING_TRUST_PROXY: () => 'STANDING_TRUST_PROXY: `true`, or a comma-separated list of addresses and CIDRs',
  STANDING_SECURE_COOKIES: () => 'STANDING_SECURE_COOKIES: `true` or `false`',
  STANDING_LIMIT_SIGNIN_ACCOUNT: limit('STANDING_LIMIT_SIGNIN_ACCOUNT'),
  STANDING_LIMIT_SIGNIN_ADDRESS: limit('STANDING_LIMIT_SIGNIN_ADDRESS'),
  STANDING_LIMIT_ENROL_ADDRESS: limit('STANDING_LIMIT_ENROL_ADDRESS'),
  STANDING_LIMIT_ENROL_CODE: limit('STANDING_LIMIT_ENROL_CODE'),
  STANDING_LIMIT_PASS_ADDRESS: limit('STANDING_LIMIT_PASS_ADDRESS'),
  STANDING_LIMIT_PASS_TOKEN: limit('STANDING_LIMIT_PASS_TOKEN'),
  STANDING_MAX_IN_FLIGHT: whole('STANDING_MAX_IN_FLIGHT', 0, 1_000_000),
  STANDING_MAX_CHECKS_IN_FLIGHT: whole('STANDING_MAX_CHECKS_IN_FLIGHT', 0, 1_000_000),
  STANDING_CHECK_TARGET_MS: whole('STANDING_CHECK_TARGET_MS', 0, 60_000),
  STANDING_SHED_TARGET_MS: whole('STANDING_SHED_TARGET_MS', 0, 60_000),
  STANDING_MAX_EVENT_LOOP_DELAY_MS: whole('STANDING_MAX_EVENT_LOOP_DELAY_MS', 0, 60_000),
  STANDING_RETRY_AFTER_SECONDS: whole('STANDING_RETRY_AFTER_SECONDS', 1, 3600),
  STANDING_SMTP_URL: () => 'STANDING_SMTP_URL: not an smtp:// or smtps:// URL',
  STANDING_PUBLIC_URL: () => 'STANDING_PUBLIC_URL: not an http(s):// URL without query or fragment',
  STANDING_LINK_KEY: () => 'STANDING_LINK_KEY: shorter than 32 characters',
  STANDING_MAIL_FROM: () => 'STANDING_MAIL_FROM: one line',
  STANDING_WEBHOOK_KEY: () => 'STANDING_WEBHOOK_KEY: at least 32 characters',
  STANDING_WEBHOOK_ALLOW_PRIVATE: () => 'STANDING_WEBHOOK_ALLOW_PRIVATE: `1`, `true` or anything else for no',
  STANDING_WEBHOOK_TIMEOUT_MS: whole('STANDING_WEBHOOK_TIMEOUT_MS', 100, 120_000),
  STANDING_SIMULATION_TIMEOUT_MS: whole('STANDING_SIMULATION_TIMEOUT_MS', 1, 7 * 24 * 3_600_000),
};

/** The message of what `f` throws as a StandingError, or null when it does not throw. */
function problemOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof StandingError) return e.message;
    throw e;
  }
}

/** Parses the environment through ENV, naming every bad variable at once (CONFIG_INVALID). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const raw: Partial<Record<EnvName, string>> = {};
  for (const name of Object.keys(ENV.properties) as EnvName[]) {
    const v = TRIMMED.has(name) ? env[name]?.trim() : env[name];
    if (v !== undefined && v !== '') raw[name] = v;
  }
  // Each variable on its own, so that every bad one is named (Value.Errors stops at a few).
  const problems = (Object.keys(raw) as EnvName[])
    .filter((n) => !Value.Check(ENV.properties[n], raw[n]))
    .map((n) => BAD[n](raw[n]!));
  if (problems.length > 0) fail('CONFIG_INVALID', problems.join('; '), { field: 'environment' });
  const e = Value.Decode(ENV, raw);
  const d = DEFAULT_ATTEMPT_LIMITS;
  const shed = DEFAULT_LOAD_SHED;
  return Object.freeze({
    db: e.STANDING_DB ?? './standing.db',
    now: e.STANDING_NOW ?? null,
    clockRate: e.STANDING_CLOCK_RATE ?? 1,
    clockOrigin: e.STANDING_CLOCK_ORIGIN ?? null,
    replica: e.STANDING_REPLICA ?? null,
    trustProxy: e.STANDING_TRUST_PROXY ?? false,
    secureCookies: e.STANDING_SECURE_COOKIES ?? false,
    attemptLimits: Object.freeze({
      signInPerAccount: e.STANDING_LIMIT_SIGNIN_ACCOUNT ?? d.signInPerAccount,
      signInPerAddress: e.STANDING_LIMIT_SIGNIN_ADDRESS ?? d.signInPerAddress,
      enrolPerAddress: e.STANDING_LIMIT_ENROL_ADDRESS ?? d.enrolPerAddress,
      enrolPerCode: e.STANDING_LIMIT_ENROL_CODE ?? d.enrolPerCode,
      passPerAddress: e.STANDING_LIMIT_PASS_ADDRESS ?? d.passPerAddress!,
      passPerToken: e.STANDING_LIMIT_PASS_TOKEN ?? d.passPerToken!,
    }),
    loadShed: Object.freeze({
      maxInFlight: e.STANDING_MAX_IN_FLIGHT ?? shed.maxInFlight,
      maxChecksInFlight: e.STANDING_MAX_CHECKS_IN_FLIGHT ?? shed.maxChecksInFlight,
      checkTargetMs: e.STANDING_CHECK_TARGET_MS ?? shed.checkTargetMs,
      targetMs: e.STANDING_SHED_TARGET_MS ?? shed.targetMs,
      maxEventLoopDelayMs: e.STANDING_MAX_EVENT_LOOP_DELAY_MS ?? shed.maxEventLoopDelayMs,
      retryAfterSeconds: e.STANDING_RETRY_AFTER_SECONDS ?? shed.retryAfterSeconds,
    }),
    mail: Object.freeze({
      smtpUrl: e.STANDING_SMTP_URL ?? null,
      from: e.STANDING_MAIL_FROM ?? 'Standing <notices@localhost>',
      publicUrl: e.STANDING_PUBLIC_URL ?? 'http://127.0.0.1:8080',
      linkKey: e.STANDING_LINK_KEY ?? null,
    }),
    webhooks: Object.freeze({
      key: e.STANDING_WEBHOOK_KEY ?? null,
      allowPrivate: e.STANDING_WEBHOOK_ALLOW_PRIVATE ?? false,
      timeoutMs: e.STANDING_WEBHOOK_TIMEOUT_MS ?? 10_000,
    }),
    simulationTimeoutMs: e.STANDING_SIMULATION_TIMEOUT_MS ?? DEFAULT_SIMULATION_TIMEOUT_MS,
  });
}
