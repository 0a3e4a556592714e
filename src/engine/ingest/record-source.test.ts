import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { StandingError } from '../../core/errors.js';
import {
  BATCH_LINES,
  MAX_LINE_BYTES,
  openRecordSource,
  readCsv,
  readNdjson,
  type SourceLine,
} from './record-source.js';

const dir = mkdtempSync(join(tmpdir(), 'standing-record-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer | string> {
  for (const p of parts) yield p;
  await Promise.resolve();
}

/** The input cut into pieces of `size` bytes, to put chunk boundaries everywhere. */
function pieces(text: string | Buffer, size: number): Buffer[] {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

type Seen = { line: number; raw: unknown } | { line: number; code: string; message: string };

async function all(batches: AsyncIterable<SourceLine[]>): Promise<{ lines: Seen[]; sizes: number[] }> {
  const lines: Seen[] = [];
  const sizes: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    for (const l of batch) {
      if ('error' in l) {
        expect(l.error).toBeInstanceOf(StandingError);
        expect(l.error.at.line).toBe(l.line);
        lines.push({ line: l.line, code: l.error.code, message: l.error.message });
      } else {
        lines.push({ line: l.line, raw: l.raw });
      }
    }
  }
  return { lines, sizes };
}

const rec = (key: string) => ({
  key,
  subject: 'person:1',
  kind: 'traffic.speeding',
  occurredAt: '2026-03-01T08:00:00Z',
  data: { n: 1 },
});

describe('readNdjson', () => {
  const mixed =
    '\uFEFF' +
    [JSON.stringify(rec('a')), '', '   \t', 'not json', '[1]', '42', 'null', JSON.stringify({ key: 'é€😀' })].join(
      '\r\n',
    ) +
    '\n\n' +
    JSON.stringify(rec('last')); // no final newline

  const expected = [
    { line: 1, raw: rec('a') },
    {
      line: 4,
      code: 'RECORD_JSON_INVALID',
      message: expect.stringMatching(/^not valid JSON: .*Unexpected token/) as unknown,
    },
    { line: 5, code: 'RECORD_JSON_INVALID', message: 'expected a JSON object' },
    { line: 6, code: 'RECORD_JSON_INVALID', message: 'expected a JSON object' },
    { line: 7, code: 'RECORD_JSON_INVALID', message: 'expected a JSON object' },
    { line: 8, raw: { key: 'é€😀' } },
    { line: 10, raw: rec('last') },
  ];

  it('reads good lines, rejects bad ones and skips blank ones, numbering physical lines (BOM, CRLF)', async () => {
    const { lines } = await all(readNdjson(chunks(mixed)));
    expect(lines).toEqual(expected);
  });

  it('gives the same result whatever the chunk boundaries (BOM and multi-byte characters split)', async () => {
    for (const size of [1, 2, 3, 7, 64]) {
      const { lines } = await all(readNdjson(chunks(...pieces(mixed, size))));
      expect(lines).toEqual(expected);
    }
  });

  it('refuses repeated member names and integers beyond ±(2^53 − 1) naming the field; keeps __proto__ as data', async () => {
    const text = [
      '{"key":"a","data":{"n":1,"n":2}}',
      '{"key":"b","data":{"big":9007199254740993}}',
      '{"key":"c","data":{"__proto__":{"x":1},"constructor":2}}',
    ].join('\n');
    const out: SourceLine[] = [];
    for await (const batch of readNdjson(chunks(text))) out.push(...batch);
    const [dup, big, proto] = out;
    expect(dup && 'error' in dup && dup.error.toJSON()).toMatchObject({ code: 'RECORD_JSON_INVALID', field: 'data.n' });
    expect(big && 'error' in big && big.error.toJSON()).toMatchObject({
      code: 'RECORD_FIELD_INVALID',
      field: 'data.big',
      line: 2,
    });
    const raw = proto && 'raw' in proto ? (proto.raw as { data: object }) : undefined;
    expect(Object.keys(raw?.data ?? {})).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(raw?.data)).toBe(Object.prototype);
  });

  it('accepts a Node stream and string chunks', async () => {
    const { lines } = await all(readNdjson(Readable.from(['{"a":', '1}\n{"b":2}'])));
    expect(lines).toEqual([
      { line: 1, raw: { a: 1 } },
      { line: 2, raw: { b: 2 } },
    ]);
  });

  it('hands out batches of at most BATCH_LINES lines', async () => {
    const n = 2 * BATCH_LINES + 500;
    const text = Array.from({ length: n }, (_, i) => JSON.stringify({ i })).join('\n');
    const { lines, sizes } = await all(readNdjson(chunks(...pieces(text, 10_000))));
    expect(sizes).toEqual([BATCH_LINES, BATCH_LINES, 500]);
    expect(lines.at(-1)).toEqual({ line: n, raw: { i: n - 1 } });
  });

  it('rejects a line over 1 MiB and reads on, whether it spans chunks or not', async () => {
    const monster = `{"x":"${'a'.repeat(2 * MAX_LINE_BYTES)}"}`;
    const text = `{"a":1}\n${monster}\n{"b":2}\n${monster}`;
    const want = [
      { line: 1, raw: { a: 1 } },
      {
        line: 2,
        code: 'RECORD_JSON_INVALID',
        message: `line is ${monster.length} bytes long; at most ${MAX_LINE_BYTES} are read`,
      },
      { line: 3, raw: { b: 2 } },
      {
        line: 4,
        code: 'RECORD_JSON_INVALID',
        message: `line is ${monster.length} bytes long; at most ${MAX_LINE_BYTES} are read`,
      },
    ];
    expect((await all(readNdjson(chunks(...pieces(text, 64 * 1024))))).lines).toEqual(want);
    expect((await all(readNdjson(chunks(text)))).lines).toEqual(want);
  });

  it('accepts a line of exactly 1 MiB', async () => {
    const line = `{"x":"${'a'.repeat(MAX_LINE_BYTES - 8)}"}`;
    expect(Buffer.byteLength(line)).toBe(MAX_LINE_BYTES);
    const { lines } = await all(readNdjson(chunks(...pieces(`${line}\n${line}`, 100_000))));
    expect(lines.map((l) => ('raw' in l ? l.line : l))).toEqual([1, 2]);
  });

  it('rejects a line that is not UTF-8 and keeps its neighbours', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"a":1}\n{"b":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n{"c":3}\n'),
    ]);
    const { lines } = await all(readNdjson(chunks(bad)));
    expect(lines).toEqual([
      { line: 1, raw: { a: 1 } },
      { line: 2, code: 'RECORD_JSON_INVALID', message: 'line is not valid UTF-8' },
      { line: 3, raw: { c: 3 } },
    ]);
  });

  it('reads a file much larger than a read chunk with correct line numbers', async () => {
    const path = join(dir, 'big.ndjson');
    const n = 50_000;
    const text =
      Array.from({ length: n }, (_, i) => (i === 31_337 ? '{broken' : JSON.stringify(rec(`k-${i + 1}`)))).join('\n') +
      '\n';
    writeFileSync(path, text);
    const source = openRecordSource(path, undefined);
    expect(source.format).toBe('ndjson');
    expect(source.totalBytes).toBe(Buffer.byteLength(text));
    expect(source.bytesRead()).toBe(0);
    const { lines, sizes } = await all(source.batches);
    expect(lines).toHaveLength(n);
    expect(sizes.every((s) => s <= BATCH_LINES)).toBe(true);
    lines.forEach((l, i) => expect(l.line).toBe(i + 1));
    expect(lines[31_337]).toMatchObject({ line: 31_338, code: 'RECORD_JSON_INVALID' });
    expect(lines[n - 1]).toEqual({ line: n, raw: rec(`k-${n}`) });
    expect(source.bytesRead()).toBe(source.totalBytes);
  });
});

describe('readCsv', () => {
  const header = 'key,subject,kind,occurredAt';
  const row = (key: string, extra = '') => `${key},person:1,traffic.speeding,2026-03-01T08:00:00Z${extra}`;
  const fields = (key: string) => ({
    key,
    subject: 'person:1',
    kind: 'traffic.speeding',
    occurredAt: '2026-03-01T08:00:00Z',
  });
  const csv = async (text: string, size?: number) =>
    (await all(readCsv(chunks(...(size ? pieces(text, size) : [text]))))).lines;

  it('turns rows into record objects; authority and evidence are fields, other columns data', async () => {
    const text = `authority,${header},evidence,severity,note\ncity,${row('k1')},https://e.example/1,3,fast\n`;
    expect(await csv(text)).toEqual([
      {
        line: 2,
        raw: {
          authority: 'city',
          ...fields('k1'),
          evidence: 'https://e.example/1',
          data: { severity: 3, note: 'fast' },
        },
      },
    ]);
  });

  it('makes exact JSON numbers numbers and leaves empty cells out', async () => {
    const text = `${header},a,b,c,d,e,f,g,h,i\n${row('007', ',12,012,1.5,1e3,abc,,-0.25,1e999, 7')}\n,,kind.x,,1${','.repeat(8)}\n`;
    expect(await csv(text)).toEqual([
      {
        line: 2,
        raw: { ...fields('007'), data: { a: 12, b: '012', c: 1.5, d: 1000, e: 'abc', g: -0.25, h: '1e999', i: ' 7' } },
      },
      { line: 3, raw: { kind: 'kind.x', data: { a: 1 } } },
    ]);
  });

  it('reads quoted cells with commas, quotes and line breaks, numbering rows by the line they start on', async () => {
    const text = [
      `${header},note,n`,
      row('k1', ',"x, y",1'),
      row('k2', ',"two\nlines",2'),
      row('k3', ',"say ""hi""",3'),
      '',
      row('k4', ',"a\n\nb\n",4'),
      row('k5', ',plain,5'),
    ].join('\n');
    const want = [
      { line: 2, raw: { ...fields('k1'), data: { note: 'x, y', n: 1 } } },
      { line: 3, raw: { ...fields('k2'), data: { note: 'two\nlines', n: 2 } } },
      { line: 5, raw: { ...fields('k3'), data: { note: 'say "hi"', n: 3 } } },
      { line: 7, raw: { ...fields('k4'), data: { note: 'a\n\nb\n', n: 4 } } },
      { line: 11, raw: { ...fields('k5'), data: { note: 'plain', n: 5 } } },
    ];
    expect(await csv(text)).toEqual(want);
    expect(await csv(text, 5)).toEqual(want);
  });

  it('handles a BOM and CRLF line ends, keeping a CRLF inside a quoted cell', async () => {
    const text = `\uFEFF${header},note\r\n${row('k1', ',"a\r\nb"')}\r\n\r\n${row('k2', ',c')}\r\n`;
    expect(await csv(text, 3)).toEqual([
      { line: 2, raw: { ...fields('k1'), data: { note: 'a\r\nb' } } },
      { line: 5, raw: { ...fields('k2'), data: { note: 'c' } } },
    ]);
  });

  it('rejects a row with the wrong number of cells and reads on', async () => {
    const text = `${header}\n${row('k1')}\n${row('k2', ',extra')}\nk3,person:1\n${row('k4')}\n`;
    expect(await csv(text)).toEqual([
      { line: 2, raw: { ...fields('k1'), data: {} } },
      { line: 3, code: 'CSV_ROW_INVALID', message: 'expected 4 cells as in the header, found 5' },
      { line: 4, code: 'CSV_ROW_INVALID', message: 'expected 4 cells as in the header, found 2' },
      { line: 5, raw: { ...fields('k4'), data: {} } },
    ]);
  });

  it('rejects a row with a stray quote without losing the rows after it', async () => {
    const text = `${header},note\n${row('k1', ',"x"y')}\n${row('k2', ',a"b')}\n${row('k3', ',ok')}\n`;
    const lines = await csv(text);
    expect(lines.map((l) => [l.line, 'code' in l ? l.code : 'ok'])).toEqual([
      [2, 'CSV_ROW_INVALID'],
      [3, 'CSV_ROW_INVALID'],
      [4, 'ok'],
    ]);
  });

  it('rejects a row whose quote never closes and reads the lines after it again', async () => {
    const text = `${header},note\n${row('k1', ',ok')}\n${row('k2', ',"open')}\n${row('k3', ',ok')}\n${row('k4', ',ok')}`;
    const lines = await csv(text);
    expect(lines).toEqual([
      { line: 2, raw: { ...fields('k1'), data: { note: 'ok' } } },
      { line: 3, code: 'CSV_ROW_INVALID', message: 'a quoted cell opened here is never closed' },
      { line: 4, raw: { ...fields('k3'), data: { note: 'ok' } } },
      { line: 5, raw: { ...fields('k4'), data: { note: 'ok' } } },
    ]);
  });

  it('rejects a row over 1 MiB without holding the rest of the file', async () => {
    const long = 'x'.repeat(MAX_LINE_BYTES / 4);
    const text = `${header},note\n${row('k1', ',"open')}\n${Array(5).fill(long).join('\n')}\n${row('k2', ',ok')}\n`;
    const lines = await csv(text, 64 * 1024);
    expect(lines[0]).toMatchObject({
      line: 2,
      code: 'CSV_ROW_INVALID',
      message: expect.stringContaining('longer than') as unknown,
    });
    // The long lines read again on their own have one cell each.
    expect(lines.slice(1, -1).every((l) => 'code' in l && l.code === 'CSV_ROW_INVALID')).toBe(true);
    expect(lines.at(-1)).toEqual({ line: 8, raw: { ...fields('k2'), data: { note: 'ok' } } });
  });

  it.each([
    ['a missing required column', 'key,subject,occurredAt,x', /required column "kind" is missing/],
    ['a repeated column', `${header},x,x`, /column "x" appears more than once/],
    ['a repeated required column', `${header},key`, /column "key" appears more than once/],
    ['an unnamed column', `${header},,x`, /column 5 has no name/],
    ['an empty file', '', /a header row is required/],
  ])('rejects a header with %s: one CSV_HEADER_INVALID error, nothing else', async (_, head, message) => {
    const text = head === '' ? '' : `${head}\n${row('k1', ',1,2')}\n${row('k2', ',1,2')}\n`;
    const lines = await csv(text);
    expect(lines).toEqual([
      { line: 1, code: 'CSV_HEADER_INVALID', message: expect.stringMatching(message) as unknown },
    ]);
  });

  it('keeps a column named __proto__ as data', async () => {
    const lines = await csv(`${header},__proto__\n${row('k1', ',x')}\n`);
    const raw = (lines[0] as { raw: { data: object } }).raw;
    expect(Object.keys(raw.data)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(raw.data)).toBe(Object.prototype);
  });
});

describe('openRecordSource', () => {
  const catchError = (f: () => unknown): StandingError => {
    try {
      f();
    } catch (e) {
      if (e instanceof StandingError) return e;
      throw e;
    }
    throw new Error('expected a StandingError');
  };

  it('names the path of a missing file', () => {
    const missing = join(dir, 'nope.ndjson');
    const e = catchError(() => openRecordSource(missing, undefined));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain(missing);
  });

  it('refuses a directory', () => {
    expect(catchError(() => openRecordSource(dir, undefined)).code).toBe('FILE_NOT_FOUND');
  });

  it('refuses an unknown format', () => {
    const e = catchError(() => openRecordSource(join(dir, 'whatever'), 'xml'));
    expect(e.code).toBe('IMPORT_FORMAT_UNKNOWN');
    expect(e.message).toContain('xml');
  });

  it('picks the format from the extension unless told', async () => {
    const path = join(dir, 'records.CSV');
    writeFileSync(path, 'key,subject,kind,occurredAt\nk1,person:1,a.b,2026-03-01T08:00:00Z\n');
    const csvSource = openRecordSource(path, undefined);
    expect(csvSource.format).toBe('csv');
    expect((await all(csvSource.batches)).lines).toEqual([
      { line: 2, raw: { key: 'k1', subject: 'person:1', kind: 'a.b', occurredAt: '2026-03-01T08:00:00Z', data: {} } },
    ]);
    const asNdjson = openRecordSource(path, 'ndjson');
    expect(asNdjson.format).toBe('ndjson');
    expect((await all(asNdjson.batches)).lines[0]).toMatchObject({ line: 1, code: 'RECORD_JSON_INVALID' });
  });

  it('reads standard input for "-", its size unknown', async () => {
    const source = openRecordSource('-', undefined, Readable.from([Buffer.from('{"a":1}\n')]));
    expect(source.totalBytes).toBe(0);
    expect((await all(source.batches)).lines).toEqual([{ line: 1, raw: { a: 1 } }]);
    expect(source.bytesRead()).toBe(8);
  });
});
