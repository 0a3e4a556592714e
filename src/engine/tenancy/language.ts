import { fail } from '../../core/errors.js';
import { isLocale, type Locale } from '../../core/i18n/locale.js';
import type { EngineDeps } from '../deps.js';

/** The language an account chose for what it reads (pages, notices, messages), or null: the request decides. */
export async function accountLanguage(deps: EngineDeps, account: string): Promise<Locale | null> {
  const v = await deps.store.read((tx) => tx.accountLanguage(account));
  return isLocale(v) ? v : null;
}

/** Sets an account's language (null clears it). Not a decision about anyone: a preference, so no audit entry. */
export async function setAccountLanguage(
  deps: EngineDeps,
  account: string,
  language: string | null,
): Promise<Locale | null> {
  if (language !== null && !isLocale(language))
    fail('ARGUMENT_INVALID', `language "${language}" is not offered; choose en or zh-CN`, { field: 'language' });
  await deps.store.transaction(async (tx) => {
    if ((await tx.getAccount(account)) === undefined) fail('ACCOUNT_NOT_FOUND', `no account "${account}"`);
    await tx.setAccountLanguage(account, language);
  });
  return language;
}
