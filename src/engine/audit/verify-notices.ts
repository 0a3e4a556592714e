import { keyedCheck, str, type CrossCheck, type KeyedRow } from './cross-check.js';
import { messageDigest } from './row-digest.js';
import { noticeIndex, type NoticeIndex } from '../../core/notice.js';

const PAGE = 10_000;

/** What subjects are told: every inbox message (notices, outcomes, ends) against the hash its 'notice' entry holds. */
export function verifyNotices(): CrossCheck {
  return keyedCheck({
    table: 'messages',
    types: ['notice'],
    vouch: (_e, p) => ({ key: String(p.message), value: str(p, 'hash') }),
    async rows(tx) {
      const out: KeyedRow[] = [];
      for (let after = 0; ; ) {
        const page = await tx.messagesAfter(after, PAGE);
        for (const m of page) {
          after = m.id;
          out.push({ key: String(m.id), chain: m.authority, id: m.id, value: messageDigest(m) });
        }
        if (page.length < PAGE) return out;
      }
    },
    name: (key) => `message ${key}`,
  });
}

/**
 * A notice's typed columns (its listing, subject, instants) are what the engine looks up: each
 * must say what the notice's statement says, which the check above holds to its hash.
 */
export function verifyNoticeColumns(): CrossCheck {
  return {
    entry() {},
    async rows(tx, problems) {
      for (let after = 0; ; ) {
        const page = await tx.noticesAfter(after, PAGE);
        for (const n of page) {
          after = n.id;
          let said: NoticeIndex | undefined;
          try {
            said = noticeIndex(n.body);
          } catch {
            said = undefined;
          }
          const differ =
            said === undefined
              ? ['the statement']
              : (Object.keys(said) as (keyof NoticeIndex)[]).filter((k) => said[k] !== n[k]);
          if (differ.length > 0)
            problems.add({
              chain: n.authority,
              table: 'notices',
              id: n.id,
              message: `notice ${n.id}: ${differ.join(', ')} differ${differ.length === 1 ? 's' : ''} from its statement`,
            });
        }
        if (page.length < PAGE) return;
      }
    },
  };
}
