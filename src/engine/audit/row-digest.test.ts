import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/record.js';
import type { MessageRow } from '../../store/due-process-port.js';
import { sha256 } from './hash.js';
import { messageDigest, messageDigestOf } from './row-digest.js';

const message: MessageRow = {
  id: 42,
  subject: 'person:1',
  kind: 'notice',
  listingId: null,
  authority: 'city',
  at: 1_780_272_000_000,
  // Members out of order, nested, with text that JSON escapes: the body is canonicalised, not copied.
  body: { text: 'A "quoted" line\nand 平安', listing: 7, redress: [{ until: null, kind: 'appeal' }], automated: true },
};

describe('messageDigest', () => {
  it('is the SHA-256 of the canonical JSON of the whole row, as before it was put together around the body text', () => {
    const whole = sha256(
      canonicalJson({
        id: message.id,
        subject: message.subject,
        kind: message.kind,
        listingId: message.listingId,
        authority: message.authority,
        at: message.at,
        body: JSON.parse(JSON.stringify(message.body)) as unknown,
      }),
    );
    expect(messageDigest(message)).toBe(whole);
    expect(messageDigestOf(message, canonicalJson(message.body))).toBe(whole);
    expect(messageDigest({ ...message, listingId: 9 })).not.toBe(whole);
  });

  it('changes with any byte of the body', () => {
    expect(messageDigest({ ...message, body: { ...message.body, listing: 8 } })).not.toBe(messageDigest(message));
  });
});
