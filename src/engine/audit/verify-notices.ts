import { keyedCheck, str, type CrossCheck, type KeyedRow } from './cross-check.js';
import { messageDigest } from './row-digest.js';

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
