import { describe, expect, it } from 'vitest';
import { isStandingError } from './core/errors.js';
import { loadConfig } from './config.js';

/** The CONFIG_INVALID message loadConfig fails with, or null when it does not fail. */
function problem(env: Record<string, string>): string | null {
  try {
    loadConfig(env);
    return null;
  } catch (e) {
    if (!isStandingError(e)) throw e;
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.at).toEqual({ field: 'environment' });
    return e.message;
  }
}

describe('loadConfig: the environment through its typebox schema', () => {
  it('gives the documented defaults, frozen, for an empty environment (and for empty variables)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      db: './standing.db',
      now: null,
      clockRate: 1,
      clockOrigin: null,
      replica: null,
      trustProxy: false,
      secureCookies: false,
      mail: { smtpUrl: null, from: 'Standing <notices@localhost>', publicUrl: 'http://127.0.0.1:8080', linkKey: null },
      webhooks: { key: null, allowPrivate: false, timeoutMs: 10_000 },
      simulationTimeoutMs: 15 * 60_000,
    });
    expect(c.attemptLimits.signInPerAccount).toEqual({ max: 10, windowMs: 900_000 });
    expect(Object.isFrozen(c) && Object.isFrozen(c.loadShed) && Object.isFrozen(c.mail)).toBe(true);
    expect(loadConfig({ STANDING_DB: '', STANDING_MAX_IN_FLIGHT: '', STANDING_NOW: '' })).toEqual(c);
  });

  it('decodes each kind of variable into its value', () => {
    const c = loadConfig({
      STANDING_DB: 'postgres://db/standing',
      STANDING_NOW: '2026-03-01T08:00:00Z',
      STANDING_CLOCK_RATE: '2.5',
      STANDING_REPLICA: 'PostgreSQL://replica/standing',
      STANDING_TRUST_PROXY: ' 127.0.0.1, 10.0.0.0/8 ',
      STANDING_SECURE_COOKIES: 'true',
      STANDING_LIMIT_ENROL_CODE: '3/90s',
      STANDING_MAX_IN_FLIGHT: ' 64 ',
      STANDING_SMTP_URL: ' smtps://mail.example:465 ',
      STANDING_MAIL_FROM: 'Notices <n@example.org>',
      STANDING_WEBHOOK_ALLOW_PRIVATE: '1',
      STANDING_WEBHOOK_TIMEOUT_MS: '500',
      STANDING_SIMULATION_TIMEOUT_MS: '60000',
    });
    expect(c.db).toBe('postgres://db/standing');
    expect(c.now).toBe(Date.parse('2026-03-01T08:00:00Z'));
    expect(c.clockRate).toBe(2.5);
    expect(c.replica).toBe('PostgreSQL://replica/standing');
    expect(c.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(c.secureCookies).toBe(true);
    expect(c.attemptLimits.enrolPerCode).toEqual({ max: 3, windowMs: 90_000 });
    expect(c.loadShed.maxInFlight).toBe(64);
    expect(c.mail.smtpUrl).toBe('smtps://mail.example:465');
    expect(c.mail.from).toBe('Notices <n@example.org>');
    expect(c.webhooks).toEqual({ key: null, allowPrivate: true, timeoutMs: 500 });
    expect(c.simulationTimeoutMs).toBe(60_000);
  });

  // One bad value per kind of variable: the message names the variable and says what it should be.
  it.each([
    [
      'an instant',
      { STANDING_NOW: 'yesterday' },
      'STANDING_NOW: "yesterday" is not an RFC 3339 instant (e.g. 2026-03-01T08:00:00Z)',
    ],
    [
      'a real instant',
      { STANDING_CLOCK_ORIGIN: '2026-02-30T00:00:00Z' },
      'STANDING_CLOCK_ORIGIN: "2026-02-30T00:00:00Z" is not a real date and time',
    ],
    ['a positive number', { STANDING_CLOCK_RATE: '0' }, 'STANDING_CLOCK_RATE: "0" is not a positive number up to 1e9'],
    [
      'a whole number',
      { STANDING_MAX_IN_FLIGHT: '5.0' },
      'STANDING_MAX_IN_FLIGHT: "5.0" is not a whole number from 0 to 1000000',
    ],
    [
      'a whole number in range',
      { STANDING_WEBHOOK_TIMEOUT_MS: '99' },
      'STANDING_WEBHOOK_TIMEOUT_MS: "99" is not a whole number from 100 to 120000',
    ],
    [
      'a time limit',
      { STANDING_SIMULATION_TIMEOUT_MS: '0' },
      'STANDING_SIMULATION_TIMEOUT_MS: "0" is not a whole number from 1 to 604800000',
    ],
    [
      'an attempt limit',
      { STANDING_LIMIT_SIGNIN_ACCOUNT: '10/1d' },
      'STANDING_LIMIT_SIGNIN_ACCOUNT: "10/1d" is not N/DURATION such as 10/15m (s, m or h)',
    ],
    ['true or false', { STANDING_SECURE_COOKIES: 'yes' }, 'STANDING_SECURE_COOKIES: `true` or `false`'],
    [
      'a proxy list',
      { STANDING_TRUST_PROXY: '127.0.0.1,evil host' },
      'STANDING_TRUST_PROXY: `true`, or a comma-separated list of addresses and CIDRs',
    ],
    ['a postgres:// URL', { STANDING_REPLICA: 'mysql://replica' }, 'STANDING_REPLICA: not a postgres:// URL'],
    ['an smtp:// URL', { STANDING_SMTP_URL: 'http://mail' }, 'STANDING_SMTP_URL: not an smtp:// or smtps:// URL'],
    [
      'an http(s):// URL',
      { STANDING_PUBLIC_URL: 'https://x.org/?q=1' },
      'STANDING_PUBLIC_URL: not an http(s):// URL without query or fragment',
    ],
    ['a long key', { STANDING_LINK_KEY: 'short' }, 'STANDING_LINK_KEY: shorter than 32 characters'],
    ['a long secret', { STANDING_WEBHOOK_KEY: 'short' }, 'STANDING_WEBHOOK_KEY: at least 32 characters'],
    ['one line', { STANDING_MAIL_FROM: 'a\r\nBcc: x@y' }, 'STANDING_MAIL_FROM: one line'],
  ])('a bad value where %s is wanted is named', (_kind, env, message) => {
    expect(problem(env)).toBe(message);
  });

  it('names every bad variable at once, in the order documented, however many there are', () => {
    const message = problem({
      STANDING_WEBHOOK_TIMEOUT_MS: 'x',
      STANDING_NOW: 'x',
      STANDING_CLOCK_RATE: '-1',
      STANDING_REPLICA: 'x',
      STANDING_TRUST_PROXY: '?',
      STANDING_SECURE_COOKIES: 'x',
      STANDING_LIMIT_SIGNIN_ADDRESS: 'x',
      STANDING_MAX_IN_FLIGHT: 'x',
      STANDING_SMTP_URL: 'x',
      STANDING_PUBLIC_URL: 'ftp://x',
      STANDING_LINK_KEY: 'x',
      STANDING_WEBHOOK_KEY: 'x',
    });
    expect(message?.split('; ').map((p) => p.split(':')[0])).toEqual([
      'STANDING_NOW',
      'STANDING_CLOCK_RATE',
      'STANDING_REPLICA',
      'STANDING_TRUST_PROXY',
      'STANDING_SECURE_COOKIES',
      'STANDING_LIMIT_SIGNIN_ADDRESS',
      'STANDING_MAX_IN_FLIGHT',
      'STANDING_SMTP_URL',
      'STANDING_PUBLIC_URL',
      'STANDING_LINK_KEY',
      'STANDING_WEBHOOK_KEY',
      'STANDING_WEBHOOK_TIMEOUT_MS',
    ]);
  });
});
