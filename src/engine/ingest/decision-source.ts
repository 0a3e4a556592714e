/**
 * Files of listing decisions for `standing listing import` (SPEC §6, Listings by decision):
 * NDJSON (one object per line) or CSV with a header naming the decision's fields. Decision
 * files are short (one line per court order or agency decision), so the CLI reads a file whole;
 * each line becomes a raw decision or a per-line error, and the engine validates the rest.
 */
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { StandingError, fail } from '../../core/errors.js';
import { DECISION_FIELDS } from '../../core/manual-decision.js';
import { parseStrictJson } from '../../core/strict-json.js';
import type { RecordFormat, SourceLine } from './record-source.js';

/** A decision file larger than this is refused before reading (split it). */
export const MAX_DECISION_FILE_BYTES = 64 * 1024 * 1024;

/** `.csv` is CSV, anything else NDJSON, unless `format` says (checked: any string may arrive from the command line). */
export function decisionFormat(path: string, format: string | undefined): RecordFormat {
  if (format === undefined) return extname(path).toLowerCase() === '.csv' ? 'csv' : 'ndjson';
  if (format === 'ndjson' || format === 'csv') return format;
  return fail('IMPORT_FORMAT_UNKNOWN', `format "${format}" is neither ndjson nor csv`, { field: 'format' });
}

/** The decisions of a file's text, in its format: one raw decision or one error per line. */
export function decisionLines(text: string, format: RecordFormat): SourceLine[] {
  return format === 'csv' ? csvDecisions(text) : ndjsonDecisions(text);
}

/** One decision per non-blank line; a line that is not a JSON object is an error at its line number. */
export function ndjsonDecisions(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      const s = raw.replace(/\r$/, '');
      if (s.trim() === '') return;
      try {
        const v = parseStrictJson(s);
        if (typeof v !== 'object' || v === null || Array.isArray(v))
          out.push({ line, error: new StandingError('DECISION_INVALID', 'the line is not a JSON object', { line }) });
        else out.push({ line, raw: v });
      } catch (e) {
        out.push({
          line,
          error: new StandingError('DECISION_INVALID', `the line is not JSON: ${(e as Error).message}`, { line }),
        });
      }
    });
  return out;
}

const REQUIRED_COLUMNS = ['subject', 'scheme', 'list', 'reason', 'basis'];

/** A header row naming decision fields (any order), then one decision per row; empty cells are absent fields. */
export function csvDecisions(text: string): SourceLine[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''), {
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1;
    return [
      { line, error: new StandingError('CSV_ROW_INVALID', `cannot read the CSV: ${(e as Error).message}`, { line }) },
    ];
  }
  const [head, ...body] = rows;
  if (head === undefined)
    return [{ line: 1, error: new StandingError('CSV_HEADER_INVALID', 'CSV header: the file is empty', { line: 1 }) }];
  const header = head.record.map((c) => c.trim());
  const problems = [
    ...header.filter((c) => !(DECISION_FIELDS as readonly string[]).includes(c)).map((c) => `unknown column "${c}"`),
    ...header.filter((c, i) => header.indexOf(c) !== i).map((c) => `column "${c}" appears more than once`),
    ...REQUIRED_COLUMNS.filter((c) => !header.includes(c)).map((c) => `required column "${c}" is missing`),
  ];
  if (problems.length > 0)
    return [
      {
        line: head.info.lines,
        error: new StandingError('CSV_HEADER_INVALID', `CSV header: ${problems.join('; ')}`, { line: head.info.lines }),
      },
    ];
  return body.map(({ record, info }) => {
    // Numbered by the line a row starts on, as `standing import` numbers CSV rows (a quoted cell may span lines).
    const line = info.lines - record.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.length)
      return {
        line,
        error: new StandingError(
          'CSV_ROW_INVALID',
          `expected ${header.length} cells as in the header, found ${record.length}`,
          {
            line,
          },
        ),
      };
    return { line, raw: Object.fromEntries(header.flatMap((c, i) => (record[i] === '' ? [] : [[c, record[i]]]))) };
  });
}
