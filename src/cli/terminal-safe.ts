import type { Output } from './output.js';

// C0 controls, DEL and C1 controls: a terminal acts on them (clear the screen, move the cursor,
// set the title, plant an OSC 8 hyperlink) rather than showing them.
const ALL_CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;
// The same less newline and tab, which the CLI's own line and column layout uses.
const DATA_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Shows every control character of `text` as `\u001b`-style text, so data a user supplied
 * (statements, reasons, record data, keys) cannot drive the terminal of the staff who read it.
 * `keepLayout` keeps newline and tab, for text whose lines and columns the CLI lays out itself.
 */
export function escapeControls(text: string, keepLayout = false): string {
  const re = keepLayout ? DATA_CONTROLS : ALL_CONTROLS;
  re.lastIndex = 0;
  return re.test(text) ? text.replace(re, escape) : text;
}

/**
 * Wraps an Output so everything written is terminal-safe. JSON keeps its value: JSON.stringify
 * already escapes C0 controls, and a raw DEL or C1 character can appear only inside a JSON
 * string, where `\u009b` is the same character written as an escape.
 */
export function terminalSafe(output: Output): Output {
  return {
    out: (t) => output.out(escapeControls(t, true)),
    err: (t) => output.err(escapeControls(t, true)),
    get isTTY() {
      return output.isTTY;
    },
  };
}
