import { StandingError, fail } from './core/errors.js';
import { parseInstant } from './core/instant.js';
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimit, type AttemptLimits } from './http/attempt-limits.js';

/** The load-shedding bounds of `serve` when the environment names none (docs/operations.md). */
export const DEFAULT_LOAD_SHED = Object.freeze({
  maxInFlight: 512,
  maxChecksInFlight: 16,
  checkTargetMs: 5,
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
   * stands: for 100 ms every check answered took longer than STANDING_CHECK_TARGET_MS (default 5; 0: always), lowered while the median admitted request takes longer than
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
  readonly mail: {
    readonly smtpUrl: string | null;
    readonly from: string;
    readonly publicUrl: string;
    readonly linkKey: string | null;
  };
}

/** A whole number in [min, max] from the environment, or `fallback` when unset. */
function intVar(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: StandingError[],
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    problems.push(new StandingError('CONFIG_INVALID', `${name}: "${raw}" is not a whole number from ${min} to ${max}`));
    return fallback;
  }
  return n;
}

const LIMIT = /^([1-9][0-9]{0,6})\/([1-9][0-9]{0,6})(s|m|h)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

function attemptLimit(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  fallback: AttemptLimit,
  problems: StandingError[],
): AttemptLimit {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const m = LIMIT.exec(v);
  if (!m) {
    problems.push(new StandingError('CONFIG_INVALID', `${name}: "${v}" is not N/DURATION such as 10/15m (s, m or h)`));
    return fallback;
  }
  return { max: Number(m[1]), windowMs: Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS] };
}

const PROXY_ADDRESS = /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/[0-9]{1,3})?)$/;

/** Parses the environment, naming every bad variable at once. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: StandingError[] = [];
  let now: number | null = null;
  if (env.STANDING_NOW !== undefined && env.STANDING_NOW !== '') {
    try {
      now = parseInstant(env.STANDING_NOW, 'STANDING_NOW');
    } catch (e) {
      if (e instanceof StandingError) problems.push(e);
      else throw e;
    }
  }
  let clockRate = 1;
  if (env.STANDING_CLOCK_RATE !== undefined && env.STANDING_CLOCK_RATE !== '') {
    const r = Number(env.STANDING_CLOCK_RATE);
    if (!Number.isFinite(r) || r <= 0 || r > 1e9)
      problems.push(
        new StandingError(
          'CONFIG_INVALID',
          `STANDING_CLOCK_RATE: "${env.STANDING_CLOCK_RATE}" is not a positive number up to 1e9`,
        ),
      );
    else clockRate = r;
  }
  let clockOrigin: number | null = null;
  if (env.STANDING_CLOCK_ORIGIN !== undefined && env.STANDING_CLOCK_ORIGIN !== '') {
    try {
      clockOrigin = parseInstant(env.STANDING_CLOCK_ORIGIN, 'STANDING_CLOCK_ORIGIN');
    } catch (e) {
      if (e instanceof StandingError) problems.push(e);
      else throw e;
    }
  }
  const db = env.STANDING_DB !== undefined && env.STANDING_DB !== '' ? env.STANDING_DB : './standing.db';
  const replica = env.STANDING_REPLICA !== undefined && env.STANDING_REPLICA !== '' ? env.STANDING_REPLICA : null;
  if (replica !== null && !/^postgres(ql)?:\/\//i.test(replica))
    problems.push(new StandingError('CONFIG_INVALID', 'STANDING_REPLICA: not a postgres:// URL'));
  let trustProxy: boolean | readonly string[] = false;
  const tp = env.STANDING_TRUST_PROXY?.trim() ?? '';
  if (tp === 'true') trustProxy = true;
  else if (tp !== '' && tp !== 'false') {
    const list = tp.split(',').map((x) => x.trim());
    if (list.every((x) => PROXY_ADDRESS.test(x))) trustProxy = Object.freeze(list);
    else
      problems.push(
        new StandingError(
          'CONFIG_INVALID',
          'STANDING_TRUST_PROXY: `true`, or a comma-separated list of addresses and CIDRs',
        ),
      );
  }
  const sc = env.STANDING_SECURE_COOKIES ?? '';
  if (!['', 'true', 'false'].includes(sc))
    problems.push(new StandingError('CONFIG_INVALID', 'STANDING_SECURE_COOKIES: `true` or `false`'));
  const secureCookies = sc === 'true';
  const d = DEFAULT_ATTEMPT_LIMITS;
  const attemptLimits: AttemptLimits = Object.freeze({
    signInPerAccount: attemptLimit(env, 'STANDING_LIMIT_SIGNIN_ACCOUNT', d.signInPerAccount, problems),
    signInPerAddress: attemptLimit(env, 'STANDING_LIMIT_SIGNIN_ADDRESS', d.signInPerAddress, problems),
    enrolPerAddress: attemptLimit(env, 'STANDING_LIMIT_ENROL_ADDRESS', d.enrolPerAddress, problems),
    enrolPerCode: attemptLimit(env, 'STANDING_LIMIT_ENROL_CODE', d.enrolPerCode, problems),
    passPerAddress: attemptLimit(env, 'STANDING_LIMIT_PASS_ADDRESS', d.passPerAddress!, problems),
    passPerToken: attemptLimit(env, 'STANDING_LIMIT_PASS_TOKEN', d.passPerToken!, problems),
  });
  const loadShed = Object.freeze({
    maxInFlight: intVar(env, 'STANDING_MAX_IN_FLIGHT', DEFAULT_LOAD_SHED.maxInFlight, 0, 1_000_000, problems),
    maxChecksInFlight: intVar(
      env,
      'STANDING_MAX_CHECKS_IN_FLIGHT',
      DEFAULT_LOAD_SHED.maxChecksInFlight,
      0,
      1_000_000,
      problems,
    ),
    checkTargetMs: intVar(env, 'STANDING_CHECK_TARGET_MS', DEFAULT_LOAD_SHED.checkTargetMs, 0, 60_000, problems),
    targetMs: intVar(env, 'STANDING_SHED_TARGET_MS', DEFAULT_LOAD_SHED.targetMs, 0, 60_000, problems),
    maxEventLoopDelayMs: intVar(
      env,
      'STANDING_MAX_EVENT_LOOP_DELAY_MS',
      DEFAULT_LOAD_SHED.maxEventLoopDelayMs,
      0,
      60_000,
      problems,
    ),
    retryAfterSeconds: intVar(
      env,
      'STANDING_RETRY_AFTER_SECONDS',
      DEFAULT_LOAD_SHED.retryAfterSeconds,
      1,
      3600,
      problems,
    ),
  });
  const mail = mailConfig(env, problems);
  const webhookKey = env.STANDING_WEBHOOK_KEY ?? '';
  if (webhookKey !== '' && webhookKey.length < 32)
    problems.push(new StandingError('CONFIG_INVALID', 'STANDING_WEBHOOK_KEY: at least 32 characters'));
  const webhooks = Object.freeze({
    key: webhookKey === '' ? null : webhookKey,
    allowPrivate: env.STANDING_WEBHOOK_ALLOW_PRIVATE === '1' || env.STANDING_WEBHOOK_ALLOW_PRIVATE === 'true',
    timeoutMs: intVar(env, 'STANDING_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000, problems),
  });
  if (problems.length > 0) {
    fail('CONFIG_INVALID', problems.map((p) => p.message).join('; '), { field: 'environment' });
  }
  return Object.freeze({
    db,
    now,
    clockRate,
    clockOrigin,
    replica,
    trustProxy,
    secureCookies,
    attemptLimits,
    loadShed,
    mail,
    webhooks,
  });
}

function mailConfig(env: Readonly<Record<string, string | undefined>>, problems: StandingError[]): Config['mail'] {
  const set = (name: string): string | null => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const smtpUrl = set('STANDING_SMTP_URL');
  if (smtpUrl !== null && !/^smtps?:\/\/[^\s]+$/i.test(smtpUrl))
    problems.push(new StandingError('CONFIG_INVALID', 'STANDING_SMTP_URL: not an smtp:// or smtps:// URL'));
  const publicUrl = set('STANDING_PUBLIC_URL') ?? 'http://127.0.0.1:8080';
  if (!/^https?:\/\/[^\s#?]+$/i.test(publicUrl))
    problems.push(
      new StandingError('CONFIG_INVALID', 'STANDING_PUBLIC_URL: not an http(s):// URL without query or fragment'),
    );
  const linkKey = set('STANDING_LINK_KEY');
  if (linkKey !== null && linkKey.length < 32)
    problems.push(new StandingError('CONFIG_INVALID', 'STANDING_LINK_KEY: shorter than 32 characters'));
  const from = set('STANDING_MAIL_FROM') ?? 'Standing <notices@localhost>';
  if (/[\r\n]/.test(from)) problems.push(new StandingError('CONFIG_INVALID', 'STANDING_MAIL_FROM: one line'));
  return Object.freeze({ smtpUrl, from, publicUrl, linkKey });
}
