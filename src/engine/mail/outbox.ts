import { formatInstant } from '../../core/instant.js';
import { renderNoticeMail } from '../../core/notice-mail.js';
import type { NoticeMailRow } from '../../store/mail-port.js';
import type { StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { contactOf } from './contact.js';
import { linkKey, noticeUrl, signLink } from './notice-link.js';

/**
 * Puts a notice's e-mail in the outbox, in the transaction that writes the notice (SPEC §13):
 * the e-mail exists if and only if the notice committed, so a crash loses none. With no
 * address the row says so (`no-address`) and nothing is sent.
 */
export async function queueNoticeMail(
  tx: StoreTx,
  notice: { messageId: number; listingId: number; subject: string; at: number },
): Promise<void> {
  const contact = await contactOf(tx, notice.subject);
  await tx.insertNoticeMail({
    ...notice,
    address: contact.email,
    language: contact.language,
    state: contact.email === null ? 'no-address' : 'queued',
    nextAttemptAt: contact.email === null ? null : notice.at,
    createdAt: notice.at,
  });
}

/** Where to send from and how to reach the portal (config.ts: STANDING_SMTP_URL and friends). */
export interface MailerOptions {
  /** What sends one message: nodemailer's transport (mailer.ts), or a test's. */
  readonly transport: MailTransport;
  /** The From: header. */
  readonly from: string;
  /** The portal's public address, for links: STANDING_PUBLIC_URL. */
  readonly publicUrl: string;
  /** STANDING_LINK_KEY, or null for the database's own key. */
  readonly linkKey: string | null;
  /** At most this many e-mails per round; default 50. */
  readonly batch?: number;
}

export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface MailTransport {
  sendMail(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** How long a claimed e-mail is left to its worker before another may take it (a worker that died mid-send). */
export const MAIL_LEASE_MS = 5 * 60_000;
/** Retries back off from 1 minute, doubling, to at most an hour between attempts... */
export const MAIL_RETRY_FIRST_MS = 60_000;
export const MAIL_RETRY_MAX_MS = 3_600_000;
/** ...for 3 days from the notice; then the e-mail is `failed` (the notice is still in the inbox and counts as received 2 days after issue). */
export const MAIL_GIVE_UP_MS = 3 * 86_400_000;

/** The delay before retry number `attempts` + 1. */
export function retryDelay(attempts: number): number {
  return Math.min(MAIL_RETRY_MAX_MS, MAIL_RETRY_FIRST_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

export interface MailRound {
  readonly sent: number;
  readonly retrying: number;
  readonly failed: number;
}

/** An SMTP refusal for good (5xx): retrying would not help. Anything else (unreachable, 4xx, timeouts) is retried. */
function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * One round of the mail worker: claims the e-mails due now (leased, so workers of a fleet
 * never take the same one), sends each outside any transaction, and records the outcome:
 * `sent`, else `retrying` with backoff, else `failed`. Never throws for a failed send.
 */
export async function sendPendingMail(deps: EngineDeps, options: MailerOptions): Promise<MailRound> {
  const now = deps.clock.now();
  const { claimed, key } = await deps.store.transaction(async (tx) => ({
    claimed: await tx.claimNoticeMail(now, now + MAIL_LEASE_MS, options.batch ?? 50),
    key: await linkKey(tx, options.linkKey),
  }));
  let sent = 0;
  let retrying = 0;
  let failed = 0;
  for (const row of claimed) {
    const mail = await compose(deps, row, key, options);
    try {
      if (mail === undefined) throw Object.assign(new Error('the notice is no longer stored'), { responseCode: 550 });
      const info = await options.transport.sendMail(mail);
      await deps.store.transaction((tx) =>
        tx.updateNoticeMail(row.id, {
          state: 'sent',
          nextAttemptAt: null,
          lastError: null,
          smtpId: info.messageId,
          sentAt: deps.clock.now(),
        }),
      );
      sent++;
    } catch (err) {
      const at = deps.clock.now();
      const giveUp = permanent(err) || at - row.createdAt >= MAIL_GIVE_UP_MS;
      const message = (err as Error).message?.slice(0, 500) ?? String(err);
      await deps.store.transaction((tx) =>
        tx.updateNoticeMail(row.id, {
          state: giveUp ? 'failed' : 'retrying',
          nextAttemptAt: giveUp ? null : at + retryDelay(row.attempts),
          lastError: message,
          smtpId: null,
          sentAt: null,
        }),
      );
      if (giveUp) failed++;
      else retrying++;
    }
  }
  return { sent, retrying, failed };
}

async function compose(
  deps: EngineDeps,
  row: NoticeMailRow,
  key: Buffer,
  options: MailerOptions,
): Promise<OutgoingMail | undefined> {
  const found = await deps.store.read((tx) => tx.noticeOf(row.listingId));
  if (found === undefined || found.id !== row.messageId || row.address === null) return undefined;
  const notice = found.body;
  const { token, expires } = signLink(key, row.listingId, row.subject, found.noticedAt);
  const rendered = renderNoticeMail(notice, {
    language: row.language,
    link: noticeUrl(options.publicUrl, row.listingId, token),
    linkExpires: formatInstant(expires),
  });
  return {
    from: options.from,
    to: row.address,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    // Lets the subject's mail client thread, and the operator trace, one notice's e-mail.
    headers: { 'X-Standing-Notice': `${row.listingId}` },
  };
}

/** The notice e-mail outbox, of one subject or of all (`standing mail list`: the operator's view, addresses included). */
export async function noticeMailOutbox(deps: EngineDeps, subject: string | undefined): Promise<NoticeMailRow[]> {
  return deps.store.read((tx) => tx.noticeMails(subject));
}
