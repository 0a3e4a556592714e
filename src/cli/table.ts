import Table from 'cli-table3';
import { escapeControls } from './terminal-safe.js';

/**
 * A readable table for terminals; plain borders so it also reads well in logs. Every cell is
 * data: its control characters, newline included, are shown escaped (the table owns the layout).
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  options: { align?: readonly ('left' | 'right')[] } = {},
): string {
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(options.align ? { colAligns: [...options.align] } : {}),
    wordWrap: true,
  });
  for (const r of rows) t.push(r.map((cell) => escapeControls(cell)));
  return `${t.toString()}\n`;
}
