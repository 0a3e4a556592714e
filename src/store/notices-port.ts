import type { NoticeBody, NoticeIndex } from '../core/notice.js';

/**
 * A notice (SPEC §6) as stored: its own row with typed columns for what the engine looks up
 * and compares, and the statement itself (its canonical JSON, the text its audit hash covers).
 * Each notice also has a slot in its subject's inbox, a message of kind `notice` with the same
 * id: the inbox is a query over messages and notices together (the `inbox` view).
 */
export interface NoticeRow extends NoticeIndex {
  /** The id of its inbox message. */
  readonly id: number;
  readonly body: NoticeBody;
}

export interface NewNotice {
  readonly subject: string;
  readonly authority: string;
  /** When it was delivered to the inbox. */
  readonly at: number;
  readonly body: NoticeBody;
  /** The body's canonical JSON when the writer has it already (the text its hash covers); else JSON.stringify(body). */
  readonly bodyJson?: string;
}

/** Notices: written with their inbox slot in one step, read by listing. */
export interface NoticesRepo {
  /** Stores a notice and its inbox message; returns the message's id. A listing has at most one notice. */
  insertNotice(n: NewNotice): Promise<number>;
  /** The notice of a listing, or undefined. */
  noticeOf(listingId: number): Promise<NoticeRow | undefined>;
  /** The notices of a subject, in the order they were delivered. */
  noticesOfSubject(subject: string): Promise<NoticeRow[]>;
  /**
   * Notices issued at or after `since`, of one authority or (null) every one, in id order after
   * `after`, at most `limit`: the statements-of-reasons export.
   */
  noticesSince(input: {
    readonly since: number;
    readonly authority: string | null;
    readonly after: number;
    readonly limit: number;
  }): Promise<NoticeRow[]>;
  /** Notices by id after `afterId`, in id order, at most `limit` (audit verify compares their columns with their statements). */
  noticesAfter(afterId: number, limit: number): Promise<NoticeRow[]>;
}
