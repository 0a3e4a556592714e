import type { SchemeDoc } from '../scheme-types.js';
import type { Locale } from './locale.js';

/**
 * A scheme's text in a language: its translation under the field's path (`title`, `basis`,
 * `lists[0].title`, `lists[0].sanctions[1].justification`), else the English the doc holds.
 */
export function schemeText(
  doc: Pick<SchemeDoc, 'translations'>,
  locale: Locale,
  path: string,
  english: string | undefined,
): string | undefined {
  if (locale === 'en' || english === undefined) return english;
  return doc.translations?.[locale]?.[path] ?? english;
}
