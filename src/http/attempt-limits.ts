/** Attempt limits of the HTTP edge (edge.ts), apart so that configuration (config.ts) reads them without loading Fastify. */

/** At most `max` attempts per `windowMs` for one key (an address, an account, a code). */
export interface AttemptLimit {
  readonly max: number;
  readonly windowMs: number;
}

/** Limits on guessable secrets (SPEC §1): password sign-in and enrolment-code redemption. */
export interface AttemptLimits {
  /** Sign-in attempts for one account name, from anywhere. Default 10 per 15 minutes. */
  readonly signInPerAccount: AttemptLimit;
  /** Sign-in attempts from one client address, for any accounts. Default 30 per 15 minutes. */
  readonly signInPerAddress: AttemptLimit;
  /** Enrolment attempts from one client address. Default 10 per hour. */
  readonly enrolPerAddress: AttemptLimit;
  /** Enrolment attempts with one code. Default 5 per hour. */
  readonly enrolPerCode: AttemptLimit;
  /** Pass verifications from one client address. Default 60 per 15 minutes. */
  readonly passPerAddress?: AttemptLimit;
  /** Verifications of one pass token. Default 30 per 15 minutes. */
  readonly passPerToken?: AttemptLimit;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = Object.freeze({
  signInPerAccount: { max: 10, windowMs: 15 * 60_000 },
  signInPerAddress: { max: 30, windowMs: 15 * 60_000 },
  enrolPerAddress: { max: 10, windowMs: 60 * 60_000 },
  enrolPerCode: { max: 5, windowMs: 60 * 60_000 },
  passPerAddress: { max: 60, windowMs: 15 * 60_000 },
  passPerToken: { max: 30, windowMs: 15 * 60_000 },
});
