import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { addDuration, parseDuration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { RECEIPT_DEFAULT_MS } from '../../core/listing-machine.js';
import type { NoticeBody } from '../../core/notice.js';
import type { ListingRow } from '../../store/due-process-port.js';
import type { StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { receiveNotice } from '../due-process/listings.js';
import { listingView, type ListingView } from '../due-process/subject-file.js';
import { activeSchemes } from '../evaluation/schemes.js';

/** How long a notice link works, from the notice's issue (docs/email.md). */
export const LINK_VALIDITY = 'P30D';
/** Store meta key of the per-database link key, made on first use when STANDING_LINK_KEY is not set. */
export const LINK_KEY_META = 'notice_link_key';

/** The key links are signed with: the configured one (STANDING_LINK_KEY), else the database's own, made once. */
export async function linkKey(tx: StoreTx, configured: string | null | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  let stored = await tx.getMeta(LINK_KEY_META);
  if (stored === undefined) {
    stored = randomBytes(32).toString('base64url');
    await tx.setMeta(LINK_KEY_META, stored);
  }
  return Buffer.from(stored, 'base64url');
}

function mac(key: Buffer, listing: number, subject: string, expires: number): string {
  return createHmac('sha256', key)
    .update(`standing-notice-link\n${listing}\n${subject}\n${expires}`)
    .digest('base64url');
}

/** A link token for one listing's notice: `EXPIRES.MAC`, EXPIRES in epoch seconds. */
export function signLink(
  key: Buffer,
  listing: number,
  subject: string,
  noticedAt: number,
): {
  token: string;
  expires: number;
} {
  const expires = Math.floor(addDuration(noticedAt, parseDuration(LINK_VALIDITY, 'validity')) / 1000);
  return { token: `${expires}.${mac(key, listing, subject, expires)}`, expires: expires * 1000 };
}

/** The portal address of a notice with its token (a fragment: never sent to a server, a proxy log or a Referer). */
export function noticeUrl(publicUrl: string, listing: number, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/notices/${listing}?t=${encodeURIComponent(token)}`;
}

const TOKEN = /^([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$/;

/** Checks a token against the listing it names: NOTICE_LINK_INVALID when forged or for another, NOTICE_LINK_EXPIRED when old. */
export function verifyLink(key: Buffer, listing: ListingRow | undefined, token: string, now: number): ListingRow {
  const m = TOKEN.exec(token);
  const invalid = (): never =>
    fail(
      'NOTICE_LINK_INVALID',
      'this link is not a valid link to a notice; sign in to the portal to read your notices',
      {
        field: 't',
      },
    );
  if (!m || listing === undefined) return invalid();
  const expires = Number(m[1]);
  const want = Buffer.from(mac(key, listing.id, listing.subject, expires), 'utf8');
  const got = Buffer.from(m[2]!, 'utf8');
  if (want.length !== got.length || !timingSafeEqual(want, got)) return invalid();
  if (expires * 1000 <= now)
    fail(
      'NOTICE_LINK_EXPIRED',
      `this link expired at ${formatInstant(expires * 1000)}; sign in to the portal to read the notice`,
      {
        field: 't',
      },
    );
  return listing;
}

export interface OpenedNotice {
  readonly listing: ListingView;
  readonly notice: NoticeBody;
}

/**
 * Opens a notice through its e-mail link (SPEC §13): the token shows that one notice and
 * nothing else, and opening it is the subject's receipt (SPEC §6), recorded through the
 * same step as reading it in the portal, so the appeal window runs from now.
 */
export async function openNoticeLink(
  deps: EngineDeps,
  input: { listing: number; token: string; key?: string | null },
): Promise<OpenedNotice> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const key = await linkKey(tx, input.key);
    let l = verifyLink(key, await tx.getListing(input.listing), input.token, now);
    const notice = await tx.noticeOf(l.id);
    if (notice === undefined) return verifyLink(key, undefined, input.token, now) as never;
    if (l.receivedAt === null && l.state !== 'ended' && l.noticedAt <= now) {
      const scheme = (await activeSchemes(tx)).find(
        (s) => s.ref.authority === l.authority && s.ref.scheme === l.scheme,
      );
      const list = scheme?.compiled.lists.find((x) => x.def.id === l.list);
      // Past the default receipt the notice already counts as received at it, as in the portal (receiveNotices).
      const byDefault = now > l.noticedAt + RECEIPT_DEFAULT_MS;
      l = await receiveNotice(
        tx,
        l,
        byDefault ? l.noticedAt + RECEIPT_DEFAULT_MS : now,
        list,
        byDefault ? 'default' : 'link',
      );
    }
    return { listing: listingView(l, now, notice.body.list.title), notice: notice.body };
  });
}
