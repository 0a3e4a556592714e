import { chooseLocale, type Locale } from '../core/i18n/locale.js';

/**
 * The language of what the CLI says to a subject: `--lang`, else the account's own setting,
 * else the environment's (LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 is zh-CN), else English.
 * JSON output never changes with it.
 */
export function cliLocale(flag?: string, setting?: string | null): Locale {
  const env = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || null;
  return chooseLocale([flag, setting, env]);
}
