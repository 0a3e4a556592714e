/**
 * Streaming readers for `standing import` (SPEC §2, §9): NDJSON and CSV files become batches
 * of raw record objects or per-line errors, never the whole file in memory. Validation of the
 * objects is the importer's job (validateRecord); this file only knows lines and cells.
 *
 * One file rather than three because the NDJSON reader, the CSV reader and the opener share
 * the byte-level line splitter and its invariants (1-based physical line numbers, BOM, CRLF,
 * the per-line byte cap).
 */
import { isUtf8 } from 'node:buffer';
import { accessSync, constants, createReadStream, fstatSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseCsvRecord } from 'csv-parse/sync';
import { StandingError, fail, type ErrorCode } from '../../core/errors.js';
import { parseStrictJson, StrictJsonError } from '../../core/strict-json.js';

/** One physical line (NDJSON) or row (CSV, numbered by the line it starts on): a raw record or why it was rejected. */
export type SourceLine = { line: number; raw: unknown } | { line: number; error: StandingError };

export type RecordFormat = 'ndjson' | 'csv';

/** What the readers accept: a Node stream (file, stdin) or any async iterable of chunks. */
export type ByteInput = NodeJS.ReadableStream | AsyncIterable<Buffer | string>;

/** A line longer than this many bytes (a CSV row longer than this many characters) is rejected unread. */
export const MAX_LINE_BYTES = 1024 * 1024;
/** A batch holds at most this many lines… */
export const BATCH_LINES = 10_000;
/** …and at most about this many characters of input, so batches of long lines stay small. */
const BATCH_CHARS = 16 * 1024 * 1024;
// Measured: 256 KiB reads are ~5–10% faster than the 64 KiB default on NDJSON of short records.
const READ_CHUNK_BYTES = 256 * 1024;

// ---------------------------------------------------------------------------------------------
// Physical lines

type LineFault = { readonly fault: 'too-long'; readonly bytes: number } | { readonly fault: 'not-utf8' };
type LineText = string | LineFault;
/** Consecutive physical lines; `lines[i]` is line `first + i`, without its '\n' (a '\r' stays). */
interface LineRun {
  readonly first: number;
  readonly lines: readonly LineText[];
}

const NL = 10;

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function checked(text: string): LineText {
  // A UTF-16 unit is at most 3 UTF-8 bytes, so only long strings need counting.
  if (text.length * 3 <= MAX_LINE_BYTES) return text;
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_LINE_BYTES ? { fault: 'too-long', bytes } : text;
}

function decodeLine(bytes: Buffer): LineText {
  if (bytes.length > MAX_LINE_BYTES) return { fault: 'too-long', bytes: bytes.length };
  return isUtf8(bytes) ? bytes.toString('utf8') : { fault: 'not-utf8' };
}

/** Decodes buf[start, end) — whole lines only, end at a '\n' — into out. */
function decodeSegment(buf: Buffer, start: number, end: number, out: LineText[]): void {
  const segment = buf.subarray(start, end);
  if (isUtf8(segment)) {
    // One decode and a string split per chunk is faster than a decode per line.
    for (const text of segment.toString('utf8').split('\n')) out.push(checked(text));
    return;
  }
  let pos = start;
  while (pos <= end) {
    const nl = pos === end ? end : buf.indexOf(NL, pos);
    out.push(decodeLine(buf.subarray(pos, nl)));
    pos = nl + 1;
  }
}

/**
 * Splits bytes into physical lines on '\n', one run per input chunk. A line over the cap is
 * counted but not kept, so a monster line costs no memory. The BOM of line 1 is dropped.
 */
async function* splitLines(input: ByteInput): AsyncGenerator<LineRun> {
  let next = 1;
  let carry: Buffer[] = [];
  let carryBytes = 0;
  let dropping = false; // the unfinished line is over the cap: bytes counted, not kept
  const run = (first: number, lines: LineText[]): LineRun => {
    const head = lines[0];
    if (first === 1 && typeof head === 'string' && head.charCodeAt(0) === 0xfeff) lines[0] = head.slice(1);
    return { first, lines };
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buf = toBuffer(chunk);
    const lines: LineText[] = [];
    let pos = 0;
    if (carryBytes > 0) {
      const nl = buf.indexOf(NL);
      const end = nl === -1 ? buf.length : nl;
      carryBytes += end;
      if (carryBytes > MAX_LINE_BYTES) {
        dropping = true;
        carry = [];
      } else {
        carry.push(nl === -1 ? Buffer.from(buf) : buf.subarray(0, end));
      }
      if (nl === -1) continue;
      lines.push(dropping ? { fault: 'too-long', bytes: carryBytes } : decodeLine(Buffer.concat(carry, carryBytes)));
      carry = [];
      carryBytes = 0;
      dropping = false;
      pos = nl + 1;
    }
    const last = buf.lastIndexOf(NL);
    if (last >= pos) {
      decodeSegment(buf, pos, last, lines);
      pos = last + 1;
    }
    if (pos < buf.length) {
      carryBytes = buf.length - pos;
      dropping = carryBytes > MAX_LINE_BYTES;
      // Copied: a source may reuse its chunk buffers.
      if (!dropping) carry.push(Buffer.from(buf.subarray(pos)));
    }
    if (lines.length > 0) {
      yield run(next, lines);
      next += lines.length;
    }
  }
  if (carryBytes > 0) {
    yield run(next, [
      dropping ? { fault: 'too-long', bytes: carryBytes } : decodeLine(Buffer.concat(carry, carryBytes)),
    ]);
  }
}

function faultError(code: ErrorCode, fault: LineFault, line: number): StandingError {
  const reason =
    fault.fault === 'too-long'
      ? `line is ${fault.bytes} bytes long; at most ${MAX_LINE_BYTES} are read`
      : 'line is not valid UTF-8';
  return new StandingError(code, reason, { line });
}

/** Collects SourceLines and hands out batches of at most BATCH_LINES lines or ~BATCH_CHARS. */
function batcher() {
  let lines: SourceLine[] = [];
  let chars = 0;
  return {
    add(item: SourceLine, size: number): boolean {
      lines.push(item);
      chars += size;
      return lines.length >= BATCH_LINES || chars >= BATCH_CHARS;
    },
    take(): SourceLine[] {
      const out = lines;
      lines = [];
      chars = 0;
      return out;
    },
    get size(): number {
      return lines.length;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// NDJSON

function parseJsonLine(text: string, line: number): SourceLine | undefined {
  let value: unknown;
  try {
    // Strict as API bodies are (SPEC §2): no repeated member names, integers within ±(2^53 − 1).
    value = parseStrictJson(text);
  } catch (e) {
    // Checked only on failure: the happy path pays nothing for blank-line detection.
    if (text.trim() === '') return undefined;
    if (e instanceof StrictJsonError && e.problem !== 'syntax') {
      const code = e.problem === 'unsafe-number' ? 'RECORD_FIELD_INVALID' : 'RECORD_JSON_INVALID';
      return { line, error: new StandingError(code, e.message, { line, field: e.path }) };
    }
    let message = (e as Error).message;
    try {
      JSON.parse(text); // for the engine's own words about where the text goes wrong
    } catch (native) {
      message = (native as Error).message;
    }
    return { line, error: new StandingError('RECORD_JSON_INVALID', `not valid JSON: ${message}`, { line }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: new StandingError('RECORD_JSON_INVALID', 'expected a JSON object', { line }) };
  }
  return { line, raw: value };
}

/**
 * Reads NDJSON: one JSON object a line, in batches. Blank lines are skipped; a line that is
 * not a JSON object, not UTF-8 or longer than MAX_LINE_BYTES becomes a RECORD_JSON_INVALID
 * error for that line and reading goes on.
 */
export async function* readNdjson(input: ByteInput): AsyncGenerator<SourceLine[]> {
  const batch = batcher();
  for await (const { first, lines } of splitLines(input)) {
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      const line = first + i;
      let item: SourceLine | undefined;
      if (typeof text !== 'string') item = { line, error: faultError('RECORD_JSON_INVALID', text, line) };
      else if (text.length === 0) continue;
      else item = parseJsonLine(text, line);
      if (item !== undefined && batch.add(item, typeof text === 'string' ? text.length : 0)) yield batch.take();
    }
  }
  if (batch.size > 0) yield batch.take();
}

// ---------------------------------------------------------------------------------------------
// CSV

/** A complete CSV row's text (its physical lines joined), or why it could not be assembled. */
type RowText = { line: number; text: string } | { line: number; error: string };

/** After scanning one physical line, is a quoted cell still open? (RFC 4180: a quote opens a cell only at its start.) */
function quoteOpenAfter(text: string, open: boolean): boolean {
  if (!open && !text.includes('"')) return false;
  let fieldStart = !open;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (open) {
      if (c === 0x22) {
        if (text.charCodeAt(i + 1) === 0x22) i++;
        else open = false;
      }
    } else if (c === 0x2c) {
      fieldStart = true;
    } else {
      if (c === 0x22 && fieldStart) open = true;
      fieldStart = false;
    }
  }
  return open;
}

/**
 * Groups physical lines into rows: a row goes on past a line end only inside a quoted cell.
 * A row that never closes its quote (end of input, a line that cannot be read, or over
 * MAX_LINE_BYTES characters) is rejected at its first line and the lines after it are read
 * again as rows of their own, so one stray quote cannot swallow the rest of the file.
 */
function rowAssembler() {
  let parts: { line: number; text: string }[] = [];
  let chars = 0;
  let open = false;

  function abandon(reason: string, out: RowText[]): void {
    const [head, ...rest] = parts;
    parts = [];
    chars = 0;
    open = false;
    if (head === undefined) return;
    out.push({ line: head.line, error: reason });
    for (const p of rest) push(p.line, p.text, out);
  }

  function push(line: number, text: LineText, out: RowText[]): void {
    if (typeof text !== 'string') {
      while (parts.length > 0) abandon(`a quoted cell opened here is not closed before line ${line}`, out);
      const fault = faultError('CSV_ROW_INVALID', text, line);
      out.push({ line, error: fault.message });
      return;
    }
    if (parts.length === 0 && text.trim() === '') return;
    parts.push({ line, text });
    chars += text.length + 1;
    open = quoteOpenAfter(text, open);
    if (open) {
      if (chars > MAX_LINE_BYTES)
        abandon(`row is longer than ${MAX_LINE_BYTES} characters; is a quote left open?`, out);
      return;
    }
    const first = parts[0]!.line;
    let joined = parts.length === 1 ? text : parts.map((p) => p.text).join('\n');
    // The line break ending the row may be CRLF; line breaks inside quoted cells are kept as written.
    if (joined.endsWith('\r')) joined = joined.slice(0, -1);
    parts = [];
    chars = 0;
    out.push({ line: first, text: joined });
  }

  return {
    push,
    end(out: RowText[]): void {
      while (parts.length > 0) abandon('a quoted cell opened here is never closed', out);
    },
  };
}

const CSV_REASONS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell is followed by other characters before the next comma',
  INVALID_OPENING_QUOTE: 'a quote inside an unquoted cell; quote the whole cell and double the quotes inside it',
  CSV_QUOTE_NOT_CLOSED: 'a quoted cell is never closed',
};

/** Splits one row's text into cells, or says why it is not valid CSV. */
function cellsOf(text: string): string[] | { reason: string } {
  // Without quotes a row is just its commas; csv-parse is needed only for quoted cells.
  if (!text.includes('"')) return text.split(',');
  let rows: string[][];
  try {
    rows = parseCsvRecord(text, { relax_column_count: true, record_delimiter: '\n' });
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    return { reason: CSV_REASONS[code] ?? `cannot read the row (${code || (e as Error).message})` };
  }
  return rows.length === 1 ? rows[0]! : { reason: 'cannot read the row' };
}

const REQUIRED = ['key', 'subject', 'kind', 'occurredAt'] as const;
const FIELDS = new Set<string>([...REQUIRED, 'authority', 'evidence']);
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A data cell: an exact JSON number is a number (if finite), anything else the string itself. */
function dataValue(cell: string): string | number {
  if (!JSON_NUMBER.test(cell)) return cell;
  const n = Number(cell);
  return Number.isFinite(n) ? n : cell;
}

function checkHeader(names: readonly string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (name === '') problems.push(`column ${i + 1} has no name`);
    else if (seen.has(name)) problems.push(`column "${name}" appears more than once`);
    seen.add(name);
  });
  for (const r of REQUIRED) if (!seen.has(r)) problems.push(`required column "${r}" is missing`);
  return problems;
}

function rowRecord(header: readonly string[], cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const data: [string, string | number][] = [];
  for (let i = 0; i < header.length; i++) {
    const cell = cells[i]!;
    if (cell === '') continue;
    const name = header[i]!;
    if (FIELDS.has(name)) record[name] = cell;
    else data.push([name, dataValue(cell)]);
  }
  // fromEntries defines own properties, so a column named "__proto__" stays data.
  record.data = Object.fromEntries(data);
  return record;
}

/**
 * Reads CSV with a header row (SPEC §2), in batches. A bad header yields one
 * CSV_HEADER_INVALID error and nothing else; a bad row a CSV_ROW_INVALID error for the
 * physical line it starts on, and reading goes on. Blank lines are skipped.
 */
export async function* readCsv(input: ByteInput): AsyncGenerator<SourceLine[]> {
  const assembler = rowAssembler();
  const batch = batcher();
  let header: string[] | undefined;
  const rows: RowText[] = [];
  // Returns false once the header is found invalid: nothing more is read.
  function* consume(): Generator<SourceLine[], boolean> {
    for (const row of rows) {
      const { line } = row;
      let item: SourceLine;
      let cells: string[] | undefined;
      let reason: string | undefined;
      if ('error' in row) {
        reason = row.error;
      } else {
        const split = cellsOf(row.text);
        if (Array.isArray(split)) cells = split;
        else reason = split.reason;
      }
      if (header === undefined) {
        const problems = cells === undefined ? [reason ?? 'cannot read the header'] : checkHeader(cells);
        if (problems.length > 0) {
          yield [
            { line, error: new StandingError('CSV_HEADER_INVALID', `CSV header: ${problems.join('; ')}`, { line }) },
          ];
          return false;
        }
        header = cells;
        continue;
      }
      if (cells === undefined) {
        item = { line, error: new StandingError('CSV_ROW_INVALID', reason ?? 'cannot read the row', { line }) };
      } else if (cells.length !== header.length) {
        const msg = `expected ${header.length} cells as in the header, found ${cells.length}`;
        item = { line, error: new StandingError('CSV_ROW_INVALID', msg, { line }) };
      } else {
        item = { line, raw: rowRecord(header, cells) };
      }
      if (batch.add(item, 'text' in row ? row.text.length : 0)) yield batch.take();
    }
    rows.length = 0;
    return true;
  }
  for await (const { first, lines } of splitLines(input)) {
    for (let i = 0; i < lines.length; i++) assembler.push(first + i, lines[i]!, rows);
    if (!(yield* consume())) return;
  }
  assembler.end(rows);
  if (!(yield* consume())) return;
  if (header === undefined) {
    yield [
      {
        line: 1,
        error: new StandingError('CSV_HEADER_INVALID', 'CSV header: the file is empty; a header row is required', {
          line: 1,
        }),
      },
    ];
    return;
  }
  if (batch.size > 0) yield batch.take();
}

// ---------------------------------------------------------------------------------------------
// Opening a file

/** An import source: its batches and how far reading has got, for a progress bar. */
export interface RecordSource {
  /** The file as named to openRecordSource (`-` for standard input). */
  readonly path: string;
  readonly format: RecordFormat;
  readonly batches: AsyncGenerator<SourceLine[]>;
  /** Size of the input in bytes; 0 when unknown (a pipe). */
  readonly totalBytes: number;
  /** Bytes read from the input so far. */
  bytesRead(): number;
}

function formatOf(path: string, format: string | undefined): RecordFormat {
  if (format === undefined) return extname(path).toLowerCase() === '.csv' ? 'csv' : 'ndjson';
  if (format === 'ndjson' || format === 'csv') return format;
  return fail('IMPORT_FORMAT_UNKNOWN', `format "${format}" is neither ndjson nor csv`, { field: 'format' });
}

function sizeOfStdin(): number {
  try {
    const st = fstatSync(0);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/**
 * Opens an import file: `path` is a file, or `-` for `stdin` (default process.stdin).
 * `format` is `ndjson` or `csv` (as typed on the command line, so any string is checked);
 * it defaults from the extension: `.csv` is CSV, anything else NDJSON. Throws
 * IMPORT_FORMAT_UNKNOWN or FILE_NOT_FOUND before reading; a read failure later surfaces
 * from `batches` as FILE_NOT_FOUND. Nothing is opened until `batches` is iterated.
 */
export function openRecordSource(
  path: string,
  format?: string,
  stdin: NodeJS.ReadableStream = process.stdin,
): RecordSource {
  const fmt = formatOf(path, format);
  let totalBytes = 0;
  if (path === '-') {
    totalBytes = stdin === process.stdin ? sizeOfStdin() : 0;
  } else {
    try {
      const st = statSync(path);
      if (st.isDirectory()) fail('FILE_NOT_FOUND', `cannot read ${path}: it is a directory`, { field: 'FILE' });
      accessSync(path, constants.R_OK);
      totalBytes = st.isFile() ? st.size : 0;
    } catch (e) {
      if (e instanceof StandingError) throw e;
      fail('FILE_NOT_FOUND', `cannot read ${path}: ${describeIoError(e)}`, { field: 'FILE' });
    }
  }
  let read = 0;
  async function* counted(): AsyncGenerator<Buffer | string> {
    const stream = path === '-' ? stdin : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer | string>) {
        read += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        yield chunk;
      }
    } catch (e) {
      if (e instanceof StandingError || typeof (e as { code?: unknown }).code !== 'string') throw e;
      fail('FILE_NOT_FOUND', `cannot read ${path === '-' ? 'standard input' : path}: ${describeIoError(e)}`, {
        field: 'FILE',
      });
    }
  }
  const batches = fmt === 'csv' ? readCsv(counted()) : readNdjson(counted());
  return { path, format: fmt, batches, totalBytes, bytesRead: () => read };
}

function describeIoError(e: unknown): string {
  switch ((e as { code?: unknown }).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return e instanceof Error ? e.message : String(e);
  }
}
