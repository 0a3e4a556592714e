import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { fail } from '../../core/errors.js';
import { checkSubject } from '../../core/subject.js';
import { MAIL_LANGUAGES, type MailLanguage, type SubjectSettingsRow } from '../../store/mail-port.js';
import type { ReadTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import { sha256 } from '../audit/hash.js';
import type { EngineDeps } from '../deps.js';

/** The settings of a subject that set none: no address, English. */
export const DEFAULT_LANGUAGE: MailLanguage = 'en';

/**
 * An e-mail address as Standing accepts it: one mailbox `local@domain`, at most 254
 * characters, no spaces, control characters, quotes, angle brackets, commas or semicolons
 * (so it can never name a second recipient or break out of a header).
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;

export function checkEmail(value: string, field = 'email'): string {
  if (value.length > 254 || !EMAIL.test(value))
    fail('EMAIL_INVALID', `${field}: not one e-mail address such as name@example.org`, { field });
  return value;
}

export function checkLanguage(value: string, field = 'language'): MailLanguage {
  if (!(MAIL_LANGUAGES as readonly string[]).includes(value))
    fail('ARGUMENT_INVALID', `${field}: "${value}" is not one of ${MAIL_LANGUAGES.join(', ')}`, { field });
  return value as MailLanguage;
}

/** The SHA-256 of an address as the audit log holds it: lower case, so the same mailbox hashes alike. */
export function emailDigest(email: string | null): string | null {
  return email === null ? null : sha256(`standing-email\n${email.toLowerCase()}`);
}

/** A subject's settings as they stand (the defaults when it set none). */
export async function contactOf(tx: ReadTx, subject: string): Promise<SubjectSettingsRow> {
  return (
    (await tx.getSubjectSettings(subject)) ?? {
      subject,
      email: null,
      language: DEFAULT_LANGUAGE,
      updatedAt: 0,
      updatedBy: null,
    }
  );
}

export async function getContact(deps: EngineDeps, subject: string): Promise<SubjectSettingsRow> {
  checkSubject(subject);
  return deps.store.read((tx) => contactOf(tx, subject));
}

/**
 * Sets a subject's address (null removes it) and language: by the subject itself (`by` its
 * account) or by the operator (`by` null). Audited on the operator chain with the address's
 * hash; a change that changes nothing writes nothing. Fields left undefined keep their value.
 */
export async function setContact(
  deps: EngineDeps,
  input: { subject: string; email?: string | null; language?: string; by: string | null },
): Promise<{ settings: SubjectSettingsRow; changed: boolean }> {
  const subject = checkSubject(input.subject);
  const email = input.email === undefined || input.email === null ? input.email : checkEmail(input.email.trim());
  const language = input.language === undefined ? undefined : checkLanguage(input.language);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const now = await contactOf(tx, subject);
    const next: SubjectSettingsRow = {
      subject,
      email: email === undefined ? now.email : email,
      language: language ?? now.language,
      updatedAt: at,
      updatedBy: input.by,
    };
    if (next.email === now.email && next.language === now.language && now.updatedAt !== 0)
      return { settings: now, changed: false };
    await tx.putSubjectSettings(next);
    await appendAudit(tx, {
      chain: OPERATOR_CHAIN,
      type: 'subject-contact',
      payload: { subject, email: emailDigest(next.email), language: next.language, by: input.by },
      at,
    });
    return { settings: next, changed: true };
  });
}
