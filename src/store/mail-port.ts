/** The languages a notice e-mail is written in (SPEC §13; docs/email.md). */
export type MailLanguage = 'en' | 'zh-CN';
export const MAIL_LANGUAGES: readonly MailLanguage[] = ['en', 'zh-CN'];

/**
 * A subject's contact settings: where its notices are e-mailed and in which language.
 * Personal data: only the subject itself and the operator read it (docs/email.md).
 */
export interface SubjectSettingsRow {
  readonly subject: string;
  /** Null: notices are not e-mailed (they are still in the inbox). */
  readonly email: string | null;
  readonly language: MailLanguage;
  readonly updatedAt: number;
  /** The account that set it, or null for the operator's CLI. */
  readonly updatedBy: string | null;
}

/**
 * Where a notice's e-mail stands. `no-address`: the subject had none when the notice was
 * issued (nothing is sent); `queued` and `retrying`: waiting for the mail worker, at
 * `nextAttemptAt`; `sent`: the SMTP server accepted it; `failed`: refused for good or
 * retried past the retry period.
 */
export type NoticeMailState = 'queued' | 'retrying' | 'sent' | 'failed' | 'no-address';

export interface NoticeMailRow {
  readonly id: number;
  /** The inbox message of kind `notice` this e-mail carries. */
  readonly messageId: number;
  readonly listingId: number;
  readonly subject: string;
  /** The address at issue (a later change of address does not redirect a queued notice). */
  readonly address: string | null;
  readonly language: MailLanguage;
  readonly state: NoticeMailState;
  readonly attempts: number;
  /** When the worker may (next) try; null once sent, failed or when there is no address. */
  readonly nextAttemptAt: number | null;
  readonly lastError: string | null;
  /** The SMTP Message-ID of the sent e-mail. */
  readonly smtpId: string | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
}

export type NewNoticeMail = Omit<NoticeMailRow, 'id' | 'attempts' | 'lastError' | 'smtpId' | 'sentAt'>;

/** Subjects' contact settings and the e-mail outbox of notices. */
export interface MailRepo {
  getSubjectSettings(subject: string): Promise<SubjectSettingsRow | undefined>;
  putSubjectSettings(row: SubjectSettingsRow): Promise<void>;
  /** Every subject's settings, in subject order (audit verify). */
  listSubjectSettings(): Promise<SubjectSettingsRow[]>;

  insertNoticeMail(row: NewNoticeMail): Promise<number>;
  /**
   * Takes up to `limit` e-mails due at `now` (queued or retrying, next attempt at or before
   * `now`), oldest first, counts an attempt on each and moves their next attempt to
   * `leaseUntil`, so that no other worker takes them meanwhile (PostgreSQL: FOR UPDATE SKIP LOCKED).
   */
  claimNoticeMail(now: number, leaseUntil: number, limit: number): Promise<NoticeMailRow[]>;
  /** Records the outcome of an attempt. */
  updateNoticeMail(
    id: number,
    change: Pick<NoticeMailRow, 'state' | 'nextAttemptAt' | 'lastError' | 'smtpId' | 'sentAt'>,
  ): Promise<void>;
  /** E-mails of one subject, or of every subject (undefined), in id order. */
  noticeMails(subject?: string): Promise<NoticeMailRow[]>;
}
