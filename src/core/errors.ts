/**
 * The one catalog of stable error codes. Every code here is documented in
 * docs/errors.md; a test keeps the two in step. HTTP status is chosen only at the
 * HTTP edge, exit codes only in the CLI.
 */
export const ERROR_CODES = {
  ARGUMENT_INVALID: 'A command-line argument or option is missing or malformed',
  INSTANT_INVALID: 'An instant is not an RFC 3339 date-time',
  DURATION_INVALID: 'A duration is not an ISO 8601 duration of whole numbers',
  SUBJECT_INVALID: 'A subject id is not person:… or org:…',
  SUBJECT_UNKNOWN: 'Nothing is held about the subject: no record, listing or message names it',
  AUTHORITY_INVALID: 'An authority name is not a lower-case slug',
  CONFIG_INVALID: 'Configuration from flags or the environment is invalid',

  DB_EXISTS: 'The database file already exists',
  DB_NOT_FOUND: 'The database does not exist; run `standing init` first',
  DB_SCHEMA_MISMATCH: 'The database was made by an incompatible version of Standing',
  DB_UNAVAILABLE: 'The database server cannot be reached, or refused the connection',
  DB_CORRUPT: 'The database storage fails its integrity check: a page, table or index cannot be read as written',
  BACKUP_FAILED: 'A backup or restore could not be made (target exists, tool missing, or the copy failed)',
  OVERLOADED: 'The service is beyond its load bound; retry after the Retry-After seconds',

  CHECKPOINT_KEY_INVALID: 'A checkpoint signing key or verifier key is malformed, or its file exists already',
  CHECKPOINT_INVALID: 'A checkpoint is not a signed note of the verifier key, or its signature does not verify',

  SCHEME_YAML_INVALID: 'The scheme is not valid YAML',
  SCHEME_FIELD_MISSING: 'A required field of the scheme is missing',
  SCHEME_FIELD_UNKNOWN: 'The scheme has a field Standing does not know',
  SCHEME_FIELD_INVALID: 'A field of the scheme has a wrong type or value',
  SCHEME_LANGUAGE_UNKNOWN: 'A translated scheme text names a language tag Standing does not offer',
  SCHEME_DUPLICATE_ID: 'Two rules, grades or lists of a scheme share an id',
  SCHEME_EXPRESSION_INVALID: 'A CEL expression does not compile or uses an unknown variable',
  SCHEME_TOO_COSTLY: 'A CEL expression’s estimated cost exceeds the evaluation budget',
  SCHEME_ACTION_UNKNOWN: 'A sanction names an action that is not in the registry',
  SCHEME_EFFECT_MISMATCH: 'A sanction effect does not fit its action or its list type',
  SCHEME_SANCTION_UNJUSTIFIED: 'A cross-context sanction lacks justification or basis',
  SCHEME_DATA_UNJUSTIFIED:
    'A rule, grade or list reads records of another domain (or of any kind) without dataJustification and basis',
  EMPLOYMENT_SANCTION_FORBIDDEN: 'An employment scheme sanctions an action outside the employment domain',
  SCHEME_ACTION_NOT_GRANTED: 'The authority holds no grant for an action its scheme sanctions',
  SOURCE_NOT_SHARED: 'A scheme reads the records of an authority that has not shared them with its own',
  SHARE_NOT_FOUND: 'No data-sharing grant holds from that authority to that one',
  SCHEME_VERSION_CONFLICT: 'A scheme version with that number exists with other content',
  SCHEME_NOT_FOUND: 'No published scheme has that id (and version)',
  SCHEME_CANDIDATE_STATE:
    'The scheme version is not in the state this needs (promote: shadow; approve: pending; withdraw: shadow or pending)',
  SHADOW_LIMIT: 'The authority already has as many shadow versions as it may have at once (3): promote or withdraw one',
  SCHEME_CANDIDATE_STALE: 'A shadow or pending version older than the live version cannot be made live',
  APPROVER_IS_AUTHOR: 'The account that published or asked for a held version cannot approve it',
  SIMULATION_NOT_FOUND: 'No simulation job of this server has that id for the caller’s authority',
  SIMULATION_JOBS_FULL:
    'The authority already has as many simulation jobs as the server holds; retry when one has finished',
  SIMULATION_TIMED_OUT:
    'The simulation or backtest ran longer than the time limit (STANDING_SIMULATION_TIMEOUT_MS) and was stopped',
  SCHEME_AMBIGUOUS: 'Several authorities publish a scheme with that id; name one with --authority',

  RECORD_JSON_INVALID: 'An import line is not a JSON object',
  RECORD_FIELD_MISSING: 'A required record field is missing',
  RECORD_FIELD_INVALID: 'A record field has a wrong type or value',
  RECORD_FIELD_UNKNOWN: 'A record has a field Standing does not know',
  RECORD_DATA_TOO_LARGE: 'A record’s data exceeds 16 KiB',
  RECORD_IN_FUTURE: 'A record occurred more than 5 minutes in the future',
  RECORD_CONFLICT: 'A record with that authority and key exists with other content',
  RECORD_NOT_FOUND: 'No record has that authority and key',
  RECORD_ALREADY_RETRACTED: 'The record is already retracted',
  CSV_HEADER_INVALID: 'The CSV header lacks a required column or repeats one',
  CSV_ROW_INVALID: 'A CSV row cannot be read',
  IMPORT_FORMAT_UNKNOWN: 'The import format is neither ndjson nor csv',
  FILE_NOT_FOUND: 'The file cannot be read',

  LISTING_NOT_FOUND: 'No listing has that id',
  NOTICE_LINK_INVALID: 'A notice link’s token is malformed, forged or for another notice',
  NOTICE_LINK_EXPIRED: 'A notice link’s token has expired; sign in to the portal to read the notice',
  EMAIL_INVALID: 'An e-mail address is not one mailbox such as name@example.org',
  LISTING_ENDED: 'The listing has ended and cannot change',
  LISTING_STATE: 'The listing is not in a state that allows this step',
  APPEAL_EXISTS: 'The listing was already appealed; there is one appeal per listing',
  APPEAL_NOT_FOUND: 'No appeal has that id',
  APPEAL_DECIDED: 'The appeal or dispute was already decided',
  DISPUTE_NOT_FOUND: 'No dispute has that id',
  DISPUTE_EXISTS: 'The record already has an open dispute',
  REVIEW_CONFLICT: 'The reviewer submitted a record involved in the case (four-eyes rule)',
  REVIEWER_MUST_BE_HUMAN: 'Appeals and disputes are decided by a reviewer signed in to an account, never an API key',
  REVIEW_INVALID: 'A review decision is malformed (outcome, reasons, records to retract)',
  STATEMENT_INVALID: 'An appeal or dispute statement is empty or too long',
  DECISION_INVALID: 'A listing decision is malformed (subject, scheme, list, reason, basis, evidence URL, key)',
  LIST_NOT_MANUAL: 'The list is not manual: its listings are opened by its condition, not by decision',
  DECISION_CONFLICT: 'A listing decision with that key exists with other content',
  LISTING_OPEN: 'The subject already has an open listing on that list',
  TERM_TOO_LONG: 'The term of a listing decision exceeds its list’s maximum term',
  SECOND_INSTANCE_UNAVAILABLE: 'A second instance follows only an upheld appeal of a listing not ended',
  SECOND_INSTANCE_TOO_LATE: 'The window for a second instance after the upheld appeal has closed',
  SECOND_INSTANCE_EXISTS: 'A second instance was already asked for this appeal',
  SECOND_INSTANCE_NOT_FOUND: 'No second instance has that id',
  SECOND_INSTANCE_REVIEWER:
    'The reviewer belongs neither to the appeal body nor, without one, is free of the first decision',

  PASS_TTL_TOO_LONG: 'A pass may last at most 30 days (P30D)',
  PASS_TTL_TOO_SHORT: 'A pass must last at least a minute (PT1M)',
  PASS_PURPOSE_UNKNOWN: 'A pass purpose is neither a registered action nor a scheme that judges the subject',
  PASS_RECIPIENT_INVALID: 'A pass recipient is not party:NAME or account:NAME of an existing relying party or account',
  PASS_NOT_FOUND: 'No pass has that token (or id, for its subject)',
  PASS_REVOKED: 'The pass was revoked by its subject',
  PASS_EXPIRED: 'The pass has expired',
  PASS_NOT_FOR_YOU: 'The pass names a recipient; only that recipient, signed in, may verify it',
  SELF_EXCLUSION_NOT_OFFERED: 'The list does not offer self-exclusion, or does not judge subjects of this type',
  SELF_EXCLUSION_TERM: 'The chosen self-exclusion term lies outside the bounds the list offers',
  SELF_EXCLUSION_EXISTS: 'The subject is already on that list',
  SELF_EXCLUSION_LOCKED: 'A self-exclusion cannot be ended early or appealed: it ends at the term chosen',
  REPORTS_CLOSED: 'The authority does not accept reports from the public',
  REPORT_INVALID: 'A report is malformed: the field named is missing, too large, or not allowed',
  REPORT_RATE_LIMITED: 'The reporter has filed as many reports to this authority as it accepts in a day',
  REPORT_NOT_FOUND: 'No report has that id (or none the caller may see)',
  REPORT_DECIDED: 'The report was already accepted or rejected: a decision on a report is final',

  WEBHOOK_URL_REFUSED:
    'A webhook URL is not http(s), carries credentials, or resolves to a private or loopback address',
  WEBHOOK_EVENTS_INVALID: 'A webhook names an unknown event type, or one its relying party may not receive',
  WEBHOOK_NOT_FOUND: 'No webhook endpoint (or delivery) has that id',
  WEBHOOK_KEY_MISSING:
    'STANDING_WEBHOOK_KEY is unset or shorter than 32 characters, so webhook secrets cannot be derived',

  ACCOUNT_NOT_FOUND: 'No account has that name',
  ACCOUNT_EXISTS: 'An account with that name exists',
  ACCOUNT_INVALID: 'An account definition is malformed (name, roles, subject)',
  FORBIDDEN: 'The account’s roles or authority do not allow this',

  ACTION_INVALID: 'An action definition is malformed',
  ACTION_EXISTS: 'An action with that name is already registered',
  ACTION_UNKNOWN: 'No action with that name is registered',

  PARTY_INVALID: 'A relying party name is not a lower-case slug, or is the reserved name operator',
  PARTY_NOT_FOUND: 'No relying party has that name',
  PARTY_EXISTS: 'A relying party with that name exists',
  NOT_ENTITLED: 'The relying party is not entitled to check that action',
  DECISION_NOT_FOUND: 'No check the caller may see was answered with that decision id',
  SOR_INVALID: 'A statement of reasons does not meet the DSA Transparency Database API (field, enumeration or length)',

  // Authentication
  UNAUTHENTICATED: 'No credentials were given, or they match no key or session',
  CREDENTIALS_INVALID: 'The account name or password is wrong',
  SESSION_EXPIRED: 'The session has expired; sign in again',
  KEY_REVOKED: 'The API key has been revoked',
  KEY_NOT_FOUND: 'No API key has that id',
  KEY_INVALID: 'An API key definition is malformed (authority and roles, or party)',
  ENROLMENT_INVALID: 'The enrolment code is unknown, used or expired',
  AUTHORITY_EXISTS: 'The authority was already created with a kind',
  AUTHORITY_NOT_FOUND: 'No authority has that name (none has recorded, published or been created with it)',
  PASSWORD_WEAK: 'The password is shorter than 10 characters',

  REQUEST_INVALID: 'The HTTP request does not match its schema (wrong type, unknown or missing field)',
  REQUEST_JSON_INVALID: 'The HTTP request body is not valid JSON',
  REQUEST_TOO_LARGE: 'The HTTP request body or batch is larger than allowed',
  BODY_ENCODING_INVALID: 'The HTTP request body is not valid UTF-8',
  BODY_DUPLICATE_KEY: 'A JSON object in the request body names the same member twice',
  BODY_NUMBER_UNSAFE: 'A number in the request body is an integer beyond ±(2^53 − 1)',
  RATE_LIMITED: 'Too many attempts from this address or for this account; retry after the time given',
  NOT_FOUND: 'No such route or resource',
  UNAVAILABLE: 'The service is starting or shutting down',
  INTERNAL: 'An unexpected internal error; the server log has the request id',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Where an error points: any of the field path, the input line, the rule id, the scheme id. */
export interface ErrorLocation {
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  readonly rule?: string;
  readonly scheme?: string;
}

/** The one error type Standing throws on purpose; anything else is a bug. */
export class StandingError extends Error {
  override readonly name = 'StandingError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly at: ErrorLocation = {},
    /** Every problem found, when one input had several (a scheme with many errors). */
    readonly problems: readonly StandingError[] = [],
  ) {
    super(message);
  }

  toJSON(): { code: ErrorCode; message: string } & ErrorLocation {
    return { code: this.code, message: this.message, ...this.at };
  }
}

/** Shorthand for throwing a coded error. */
export function fail(code: ErrorCode, message: string, at?: ErrorLocation): never {
  throw new StandingError(code, message, at);
}

export function isStandingError(e: unknown): e is StandingError {
  return e instanceof StandingError;
}
