/**
 * `t(locale, key, values)`: one message of the server's catalogue, formatted with ICU
 * MessageFormat (intl-messageformat). Compiled messages are cached per locale and key.
 * Pure: no I/O; the locale is chosen at the edges (HTTP request, CLI flag).
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import type { ErrorCode } from '../errors.js';
import { en, type MessageKey } from './en.js';
import type { Locale } from './locale.js';
import { zhCN } from './zh-CN.js';

export { en, type MessageKey } from './en.js';
export { zhCN } from './zh-CN.js';
export * from './locale.js';

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, 'zh-CN': zhCN };

const cache = new Map<string, IntlMessageFormat>();

export type MessageValues = Readonly<Record<string, PrimitiveType>>;

export function t(locale: Locale, key: MessageKey, values?: MessageValues): string {
  const id = `${locale}\u0000${key}`;
  let f = cache.get(id);
  if (f === undefined) {
    f = new IntlMessageFormat(CATALOGUES[locale][key] ?? en[key], locale);
    cache.set(id, f);
  }
  return String(f.format(values));
}

/** The general description of an error code in the locale (errors.ts holds the English). */
export function errorMessage(locale: Locale, code: ErrorCode): string {
  return t(locale, `error.${code}`);
}
