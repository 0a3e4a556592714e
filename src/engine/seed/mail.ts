import type { EngineDeps } from '../deps.js';
import { setContact } from '../mail/contact.js';
import type { SeedResult } from './city.js';

/**
 * The demo's notice e-mail (docs/email.md): every subject with an account in the seed city
 * gets an address at example.org, every other one in Chinese, so that the notices issued
 * from now on are queued for e-mail (sent only when STANDING_SMTP_URL is set).
 */
export async function seedMail(deps: EngineDeps, seeded: SeedResult): Promise<{ addresses: number; chinese: number }> {
  const subjects = seeded.accounts.flatMap((a) =>
    a.subject === null ? [] : [{ account: a.name, subject: a.subject }],
  );
  let chinese = 0;
  for (const [i, s] of subjects.entries()) {
    const language = i % 2 === 1 ? 'zh-CN' : 'en';
    if (language === 'zh-CN') chinese++;
    await setContact(deps, {
      subject: s.subject,
      email: `${s.account.replace(/[^A-Za-z0-9._-]/g, '-')}@example.org`,
      language,
      by: null,
    });
  }
  return { addresses: subjects.length, chinese };
}
