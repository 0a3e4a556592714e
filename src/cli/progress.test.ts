import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  Object.assign(w, { isTTY, columns: 160 });
  return { stream: w as unknown as NodeJS.WriteStream, written: () => chunks.join('') };
}

describe('createProgress', () => {
  it('writes nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const p = createProgress({ total: 1000, label: 'importing', stream });
    p.update(500, { records: 10, rejected: 1 });
    p.stop();
    expect(written()).toBe('');
  });

  it('writes nothing when disabled, even on a terminal', () => {
    const { stream, written } = fakeStream(true);
    const p = createProgress({ total: 1000, label: 'importing', stream, enabled: false });
    p.update(500, { records: 10, rejected: 1 });
    p.stop();
    expect(written()).toBe('');
  });

  it('on a terminal shows the label, percentage and counts', () => {
    const { stream, written } = fakeStream(true);
    const p = createProgress({ total: 1000, label: 'importing', stream });
    p.update(500, { records: 12_345, rejected: 7 });
    p.stop();
    p.stop();
    const text = written();
    expect(text).toContain('importing [');
    expect(text).toContain('50%');
    expect(text).toContain('12,345 accepted, 7 rejected');
    expect(text).toMatch(/\d+ records\/s/);
  });

  it('without a known total shows counts and rate but no percentage', () => {
    const { stream, written } = fakeStream(true);
    const p = createProgress({ total: 0, label: 'importing', stream });
    p.update(4096, { records: 3, rejected: 0 });
    p.stop();
    expect(written()).toContain('importing 3 accepted, 0 rejected');
    expect(written()).not.toContain('%');
  });
});
