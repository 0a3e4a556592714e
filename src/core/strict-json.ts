/**
 * Strict JSON (SPEC §2, §10): what `JSON.parse` lets through silently is refused here.
 *
 * - Duplicate member names, at any depth, are refused naming the path (`JSON.parse` keeps the last).
 * - Numbers that are integers beyond ±(2^53 − 1), or that overflow to Infinity, are refused naming
 *   the path (`JSON.parse` rounds them to another number).
 * - `__proto__` and `constructor` are ordinary member names: the result has them as own data
 *   properties (as `JSON.parse` makes them), never a changed prototype.
 *
 * One validating pass over the text, then `JSON.parse` (native, and already safe for
 * `__proto__`) builds the value. Bytes are the caller's: decode with `decodeUtf8Strict`
 * first, so invalid UTF-8 is refused rather than replaced by U+FFFD.
 */

export type StrictJsonProblem = 'syntax' | 'duplicate-key' | 'unsafe-number';

/** Why a text is refused; `path` names the member (`records.0.data.n`), '' for the whole text. */
export class StrictJsonError extends Error {
  /** The path joined with dots. */
  readonly path: string;
  constructor(
    readonly problem: StrictJsonProblem,
    message: string,
    /** Member names and element indexes from the top. */
    readonly parts: readonly (string | number)[],
  ) {
    super(message);
    this.name = 'StrictJsonError';
    this.path = parts.join('.');
  }
}

export interface StrictJsonOptions {
  /**
   * Called for each unsafe number instead of failing: the caller refuses what holds it (one
   * record of a batch, say). The value returned then has that number rounded, as JSON.parse does.
   */
  readonly onUnsafeNumber?: (problem: StrictJsonError) => void;
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 bytes to text, or undefined when they are not valid UTF-8 (overlong forms, lone surrogates, truncation). */
export function decodeUtf8Strict(bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

const MAX_DEPTH = 512;

/** Parses strict JSON; throws StrictJsonError. */
export function parseStrictJson(text: string, options: StrictJsonOptions = {}): unknown {
  const fast = compactAndSafe(text);
  if (fast !== undefined) return fast.value;
  checkStrictJson(text, options);
  return JSON.parse(text) as unknown;
}

/**
 * The common case without the scan, when JSON.parse's value shows that the text has no repeated
 * member and no number the scan refuses (else undefined, and the scan decides and names the problem).
 *
 * A text without a backslash has no escapes: every string token's characters are its value's, so
 * each ':' of the text is either in a string (a member name or a value) or a name separator, one
 * per member. JSON.parse keeps one member of a repeated name, dropping the other (with whatever
 * its value held): the colons found in the value's strings plus its members then fall short of
 * the text's colons. Numbers are judged on the value, as the scan judges them: finite, and an
 * integer only within ±(2^53 − 1).
 *
 * A text with escapes is judged as before: JSON.stringify writes it back exactly from the value
 * only if no member was lost and every number is spelled as its value is.
 */
function compactAndSafe(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  if (!text.includes('\\')) {
    const tally = { colons: 0, members: 0 };
    if (!tallied(value, 0, tally)) return undefined;
    return colonsIn(text) === tally.colons + tally.members ? { value } : undefined;
  }
  if (JSON.stringify(value) !== text) return undefined;
  return safeNumbers(value, 0) ? { value } : undefined;
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(':'); i !== -1; i = s.indexOf(':', i + 1)) n++;
  return n;
}

/** Counts v's members and the colons in its strings and member names; false for a number the scan refuses, or nesting as deep as MAX_DEPTH. */
function tallied(v: unknown, depth: number, tally: { colons: number; members: number }): boolean {
  if (typeof v === 'string') {
    if (v.includes(':')) tally.colons += colonsIn(v);
    return true;
  }
  if (typeof v === 'number') return Number.isFinite(v) && (!Number.isInteger(v) || Number.isSafeInteger(v));
  if (typeof v !== 'object' || v === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!tallied(v[i], depth + 1, tally)) return false;
    return true;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    tally.members++;
    if (k.includes(':')) tally.colons += colonsIn(k);
    if (!tallied(o[k], depth + 1, tally)) return false;
  }
  return true;
}

function safeNumbers(v: unknown, depth: number): boolean {
  if (typeof v === 'number') return !Number.isInteger(v) || Number.isSafeInteger(v);
  if (typeof v !== 'object' || v === null) return true;
  if (depth >= MAX_DEPTH) return false;
  for (const x of Array.isArray(v) ? v : Object.values(v)) if (!safeNumbers(x, depth + 1)) return false;
  return true;
}

/** The checks of parseStrictJson without building the value. */
export function checkStrictJson(text: string, options: StrictJsonOptions = {}): void {
  new Scanner(text, options.onUnsafeNumber).document();
}

interface Frame {
  /** Member names seen so far (objects), null for arrays. */
  readonly keys: Set<string> | null;
  /** The current member name or element index. */
  at: string | number;
}

class Scanner {
  private i = 0;
  private readonly stack: Frame[] = [];

  constructor(
    private readonly s: string,
    private readonly onUnsafe: ((problem: StrictJsonError) => void) | undefined,
  ) {}

  document(): void {
    this.ws();
    this.value();
    this.ws();
    if (this.i < this.s.length) this.syntax('unexpected text after the JSON value');
  }

  private path(extra?: string): (string | number)[] {
    const parts = this.stack.map((f) => f.at);
    if (extra !== undefined) parts.push(extra);
    return parts;
  }

  private syntax(what: string): never {
    throw new StrictJsonError('syntax', `${what} at position ${this.i}`, this.path());
  }

  private ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
  }

  private value(): void {
    const c = this.s.charCodeAt(this.i);
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return void this.string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    if (this.s.startsWith('true', this.i)) this.i += 4;
    else if (this.s.startsWith('false', this.i)) this.i += 5;
    else if (this.s.startsWith('null', this.i)) this.i += 4;
    else this.syntax(this.i >= this.s.length ? 'unexpected end of JSON' : 'unexpected character');
  }

  private enter(keys: Set<string> | null): Frame {
    if (this.stack.length >= MAX_DEPTH) this.syntax(`nested deeper than ${MAX_DEPTH}`);
    const f: Frame = { keys, at: keys === null ? 0 : '' };
    this.stack.push(f);
    return f;
  }

  private object(): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x7d) {
      this.i++;
      return;
    }
    const keys = new Set<string>();
    const frame = this.enter(keys);
    for (;;) {
      if (this.s.charCodeAt(this.i) !== 0x22) this.syntax('expected a member name');
      const key = this.string();
      if (keys.has(key)) {
        this.stack.pop();
        const path = this.path(key);
        throw new StrictJsonError('duplicate-key', `${path.join('.')}: the member name "${key}" appears twice`, path);
      }
      keys.add(key);
      frame.at = key;
      this.ws();
      if (this.s.charCodeAt(this.i) !== 0x3a) this.syntax('expected ":"');
      this.i++;
      this.ws();
      this.value();
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x7d) break;
      if (c !== 0x2c) {
        this.i--;
        this.syntax('expected "," or "}"');
      }
      this.ws();
    }
    this.stack.pop();
  }

  private array(): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x5d) {
      this.i++;
      return;
    }
    const frame = this.enter(null);
    for (let n = 0; ; n++) {
      frame.at = n;
      this.value();
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 0x5d) break;
      if (c !== 0x2c) {
        this.i--;
        this.syntax('expected "," or "]"');
      }
      this.ws();
    }
    this.stack.pop();
  }

  /** A string token; returns its value (decoded only when it has escapes). */
  private string(): string {
    const s = this.s;
    const start = ++this.i;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 0x22) break;
      if (Number.isNaN(c)) this.syntax('unterminated string');
      if (c < 0x20) this.syntax('control character in a string');
      if (c === 0x5c) {
        escaped = true;
        const e = s.charCodeAt(this.i + 1);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) this.syntax('bad \\u escape');
          this.i += 6;
          continue;
        }
        // " \ / b f n r t
        if (
          e !== 0x22 &&
          e !== 0x5c &&
          e !== 0x2f &&
          e !== 0x62 &&
          e !== 0x66 &&
          e !== 0x6e &&
          e !== 0x72 &&
          e !== 0x74
        )
          this.syntax('bad escape');
        this.i += 2;
        continue;
      }
      this.i++;
    }
    const raw = s.slice(start, this.i);
    this.i++;
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private number(): void {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 0x2d) this.i++;
    const digits = (): number => {
      const from = this.i;
      let c = s.charCodeAt(this.i);
      while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++this.i);
      return this.i - from;
    };
    if (s.charCodeAt(this.i) === 0x30) this.i++;
    else if (digits() === 0) this.syntax('bad number');
    let plain = true;
    if (s.charCodeAt(this.i) === 0x2e) {
      this.i++;
      plain = false;
      if (digits() === 0) this.syntax('bad number');
    }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      plain = false;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (digits() === 0) this.syntax('bad number');
    }
    // Up to 15 plain digits are always safe: most numbers need no conversion.
    if (plain && this.i - start <= 15) return;
    const token = s.slice(start, this.i);
    const n = Number(token);
    if (!Number.isFinite(n) || (Number.isInteger(n) && !Number.isSafeInteger(n))) {
      const path = this.path();
      const problem = new StrictJsonError(
        'unsafe-number',
        `${path.join('.') || 'value'}: ${token.length > 40 ? `${token.slice(0, 40)}…` : token} is beyond ±(2^53 − 1), the integers JSON numbers keep exactly`,
        path,
      );
      if (this.onUnsafe === undefined) throw problem;
      this.onUnsafe(problem);
    }
  }
}
