import { LineCounter, isMap, isScalar, isSeq, parseDocument, visit, type YAMLError } from 'yaml';
import { ACTION_NAME, effectsForListType, type ActionRegistry } from './actions.js';
import { compileExpression, type ExpressionScope } from './cel.js';
import { addDuration, isAtLeastDays, parseDuration, type Duration } from './duration.js';
import { StandingError, isStandingError, type ErrorCode, type ErrorLocation } from './errors.js';
import { LOCALES, isLocale } from './i18n/locale.js';
import { canonicalJson } from './record.js';
import { boundsProblems } from './cel-cost.js';
import { compileScheme } from './scheme-compile.js';
import type {
  CompiledScheme,
  Effect,
  GradeDef,
  ListDef,
  ListType,
  RuleDef,
  SanctionDef,
  SchemeDoc,
} from './scheme-types.js';
import { SUBJECT_TYPES, checkAuthority } from './subject.js';
import { dataUseOf, kindDomain, SHIPPED_KINDS, type KindRegistry } from './kinds.js';

/** A validated, compiled scheme, or every problem found, in document order. */
export type ParseResult =
  | { readonly ok: true; readonly doc: SchemeDoc; readonly compiled: CompiledScheme }
  | { readonly ok: false; readonly errors: StandingError[] };

export interface ParseOptions {
  /** The actions a sanction may name, with their domain and accepted effect. */
  readonly registry: ActionRegistry;
  /** The authority of a scheme without `authority:`; default "default". */
  readonly defaultAuthority?: string;
  /**
   * A version already stored: its bounds (literal patterns, cost estimate) are not checked
   * again, so a scheme published before a bound existed still loads; the runtime limit holds it.
   */
  readonly stored?: boolean;
  /** The kind registry that gives record kinds their domains (SPEC §5); default the shipped one. */
  readonly kinds?: KindRegistry;
}

// Hostile-input bounds: a real scheme is a few KiB with tens of rules.
const MAX_BYTES = 256 * 1024;
const MAX_ITEMS = 500;
const SLUG = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DOMAIN = /^[a-z][a-z0-9_.-]{0,62}$/;
const LIMIT_KEY = /^[a-z][a-z0-9_]{0,62}$/;
const LIST_TYPES: readonly ListType[] = ['blacklist', 'redlist', 'watchlist'];
const EFFECTS: readonly Effect[] = ['deny', 'limit', 'waive', 'priority'];
const ROOT_FIELDS = [
  'scheme',
  'public',
  'version',
  'authority',
  'title',
  'subjects',
  'context',
  'basis',
  'sources',
  'consent',
  'score',
  'grades',
  'rules',
  'lists',
];

/** Where a value sits: `field` is the full path, `rel` the path inside its owner (a rule, grade or list). */
type Loc = {
  readonly field: string;
  readonly rel: string;
  readonly owner?: string;
  readonly id?: string;
  readonly line: number;
};
type Ctx = {
  readonly errors: StandingError[];
  readonly lc: LineCounter;
  readonly text: string;
  scheme?: string;
  /** Set while a new scheme is checked for cross-context data use (not for a stored version). */
  data?: { readonly context: string; readonly kinds: KindRegistry };
  /** Translations of texts found so far: locale → field path → text (SchemeDoc.translations). */
  readonly translations: Record<string, Record<string, string>>;
};
type Check<T> = (ctx: Ctx, node: unknown, loc: Loc) => T | undefined;
type Fields = ReadonlyMap<string, { readonly node: unknown; readonly loc: Loc }>;

const val = (node: unknown): unknown => (isScalar(node) ? node.value : undefined);
const startLine = (ctx: Ctx, node: unknown, fallback: number): number => {
  const start = (node as { range?: readonly number[] } | null)?.range?.[0];
  return start === undefined ? fallback : ctx.lc.linePos(start).line;
};
const joinPath = (base: string, key: string | number): string =>
  typeof key === 'number' ? `${base}[${key}]` : base ? `${base}.${key}` : key;
const at = (loc: Loc, key: string | number, line: number): Loc => ({
  ...loc,
  field: joinPath(loc.field, key),
  rel: joinPath(loc.rel, key),
  line,
});
const owned = (loc: Loc, kind: string, id: string | undefined): Loc =>
  id === undefined ? loc : { ...loc, owner: `${kind} ${JSON.stringify(id)}`, id, rel: '' };
const label = (loc: Loc): string =>
  loc.owner === undefined ? loc.field : loc.rel ? `${loc.owner}: ${loc.rel}` : loc.owner;
/** `{ key: v }`, or nothing when v is undefined: a validated doc carries no undefined keys. */
const omit = <K extends string, V>(key: K, v: V | undefined): { [k in K]?: V } =>
  v === undefined ? {} : ({ [key]: v } as { [k in K]: V });
const errorAt = (ctx: Ctx, loc: Loc): ErrorLocation => ({
  ...omit('field', loc.field || undefined),
  line: loc.line,
  ...omit('rule', loc.id),
  ...omit('scheme', ctx.scheme),
});

const report = (ctx: Ctx, code: ErrorCode, loc: Loc, what: string): undefined =>
  void ctx.errors.push(new StandingError(code, `${label(loc)}: ${what}`, errorAt(ctx, loc)));
const bad = (ctx: Ctx, loc: Loc, what: string): undefined => report(ctx, 'SCHEME_FIELD_INVALID', loc, what);

function describe(node: unknown): string {
  const v = isScalar(node) ? node.value : node;
  if (isMap(v) || isSeq(v)) return isMap(v) ? 'a mapping' : 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'bigint' || typeof v === 'number' ? `the number ${v}` : String(v);
}

/** The entries of a mapping; reports a non-mapping and every key not in `allowed`. */
function readMap(ctx: Ctx, node: unknown, loc: Loc, allowed: readonly string[]): Fields | undefined {
  if (!isMap(node)) return bad(ctx, loc, `expected a mapping, got ${describe(node)}`);
  const out = new Map<string, { node: unknown; loc: Loc }>();
  for (const pair of node.items) {
    const key = val(pair.key);
    const keyLoc = at(loc, typeof key === 'string' ? key : '?', startLine(ctx, pair.key, loc.line));
    if (typeof key !== 'string' || !allowed.includes(key))
      report(ctx, 'SCHEME_FIELD_UNKNOWN', keyLoc, `unknown field; expected one of ${allowed.join(', ')}`);
    // `key:` with nothing after it means the same as leaving the key out.
    else if (val(pair.value) !== null && pair.value != null)
      out.set(key, { node: pair.value, loc: { ...keyLoc, line: startLine(ctx, pair.value, keyLoc.line) } });
  }
  return out;
}

const opt = <T>(ctx: Ctx, f: Fields, key: string, check: Check<T>): T | undefined => {
  const e = f.get(key);
  return e === undefined ? undefined : check(ctx, e.node, e.loc);
};
function req<T>(ctx: Ctx, f: Fields, key: string, parent: Loc, check: Check<T>): T | undefined {
  return f.has(key)
    ? opt(ctx, f, key, check)
    : report(ctx, 'SCHEME_FIELD_MISSING', at(parent, key, parent.line), 'required field is missing');
}

function str(pattern?: RegExp, what = 'a non-empty string'): Check<string> {
  return (ctx, node, loc) => {
    const v = val(node);
    return typeof v === 'string' && v.trim() !== '' && (pattern === undefined || pattern.test(v))
      ? v
      : bad(ctx, loc, `expected ${what}, got ${describe(node)}`);
  };
}
/**
 * A text a subject reads (a title, basis, justification): a string, or a map of language tags
 * to strings with `en` required, such as { en: Travel ban, zh-CN: 限制乘机 }. Answers the English
 * text; the others go to the scheme's translations under the field's path.
 */
const localText: Check<string> = (ctx, node, loc) => {
  if (!isMap(node)) return str()(ctx, node, loc);
  let english: string | undefined;
  const found: [string, string][] = [];
  for (const pair of node.items) {
    const tag = val(pair.key);
    const tagLoc = at(loc, typeof tag === 'string' ? tag : '?', startLine(ctx, pair.key, loc.line));
    if (typeof tag !== 'string' || !isLocale(tag)) {
      report(
        ctx,
        'SCHEME_LANGUAGE_UNKNOWN',
        tagLoc,
        `unknown language ${JSON.stringify(typeof tag === 'string' ? tag : String(tag))}; a translated text takes ${LOCALES.join(', ')}`,
      );
      continue;
    }
    const v = str()(ctx, pair.value, tagLoc);
    if (v === undefined) continue;
    if (tag === 'en') english = v;
    else found.push([tag, v]);
  }
  if (english === undefined && !node.items.some((p) => val(p.key) === 'en'))
    report(ctx, 'SCHEME_FIELD_MISSING', at(loc, 'en', loc.line), 'a translated text needs its English (en)');
  if (english !== undefined) for (const [tag, v] of found) (ctx.translations[tag] ??= {})[loc.field] = v;
  return english;
};
function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (ctx, node, loc) =>
    values.includes(val(node) as T)
      ? (val(node) as T)
      : bad(ctx, loc, `expected one of ${values.join(', ')}, got ${describe(node)}`);
}
/** A list's `publish`: false, true (persons masked on the register) or "full" (organization lists only). */
const publishing: Check<boolean | 'full'> = (ctx, node, loc) =>
  typeof val(node) === 'boolean' || val(node) === 'full'
    ? (val(node) as boolean | 'full')
    : bad(ctx, loc, `expected true, false or full, got ${describe(node)}`);
const bool: Check<boolean> = (ctx, node, loc) =>
  typeof val(node) === 'boolean'
    ? (val(node) as boolean)
    : bad(ctx, loc, `expected true or false, got ${describe(node)}`);
// Parsed with intAsBigInt, so a bigint is exactly a YAML integer and a number is a float.
function int(test: (n: number) => boolean = () => true, what = 'an integer'): Check<number> {
  return (ctx, node, loc) => {
    const v = val(node);
    const n =
      typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER)
        ? Number(v)
        : undefined;
    return n !== undefined && test(n) ? n : bad(ctx, loc, `expected ${what}, got ${describe(node)}`);
  };
}

/** Runs a checker that throws, reporting its StandingError under `code` at `loc`. */
function guard<T>(ctx: Ctx, loc: Loc, code: ErrorCode, run: () => T): T | undefined {
  try {
    return run();
  } catch (e) {
    if (!isStandingError(e)) throw e;
    return void ctx.errors.push(new StandingError(code, e.message, errorAt(ctx, loc)));
  }
}
function duration(minDays: number): Check<Duration> {
  return (ctx, node, loc) => {
    const v = str(undefined, 'an ISO 8601 duration such as P30D')(ctx, node, loc);
    const d = v === undefined ? undefined : guard(ctx, loc, 'DURATION_INVALID', () => parseDuration(v, label(loc)));
    if (d === undefined) return undefined;
    if (d.months === 0 && d.days === 0 && d.millis === 0)
      return report(ctx, 'DURATION_INVALID', loc, `"${d.text}" must be longer than zero`);
    return isAtLeastDays(d, minDays) ? d : bad(ctx, loc, `"${d.text}" is shorter than the minimum P${minDays}D`);
  };
}
const authority: Check<string> = (ctx, node, loc) => {
  const v = str()(ctx, node, loc);
  return v === undefined ? undefined : guard(ctx, loc, 'SCHEME_FIELD_INVALID', () => checkAuthority(v, label(loc)));
};

/** The document line (and column when it can be told) of an offset inside an expression's scalar. */
function exprPosition(ctx: Ctx, node: unknown, offset: number): { line?: number; column?: number } {
  if (!isScalar(node) || !node.range) return {};
  const start = ctx.lc.linePos(node.range[0]);
  const [raw, value] = [ctx.text.slice(node.range[0], node.range[1]), String(node.value)];
  if (node.type === 'PLAIN' && raw === value) return { line: start.line, column: start.col + offset };
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && raw.slice(1, -1) === value)
    return { line: start.line, column: start.col + 1 + offset };
  if (node.type !== 'BLOCK_LITERAL') return { line: start.line };
  // A literal block keeps its lines; its content starts on the line after the `|` header.
  const before = value.slice(0, offset).split('\n');
  const line = start.line + before.length;
  const docLine = ctx.text
    .slice(ctx.lc.lineStarts[line - 1] ?? 0, ctx.lc.lineStarts[line] ?? ctx.text.length)
    .replace(/\r?\n$/, '');
  const indent = docLine.length - (value.split('\n')[before.length - 1] ?? '').length;
  return indent >= 0 ? { line, column: indent + (before.at(-1) ?? '').length + 1 } : { line };
}

function expr(scope: ExpressionScope): Check<string> {
  return (ctx, node, loc) => {
    const source = str(undefined, 'a CEL expression string')(ctx, node, loc);
    if (source === undefined) return undefined;
    try {
      compileExpression(source, scope, { field: label(loc) });
      return source;
    } catch (e) {
      // A stack overflow on absurd nesting is hostile input, not a bug.
      const pos = exprPosition(ctx, node, isStandingError(e) ? (e.at.column ?? 1) - 1 : 0);
      const message = isStandingError(e) ? e.message : `${label(loc)}: the expression is too complex`;
      const where =
        pos.column === undefined
          ? message
          : message.replace(/ at column \d+$/, ` at line ${pos.line}, column ${pos.column}`);
      return void ctx.errors.push(
        new StandingError('SCHEME_EXPRESSION_INVALID', where, { ...errorAt(ctx, loc), ...pos }),
      );
    }
  };
}
const points: Check<number | string> = (ctx, node, loc) => {
  const v = val(node);
  if (typeof v === 'string' || typeof v === 'bigint')
    return typeof v === 'string' ? expr('rule')(ctx, node, loc) : int()(ctx, node, loc);
  return bad(ctx, loc, `expected an integer or a CEL expression string, got ${describe(node)}`);
};

function items(ctx: Ctx, node: unknown, loc: Loc, nonEmpty: boolean): { node: unknown; loc: Loc }[] {
  if (!isSeq(node)) return bad(ctx, loc, `expected a list, got ${describe(node)}`) ?? [];
  if (nonEmpty && node.items.length === 0) return bad(ctx, loc, 'must not be empty') ?? [];
  if (node.items.length > MAX_ITEMS)
    return bad(ctx, loc, `has ${node.items.length} entries; at most ${MAX_ITEMS} are allowed`) ?? [];
  return node.items.map((item, i) => ({ node: item, loc: at(loc, i, startLine(ctx, item, loc.line)) }));
}
function listOf<T>(item: Check<T>): Check<T[]> {
  return (ctx, node, loc) => {
    const out: T[] = [];
    for (const it of items(ctx, node, loc, true)) {
      const v = item(ctx, it.node, it.loc);
      if (v !== undefined && out.includes(v)) bad(ctx, it.loc, `${String(v)} is listed twice`);
      else if (v !== undefined) out.push(v);
    }
    return out;
  };
}

/** A list of entries with unique ids, each validated by `build` under its owner's name. */
function entries<T>(ctx: Ctx, f: Fields, key: string, kind: string, build: Check<T>): T[] {
  const [e, seen, out] = [f.get(key), new Map<string, number>(), [] as T[]];
  for (const it of e === undefined ? [] : items(ctx, e.node, e.loc, false)) {
    const id: unknown = isMap(it.node) ? it.node.get('id') : undefined;
    const loc = owned(it.loc, kind, typeof id === 'string' ? id : undefined);
    const prev = typeof id === 'string' ? seen.get(id) : undefined;
    if (prev !== undefined)
      report(ctx, 'SCHEME_DUPLICATE_ID', at(loc, 'id', loc.line), `duplicates the ${kind} on line ${prev}`);
    else if (typeof id === 'string') seen.set(id, loc.line);
    const def = build(ctx, it.node, loc);
    if (def !== undefined) out.push(def);
  }
  return out;
}
const idOf = (ctx: Ctx, f: Fields, loc: Loc): string | undefined =>
  req(ctx, f, 'id', loc, str(ID, 'an id of letters, digits, ".", "-" and "_"'));

const cap: Check<NonNullable<RuleDef['cap']>> = (ctx, node, loc) => {
  const f = readMap(ctx, node, loc, ['points', 'per']);
  const [n, per] =
    f === undefined
      ? []
      : [
          req(
            ctx,
            f,
            'points',
            loc,
            int((x) => x !== 0, 'a non-zero integer'),
          ),
          opt(ctx, f, 'per', duration(0)),
        ];
  return n === undefined ? undefined : { points: n, ...omit('per', per?.text) };
};

const rule: Check<RuleDef> = (ctx, node, loc) => {
  const f = readMap(ctx, node, loc, ['id', 'when', 'points', 'lapse', 'keep', 'cap', 'dataJustification', 'basis']);
  if (f === undefined) return undefined;
  const [id, when, pts] = [
    idOf(ctx, f, loc),
    req(ctx, f, 'when', loc, expr('rule')),
    req(ctx, f, 'points', loc, points),
  ];
  const [lapse, keep, c] = [
    opt(ctx, f, 'lapse', duration(0)),
    opt(ctx, f, 'keep', oneOf(['latest'] as const)),
    opt(ctx, f, 'cap', cap),
  ];
  const data = dataGround(ctx, f, loc, when, 'rule');
  if (id === undefined || when === undefined || pts === undefined) return undefined;
  return {
    id,
    when,
    points: pts,
    ...omit('lapse', lapse?.text),
    ...omit('keep', keep),
    ...omit('cap', c),
    ...data,
  };
};

const grade: Check<GradeDef> = (ctx, node, loc) => {
  const f = readMap(ctx, node, loc, ['id', 'min', 'max', 'when', 'dataJustification', 'basis']);
  if (f === undefined) return undefined;
  const [id, min, max, when] = [
    idOf(ctx, f, loc),
    opt(ctx, f, 'min', int()),
    opt(ctx, f, 'max', int()),
    opt(ctx, f, 'when', expr('subject')),
  ];
  if (min !== undefined && max !== undefined && min > max)
    bad(ctx, f.get('max')?.loc ?? loc, `max ${max} is below min ${min}, so the grade never matches`);
  const data = dataGround(ctx, f, loc, when, 'subject');
  return id === undefined
    ? undefined
    : { id, ...omit('min', min), ...omit('max', max), ...omit('when', when), ...data };
};

const limitOf: Check<Record<string, number>> = (ctx, node, loc) => {
  const pairs = isMap(node) ? node.items.map((p) => [val(p.key), val(p.value)] as const) : [];
  const positive = (v: unknown): boolean =>
    (typeof v === 'bigint' || typeof v === 'number') && Number(v) > 0 && Number(v) <= Number.MAX_SAFE_INTEGER;
  if (pairs.length > 0 && pairs.every(([k, v]) => typeof k === 'string' && LIMIT_KEY.test(k) && positive(v)))
    return Object.fromEntries(pairs.map(([k, v]) => [String(k), Number(v)]));
  return bad(
    ctx,
    loc,
    `expected a mapping of lower-case names to positive numbers such as { kbps: 512 }, got ${isMap(node) ? 'a mapping with other entries' : describe(node)}`,
  );
};

/** The context of an employer's scheme about its own staff (SPEC §5). */
export const EMPLOYMENT = 'employment';

/**
 * A rule's, grade's or list's `dataJustification` and `basis`; when the condition reads
 * records of another domain than the scheme's context, or of any kind, both are required
 * (SPEC §5, SCHEME_DATA_UNJUSTIFIED). Checked only for a new scheme (ctx.data).
 */
function dataGround(
  ctx: Ctx,
  f: Fields,
  loc: Loc,
  when: string | undefined,
  scope: ExpressionScope,
  /** A list whose every sanction names its basis: that is the basis beside which its data is read (SPEC §3's example). */
  sanctionsGround = false,
): { dataJustification?: string; basis?: string } {
  const [dataJustification, basis] = [opt(ctx, f, 'dataJustification', str()), opt(ctx, f, 'basis', str())];
  if (ctx.data !== undefined && when !== undefined) {
    const compiled = compileExpression(when, scope, { field: label(loc) });
    const use = dataUseOf(compiled.recordKindsRead, ctx.data.context, ctx.data.kinds);
    const missing = (['dataJustification', 'basis'] as const).filter(
      (k) => !f.has(k) && !(k === 'basis' && sanctionsGround),
    );
    if (use.crossContext && missing.length > 0) {
      const kinds = ctx.data.kinds;
      const read =
        use.kinds === 'any'
          ? 'records of any kind (no kind named)'
          : use.kinds
              .map((k) => ({ k, d: kindDomain(k, kinds) }))
              .filter(({ d }) => use.foreign.includes(d))
              .map(({ k, d }) => `${k} (domain ${d})`)
              .join(', ');
      report(
        ctx,
        'SCHEME_DATA_UNJUSTIFIED',
        loc,
        `reads ${read} outside the scheme's context ${ctx.data.context} (cross-context data use), so it needs ${missing.join(' and ')}`,
      );
    }
  }
  return { ...omit('dataJustification', dataJustification), ...omit('basis', basis) };
}

function sanction(
  ctx: Ctx,
  node: unknown,
  loc: Loc,
  type: ListType | undefined,
  registry: ActionRegistry,
  context: string | undefined,
): SanctionDef | undefined {
  const f = readMap(ctx, node, loc, ['action', 'effect', 'limit', 'justification', 'basis']);
  if (f === undefined) return undefined;
  const [action, effect] = [
    req(ctx, f, 'action', loc, str(ACTION_NAME, 'an action name such as flight.board')),
    req(ctx, f, 'effect', loc, oneOf(EFFECTS)),
  ];
  const [justification, basis] = [opt(ctx, f, 'justification', localText), opt(ctx, f, 'basis', localText)];
  const def = action === undefined ? undefined : registry.get(action);
  if (action !== undefined && def === undefined)
    report(ctx, 'SCHEME_ACTION_UNKNOWN', f.get('action')?.loc ?? loc, `no action "${action}" is registered`);
  const effectLoc = f.get('effect')?.loc ?? loc;
  const fitsList =
    effect === undefined || type === undefined || type === 'watchlist' || effectsForListType(type).includes(effect);
  if (!fitsList)
    report(
      ctx,
      'SCHEME_EFFECT_MISMATCH',
      effectLoc,
      `a ${type}'s sanctions ${effectsForListType(type).join(' or ')}, not ${effect}`,
    );
  else if (effect !== undefined && def !== undefined && def.effect !== effect)
    report(
      ctx,
      'SCHEME_EFFECT_MISMATCH',
      effectLoc,
      `action ${def.name} takes the effect ${def.effect}, not ${effect}`,
    );
  const lim = f.get('limit');
  const limitAllowed = effect === undefined || effect === 'limit';
  if (effect === 'limit' && lim === undefined)
    report(
      ctx,
      'SCHEME_FIELD_MISSING',
      at(loc, 'limit', loc.line),
      'a sanction with effect limit needs a limit such as { kbps: 512 }',
    );
  if (!limitAllowed && lim !== undefined)
    bad(ctx, lim.loc, `only a sanction with effect limit has a limit, not one with ${effect}`);
  const limit = lim !== undefined && limitAllowed ? limitOf(ctx, lim.node, lim.loc) : undefined;
  // SPEC §5: an employer judging its staff reaches no further than employment, privileges included.
  if (def !== undefined && context === EMPLOYMENT && def.domain !== EMPLOYMENT)
    report(
      ctx,
      'EMPLOYMENT_SANCTION_FORBIDDEN',
      f.get('action')?.loc ?? loc,
      `action ${def.name} (domain ${def.domain}) is outside employment: an employment scheme may sanction only actions of the employment domain, with or without a justification`,
    );
  // SPEC §5: a penalty reaching outside the scheme's own domain must say why, and under what law.
  else if (
    def !== undefined &&
    type !== undefined &&
    type !== 'redlist' &&
    context !== undefined &&
    def.domain !== context
  ) {
    const missing = (['justification', 'basis'] as const).filter((k) => !f.has(k));
    if (missing.length > 0)
      report(
        ctx,
        'SCHEME_SANCTION_UNJUSTIFIED',
        loc,
        `action ${def.name} (domain ${def.domain}) is outside the scheme's context ${context}, so the sanction needs ${missing.join(' and ')}`,
      );
  }
  if (action === undefined || effect === undefined) return undefined;
  return { action, effect, ...omit('limit', limit), ...omit('justification', justification), ...omit('basis', basis) };
}

function list(
  ctx: Ctx,
  node: unknown,
  loc: Loc,
  registry: ActionRegistry,
  context: string | undefined,
  subjects: readonly string[],
): ListDef | undefined {
  const f = readMap(ctx, node, loc, [
    'id',
    'title',
    'type',
    'manual',
    'when',
    'appeal',
    'maxTerm',
    'secondInstance',
    'secondInstanceSuspends',
    'publish',
    'dataJustification',
    'basis',
    'sanctions',
    'selfExclusion',
  ]);
  if (f === undefined) return undefined;
  const manual = opt(ctx, f, 'manual', bool) === true;
  const selfExclusion = opt(ctx, f, 'selfExclusion', selfExclusionBounds);
  const [id, title, type, when] = [
    idOf(ctx, f, loc),
    opt(ctx, f, 'title', localText),
    req(ctx, f, 'type', loc, oneOf(LIST_TYPES)),
    // A manual list is listed by decision only (docs/decisions.md): a condition beside it is refused, not ignored.
    manual
      ? f.has('when')
        ? bad(
            ctx,
            f.get('when')!.loc,
            'a manual list has no condition: its listings are opened by an individual decision (SPEC §6); remove when or manual',
          )
        : ''
      : // A self-exclusion list is entered only at the subject's own request: it has no condition.
        selfExclusion
        ? f.has('when')
          ? bad(
              ctx,
              f.get('when')!.loc,
              'a self-exclusion list has no condition: subjects place themselves on it (SPEC §6)',
            )
          : 'false'
        : req(ctx, f, 'when', loc, expr('subject')),
  ];
  if (manual && type === 'redlist')
    bad(
      ctx,
      f.get('manual')?.loc ?? loc,
      'manual: true is for blacklists and watchlists: a listing by decision imposes something and goes through notice and appeal',
    );
  if (selfExclusion && type === 'redlist')
    bad(ctx, f.get('selfExclusion')!.loc, 'self-exclusion is offered by blacklists and watchlists, not redlists');
  if (manual && selfExclusion)
    bad(
      ctx,
      f.get('selfExclusion')!.loc,
      'a list is filled either by decision (manual) or by subjects themselves (selfExclusion), not both',
    );
  const [appeal, publish, entry] = [
    opt(ctx, f, 'appeal', duration(10)),
    opt(ctx, f, 'publish', publishing),
    f.get('sanctions'),
  ];
  // A register shows persons masked (SPEC §8); only a list that judges organizations alone may name them in full.
  if (publish === 'full' && subjects.includes('person'))
    bad(
      ctx,
      f.get('publish')?.loc ?? loc,
      'publish: full names subjects in full, for lists of organizations only; this scheme judges persons, whose ids the register masks (use publish: true)',
    );
  const maxTerm = opt(ctx, f, 'maxTerm', duration(1));
  if (type === 'redlist' && maxTerm !== undefined)
    bad(ctx, f.get('maxTerm')?.loc ?? loc, 'a redlist has no maximum term (SPEC §6): only blacklists and watchlists');
  // A second instance follows an upheld appeal (SPEC §6): a redlist, active at once with no appeal, has none.
  const secondInstance = opt(ctx, f, 'secondInstance', duration(1));
  const secondSuspends = opt(ctx, f, 'secondInstanceSuspends', bool);
  for (const k of ['secondInstance', 'secondInstanceSuspends'] as const)
    if (type === 'redlist' && f.has(k))
      bad(
        ctx,
        f.get(k)?.loc ?? loc,
        `a redlist has no appeal, so no second instance (SPEC §6): ${k} is for blacklists and watchlists`,
      );
  if (selfExclusion && maxTerm !== undefined && selfExclusion.maxTerm !== undefined) {
    if (longer(parseDuration(selfExclusion.maxTerm), maxTerm))
      bad(
        ctx,
        f.get('selfExclusion')!.loc,
        `selfExclusion.maxTerm ${selfExclusion.maxTerm} is longer than the list's maxTerm ${maxTerm.text}`,
      );
  }
  const found = entry === undefined ? [] : items(ctx, entry.node, entry.loc, false);
  if (type === 'watchlist' && entry !== undefined && found.length > 0)
    report(ctx, 'SCHEME_EFFECT_MISMATCH', entry.loc, 'a watchlist has no sanctions');
  const sanctions = found
    .map((s) => sanction(ctx, s.node, s.loc, type, registry, context))
    .filter((s): s is SanctionDef => s !== undefined);
  const data = dataGround(
    ctx,
    f,
    loc,
    // A list filled by decision or by subjects themselves reads no records.
    manual || selfExclusion ? undefined : when,
    'subject',
    sanctions.length > 0 && sanctions.length === found.length && sanctions.every((s) => s.basis !== undefined),
  );
  if (id === undefined || type === undefined || when === undefined) return undefined;
  return {
    id,
    ...omit('title', title),
    type,
    ...(manual ? { manual: true as const } : { when }),
    appeal: appeal?.text ?? 'P10D',
    ...omit('maxTerm', type === 'redlist' ? undefined : maxTerm?.text),
    ...omit('secondInstance', type === 'redlist' ? undefined : secondInstance?.text),
    ...omit('secondInstanceSuspends', type === 'redlist' || secondSuspends !== true ? undefined : true),
    publish: publish ?? false,
    ...data,
    sanctions,
    ...omit('selfExclusion', selfExclusion || undefined),
  };
}

/** Whether `a` is longer than `b`, compared from a fixed instant (months have unequal lengths). */
function longer(a: Duration, b: Duration): boolean {
  const from = Date.UTC(2000, 0, 1);
  return addDuration(from, a) > addDuration(from, b);
}

/** `selfExclusion: true`, or `{ minTerm, maxTerm }` (each optional; minTerm default P1D), SPEC §6. */
const selfExclusionBounds: Check<{ minTerm: string; maxTerm?: string } | false> = (ctx, node, loc) => {
  const v = val(node);
  if (v === true) return { minTerm: 'P1D' };
  if (v === false) return false;
  const f = readMap(ctx, node, loc, ['minTerm', 'maxTerm']);
  if (f === undefined) return undefined;
  const [min, max] = [opt(ctx, f, 'minTerm', duration(0)), opt(ctx, f, 'maxTerm', duration(0))];
  if (min !== undefined && max !== undefined && longer(min, max))
    bad(ctx, f.get('minTerm')!.loc, `minTerm ${min.text} is longer than maxTerm ${max.text}`);
  return { minTerm: min?.text ?? 'P1D', ...omit('maxTerm', max?.text) };
};

const score: Check<SchemeDoc['score']> = (ctx, node, loc) => {
  const f = readMap(ctx, node, loc, ['base', 'min', 'max']);
  if (f === undefined) return undefined;
  const [base, min, max] = [opt(ctx, f, 'base', int()) ?? 0, opt(ctx, f, 'min', int()), opt(ctx, f, 'max', int())];
  if (min !== undefined && max !== undefined && min > max)
    bad(ctx, f.get('max')?.loc ?? loc, `max ${max} is below min ${min}`);
  else if (min !== undefined && max !== undefined && (base < min || base > max))
    bad(ctx, f.get('base')?.loc ?? loc, `base ${base} is outside min ${min} .. max ${max}`);
  return { base, ...omit('min', min), ...omit('max', max) };
};

function yamlProblem(ctx: Ctx, offset: number, message: string): StandingError {
  const line = Math.max(ctx.lc.linePos(offset).line, 1);
  // The line is in the location (printed once, as "(line N)"), not repeated in the message.
  return new StandingError('SCHEME_YAML_INVALID', message, { line });
}
// The yaml library's wording, minus advice about its own API and its stack guard.
const yamlMessage = (e: YAMLError): string =>
  e.code === 'MULTIPLE_DOCS'
    ? 'a scheme is a single YAML document, but another one starts here'
    : e.message.includes('call stack')
      ? 'the document nests too deeply'
      : (e.message.split('\n')[0] ?? e.message);

/**
 * Parses and validates a scheme's YAML (SPEC §3, §5) and compiles it. Every problem is
 * reported, each with its line, field path, rule and scheme; nothing is thrown for bad input.
 * Defaults: public true, authority options.defaultAuthority ("default"), subjects
 * [person, org], sources [authority], consent none, score base 0, appeal P10D, publish false.
 */
export function parseScheme(text: string, options: ParseOptions): ParseResult {
  const ctx: Ctx = { errors: [], lc: new LineCounter(), text, translations: {} };
  const rejected = (...errors: StandingError[]): ParseResult => ({ ok: false, errors });
  if (text.length > MAX_BYTES || new TextEncoder().encode(text).length > MAX_BYTES)
    return rejected(yamlProblem(ctx, 0, `the scheme is larger than ${MAX_BYTES / 1024} KiB`));
  // prettyErrors off: building its excerpt of a huge hostile line can exhaust memory.
  const yaml = parseDocument(text, {
    lineCounter: ctx.lc,
    intAsBigInt: true,
    schema: 'core',
    prettyErrors: false,
    uniqueKeys: true,
  });
  const problems = yaml.errors.map((e) => yamlProblem(ctx, e.pos[0], yamlMessage(e)));
  if (problems.length === 0)
    visit(yaml, {
      Alias: (_, node) =>
        void problems.push(
          yamlProblem(ctx, node.range?.[0] ?? 0, `aliases (*${node.source}) are not allowed in a scheme`),
        ),
    });
  const root = yaml.contents;
  if (problems.length > 0) return rejected(...problems);
  if (root === null) return rejected(yamlProblem(ctx, 0, 'the scheme is empty'));
  if (!isMap(root))
    return rejected(yamlProblem(ctx, root.range[0], `the scheme must be a mapping, got ${describe(root)}`));
  const peek: unknown = root.get('scheme');
  if (typeof peek === 'string') ctx.scheme = peek;
  const top: Loc = { field: '', rel: '', line: startLine(ctx, root, 1) };
  const f = readMap(ctx, root, top, ROOT_FIELDS) ?? new Map();
  const [scheme, version] = [
    req(ctx, f, 'scheme', top, str(SLUG, 'a lower-case id of letters, digits, - and _')),
    opt(
      ctx,
      f,
      'version',
      int((n) => n > 0, 'a positive integer'),
    ),
  ];
  const auth = f.has('authority') ? opt(ctx, f, 'authority', authority) : (options.defaultAuthority ?? 'default');
  const [pub, title, basis] = [
    opt(ctx, f, 'public', bool),
    opt(ctx, f, 'title', localText),
    opt(ctx, f, 'basis', localText),
  ];
  const [subjects, context] = [
    opt(ctx, f, 'subjects', listOf(oneOf(SUBJECT_TYPES))),
    req(ctx, f, 'context', top, str(DOMAIN, 'a domain name such as civic')),
  ];
  const [sources, consent, sc] = [
    opt(ctx, f, 'sources', listOf(authority)),
    opt(ctx, f, 'consent', oneOf(['none', 'required'] as const)),
    opt(ctx, f, 'score', score),
  ];
  if (context !== undefined && options.stored !== true) ctx.data = { context, kinds: options.kinds ?? SHIPPED_KINDS };
  // SPEC §5: an employer judges its staff only with their consent.
  if (context === EMPLOYMENT && consent !== 'required')
    bad(
      ctx,
      (f as Fields).get('consent')?.loc ?? at(top, 'consent', top.line),
      'an employment scheme judges staff only with their consent: it needs consent: required',
    );
  const [grades, rules] = [entries(ctx, f, 'grades', 'grade', grade), entries(ctx, f, 'rules', 'rule', rule)];
  const lists = entries(ctx, f, 'lists', 'list', (c, n, l) =>
    list(c, n, l, options.registry, context, subjects ?? SUBJECT_TYPES),
  );
  // The sort is stable: problems on one line keep the order they were found in.
  if (ctx.errors.length > 0 || scheme === undefined || auth === undefined || context === undefined)
    return rejected(...ctx.errors.sort((a, b) => (a.at.line ?? 0) - (b.at.line ?? 0)));
  const doc: SchemeDoc = {
    scheme,
    public: pub ?? true,
    ...omit('version', version),
    authority: auth,
    ...omit('title', title),
    subjects: subjects ?? [...SUBJECT_TYPES],
    context,
    ...omit('basis', basis),
    sources: sources ?? [auth],
    consent: consent ?? 'none',
    score: sc ?? { base: 0 },
    grades,
    rules,
    lists,
    ...omit('translations', Object.keys(ctx.translations).length > 0 ? ctx.translations : undefined),
  };
  try {
    const compiled = compileScheme(doc, doc.version ?? 0);
    const bounds = options.stored === true ? [] : boundsProblems(compiled);
    return bounds.length > 0 ? rejected(...bounds) : { ok: true, doc, compiled };
  } catch (e) {
    if (isStandingError(e)) return rejected(e);
    throw e;
  }
}

/** Canonical JSON of a scheme's content without its version: equal strings mean the same scheme. */
export function schemeDocJson(doc: SchemeDoc): string {
  const { version: _version, ...content } = doc;
  return canonicalJson(content);
}
