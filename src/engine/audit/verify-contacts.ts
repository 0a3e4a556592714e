import { keyedCheck, type CrossCheck } from './cross-check.js';
import { emailDigest } from '../mail/contact.js';
import { OPERATOR_CHAIN } from '../../core/audit-entry.js';

/**
 * Subjects' contact settings (docs/email.md): each row against the last 'subject-contact'
 * entry about its subject on the operator chain — the address's hash and the language. An
 * address rewritten behind the log would send the subject's notices elsewhere.
 */
export function verifyContacts(): CrossCheck {
  return keyedCheck({
    table: 'subject_settings',
    types: ['subject-contact'],
    vouch: (_e, p) => ({
      key: String(p.subject),
      value: `${typeof p.email === 'string' ? p.email : '-'}|${String(p.language)}`,
    }),
    async rows(tx) {
      return (await tx.listSubjectSettings()).map((s) => ({
        key: s.subject,
        chain: OPERATOR_CHAIN,
        id: s.subject,
        value: `${emailDigest(s.email) ?? '-'}|${s.language}`,
      }));
    },
    name: (key) => `the contact settings of ${key}`,
  });
}
