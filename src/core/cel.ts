import { Environment } from '@marcbachmann/cel-js';
import { fail } from './errors.js';
import { charge, re2Matches, startMeter, stopMeter, OVER_BUDGET } from './cel-limits.js';

/** The CEL variables each kind of expression may use (SPEC §3 items 2 and 8). */
export type ExpressionScope = 'rule' | 'subject';

/** The result of evaluating an expression: a value, or the error that stands in for it. */
export type CelResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

export interface CompiledExpression {
  readonly source: string;
  /** The parsed expression (the library's AST), for the cost estimate. */
  readonly ast: AstNode;
  evaluate(context: Readonly<Record<string, unknown>>): CelResult;
  /**
   * When every way for the expression to be true needs `record.kind` to be one of
   * these literals, the set; otherwise null. Used to skip evaluation (exact: a `false`
   * conjunct absorbs errors in CEL) and for the proportionality report.
   */
  readonly recordKinds: ReadonlySet<string> | null;
  /** Whether the expression reads subject.records. */
  readonly readsRecords: boolean;
  /**
   * Whether it may read more of those records than their header (key, authority, subject,
   * kind, occurredAt): false only when every use is provably a header field, a count or a
   * macro over them, so derive can give it records rebuilt from kept matches.
   */
  readonly readsRecordBodies: boolean;
  /** The header fields, and `data.X` members, it reads of those records (meaningful when readsRecordBodies is false). */
  readonly recordFields: ReadonlySet<string>;
  /** Every string literal compared with a `kind` field anywhere in the expression. */
  readonly kindLiterals: ReadonlySet<string>;
  /**
   * The record kinds whose records the expression reads (SPEC §5, data contexts): in a rule,
   * the kinds its `when` is restricted to (recordKinds); in a grade or list condition, the
   * kinds each `exists`, `exists_one` or `filter` over subject.records is restricted to.
   * Null ("any") when it may read a record of any kind: a rule not restricted to named kinds,
   * `size(subject.records)`, `all`, `map`, an index, or `subject` used whole. Empty when it reads none.
   */
  readonly recordKindsRead: ReadonlySet<string> | null;
  /**
   * The names of the `subject.X` fields the expression reads; `*` when `subject` is
   * used whole (e.g. `size(subject)`), which may read any of them.
   */
  readonly readsFields: ReadonlySet<string>;
}

export interface AstNode {
  readonly op: string;
  readonly args: unknown;
  readonly pos?: number;
}

function makeEnv(vars: readonly string[]): Environment {
  let env = new Environment({ homogeneousAggregateLiterals: false });
  for (const v of vars) env = env.registerVariable(v, 'dyn');
  useRe2(env);
  return env;
}

/** What the library keeps of a function overload (its FunctionDeclaration, frozen). */
interface Overload {
  readonly signature: string;
  readonly name: string;
  readonly receiverType: unknown;
  readonly returnType: unknown;
  readonly description: unknown;
  readonly params: unknown;
  readonly constructor: new (init: Record<string, unknown>) => Overload;
}

/**
 * Puts RE2 (linear time, SPEC §3) behind `string.matches(string)`. The library has no way to
 * replace a built-in overload, so the environment's own candidate list for `matches` is
 * found through a checked call and its declaration swapped for one with our handler; a
 * probe that only RE2 accepts (`(?P<n>…)`) proves it took, or the module fails to load.
 */
const PROBE = '"x".matches("(?P<n>x)")';
function useRe2(env: Environment): void {
  const probe = env.parse(PROBE);
  if (!probe.check().valid) throw new Error('matches: the probe does not type-check');
  const candidates = (probe.ast as unknown as { candidates?: { declarations?: Overload[] } }).candidates;
  const decls = candidates?.declarations;
  const i = decls?.findIndex((d) => d.signature === 'string.matches(string): bool') ?? -1;
  if (!decls || i < 0) throw new Error('matches: the CEL library no longer exposes its overloads');
  const old = decls[i]!;
  decls[i] = new old.constructor({
    name: old.name,
    receiverType: old.receiverType,
    returnType: old.returnType,
    description: old.description,
    params: old.params,
    handler: re2Matches,
  });
  // The probe's own node kept the old handler at its check: a fresh parse must find ours.
  if (env.parse(PROBE)({}) !== true) throw new Error('matches: RE2 did not replace the built-in');
}

/** Node internals of the library's AST: what a comprehension step is evaluated through. */
interface EvalNode {
  evaluate(ev: unknown, ast: unknown, ctx: unknown): unknown;
  readonly meta: {
    alternate?: EvalNode;
    macro?: EvalNode;
    evaluate: (ev: unknown, ast: unknown, ctx: unknown) => unknown;
  };
  readonly op: string;
  readonly args: { step?: EvalNode };
}

const isComprehension = (node: AstNode): boolean =>
  node.op === 'rcall' && (node as unknown as EvalNode).meta?.alternate?.op === 'comprehension';

/**
 * The nodes one step of a comprehension evaluates at most, besides those of comprehensions
 * nested in it (which charge their own steps): the unit a step costs is one node.
 */
export function stepNodes(macroArgs: unknown): number {
  let n = 0;
  const count = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(count);
    if (!isNode(x)) return;
    n++;
    if (isComprehension(x) && Array.isArray(x.args)) count(x.args[1]);
    else count(x.args);
  };
  count(macroArgs);
  return n;
}

/**
 * Charges every step of every comprehension (macro) in the expression its weight in units
 * (one, plus the nodes of its body, see stepNodes): the step node's own `evaluate` shadows
 * the library's, charges, then dispatches as the library would.
 */
function meterComprehensions(ast: AstNode): void {
  walk(ast, (node) => {
    if (!isComprehension(node) || !Array.isArray(node.args)) return;
    const step = (node as unknown as EvalNode).meta.alternate!.args.step;
    if (!step) return;
    const units = 1 + stepNodes(node.args[2]);
    const meta = step.meta;
    step.evaluate = (ev, self, ctx) => {
      charge(units);
      if (meta.alternate) return meta.alternate.evaluate(ev, meta.alternate, ctx);
      if (meta.macro) return meta.macro.evaluate(ev, meta.macro, ctx);
      return meta.evaluate(ev, self, ctx);
    };
  });
}

const ENVS: Record<ExpressionScope, Environment> = {
  rule: makeEnv(['record', 'subject']),
  subject: makeEnv(['subject']),
};

/** The offset of a compile error, or 0. */
function errorOffset(err: unknown): number {
  const node = (err as { node?: { pos?: number } } | undefined)?.node;
  return typeof node?.pos === 'number' ? node.pos : 0;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

/**
 * Compiles a CEL expression once (at publish) for the given scope; a syntax error
 * or an unknown variable fails with SCHEME_EXPRESSION_INVALID and the offset of the
 * error within the expression (`column`, 1-based).
 */
export function compileExpression(
  source: string,
  scope: ExpressionScope,
  where: { field: string; rule?: string },
): CompiledExpression {
  const env = ENVS[scope];
  const check = env.check(source);
  if (!check.valid) {
    const offset = errorOffset(check.error);
    fail(
      'SCHEME_EXPRESSION_INVALID',
      `${where.field}: ${firstLine(check.error?.message ?? 'invalid expression')} at column ${offset + 1}`,
      {
        ...where,
        column: offset + 1,
      },
    );
  }
  const program = env.parse(source);
  const ast = program.ast as AstNode;
  meterComprehensions(ast);
  const recordKinds = scope === 'rule' ? requiredKinds(ast, 'record') : null;
  return {
    source,
    ast,
    evaluate(context) {
      startMeter();
      let result: CelResult;
      try {
        result = { ok: true, value: program(context) };
      } catch (e) {
        result = { ok: false, error: firstLine(e instanceof Error ? e.message : String(e)) };
      }
      // Over budget fails the expression even where CEL absorbed the error (`true || …`, `all`).
      return stopMeter() ? { ok: false, error: OVER_BUDGET } : result;
    },
    recordKinds,
    readsRecords: readsSubjectRecords(ast),
    recordKindsRead: scope === 'rule' ? recordKinds : subjectRecordKinds(ast),
    ...recordUse(ast),
    kindLiterals: collectKindLiterals(ast),
    readsFields: collectSubjectFields(ast),
  };
}

function isNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && typeof (x as AstNode).op === 'string';
}

/** `v.kind` for the named variable. */
function isKindOf(n: unknown, variable: string | null): boolean {
  if (!isNode(n) || n.op !== '.' || !Array.isArray(n.args)) return false;
  const [target, field] = n.args as [unknown, unknown];
  if (field !== 'kind' || !isNode(target) || target.op !== 'id') return false;
  return variable === null || target.args === variable;
}

function stringLiteral(n: unknown): string | undefined {
  return isNode(n) && n.op === 'value' && typeof n.args === 'string' ? n.args : undefined;
}

function stringListLiteral(n: unknown): string[] | undefined {
  if (!isNode(n) || n.op !== 'list' || !Array.isArray(n.args)) return undefined;
  const out: string[] = [];
  for (const el of n.args) {
    const s = stringLiteral(el);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

/** The kinds one comparison restricts `variable.kind` to, if it is such a comparison. */
function comparisonKinds(n: AstNode, variable: string | null): string[] | undefined {
  if (!Array.isArray(n.args)) return undefined;
  const [a, b] = n.args as [unknown, unknown];
  if (n.op === '==') {
    if (isKindOf(a, variable)) return wrap(stringLiteral(b));
    if (isKindOf(b, variable)) return wrap(stringLiteral(a));
  }
  if (n.op === 'in' && isKindOf(a, variable)) return stringListLiteral(b);
  return undefined;
}

function wrap(s: string | undefined): string[] | undefined {
  return s === undefined ? undefined : [s];
}

function requiredKinds(n: AstNode, variable: string): ReadonlySet<string> | null {
  const direct = comparisonKinds(n, variable);
  if (direct) return new Set(direct);
  if (n.op === '&&' && Array.isArray(n.args)) {
    // Any restricted conjunct restricts the whole: when it is false, && is false.
    let best: ReadonlySet<string> | null = null;
    for (const arg of n.args) {
      if (!isNode(arg)) continue;
      const k = requiredKinds(arg, variable);
      if (k && (best === null || k.size < best.size)) best = k;
    }
    return best;
  }
  if (n.op === '||' && Array.isArray(n.args)) {
    // Only when every disjunct is restricted: false || false is false.
    const union = new Set<string>();
    for (const arg of n.args) {
      if (!isNode(arg)) return null;
      const k = requiredKinds(arg, variable);
      if (!k) return null;
      for (const s of k) union.add(s);
    }
    return union;
  }
  return null;
}

function walk(n: unknown, visit: (node: AstNode) => void): void {
  if (Array.isArray(n)) {
    for (const x of n) walk(x, visit);
    return;
  }
  if (!isNode(n)) return;
  visit(n);
  walk(n.args, visit);
}

function readsSubjectRecords(ast: AstNode): boolean {
  let found = false;
  // `subject.<field>` for another field cannot reach the records; any other use of
  // `subject` (subject["records"], [subject].exists(s, s.records…)) may.
  const harmless = new Set<AstNode>();
  walk(ast, (n) => {
    if (n.op === '.' && Array.isArray(n.args)) {
      const target = n.args[0] as unknown;
      if (isNode(target) && target.op === 'id' && target.args === 'subject') {
        if (n.args[1] === 'records') found = true;
        else harmless.add(target);
      }
    }
    if (n.op === 'id' && n.args === 'subject' && !harmless.has(n)) found = true;
  });
  return found;
}

/** The fields of a record that kept matches carry besides its rule matches. */
export const RECORD_HEADER: ReadonlySet<string> = new Set(['key', 'authority', 'subject', 'kind', 'occurredAt']);
const RECORD_MACROS = new Set(['exists', 'all', 'exists_one', 'map', 'filter']);

function literalOf(n: unknown): unknown {
  return isNode(n) && n.op === 'value' ? n.args : undefined;
}

/** The field `p` selects from `target` (`target.f` or `target["f"]`), if that is what `p` is. */
function selectedField(p: AstNode | undefined, target: AstNode): string | undefined {
  if (!p || !Array.isArray(p.args) || p.args[0] !== target) return undefined;
  const args = p.args as unknown[];
  const name = p.op === '.' ? args[1] : p.op === '[]' ? literalOf(args[1]) : undefined;
  return typeof name === 'string' ? name : undefined;
}

/**
 * What an expression reads of `subject.records`. Conservative: `readsRecordBodies` is true
 * unless every use of `subject` is a field selection, every use of its records is `size`,
 * a macro (exists, all, exists_one, map, filter) or a literal index, and every record
 * reached is only ever asked for a header field; `recordFields` are those fields.
 */
function recordUse(ast: AstNode): { readsRecordBodies: boolean; recordFields: ReadonlySet<string> } {
  const parent = new Map<AstNode, AstNode>();
  const nodes: AstNode[] = [];
  const visit = (n: unknown, up: AstNode | undefined): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x, up);
      return;
    }
    if (!isNode(n)) return;
    if (up) parent.set(n, up);
    nodes.push(n);
    visit(n.args, n);
  };
  visit(ast, undefined);
  let unsafe = false;
  const vars = new Set<string>();
  const binders = new Set<AstNode>();
  const fields = new Set<string>();
  const selectsHeader = (p: AstNode | undefined, target: AstNode): boolean => {
    const name = selectedField(p, target);
    if (name === 'data' && p) {
      // One named member of the data (`r.data.caseNo`) may be kept beside the header; the data whole may not.
      const member = selectedField(parent.get(p), p);
      if (member === undefined) return false;
      fields.add(`data.${member}`);
      return true;
    }
    if (name === undefined || !RECORD_HEADER.has(name)) return false;
    fields.add(name);
    return true;
  };
  const checkList = (list: AstNode): void => {
    const p = parent.get(list);
    if (p && p.op === 'rcall' && Array.isArray(p.args) && p.args[1] === list) {
      const [name, , params] = p.args as [unknown, unknown, unknown];
      if (name === 'size') return;
      const bound = Array.isArray(params) ? (params[0] as unknown) : undefined;
      if (
        typeof name === 'string' &&
        RECORD_MACROS.has(name) &&
        isNode(bound) &&
        bound.op === 'id' &&
        typeof bound.args === 'string'
      ) {
        vars.add(bound.args);
        binders.add(bound);
        if (name === 'filter') checkList(p);
        return;
      }
    }
    if (p && p.op === 'call' && Array.isArray(p.args) && p.args[0] === 'size') return;
    if (p && p.op === '[]' && Array.isArray(p.args) && p.args[0] === list && typeof literalOf(p.args[1]) === 'bigint') {
      if (!selectsHeader(parent.get(p), p)) unsafe = true;
      return;
    }
    unsafe = true;
  };
  for (const n of nodes) {
    if (n.op !== 'id' || n.args !== 'subject') continue;
    const p = parent.get(n);
    const field = selectedField(p, n);
    if (field === undefined) unsafe = true;
    else if (field === 'records') checkList(p!);
  }
  for (const n of nodes) {
    if (
      n.op === 'id' &&
      typeof n.args === 'string' &&
      vars.has(n.args) &&
      !binders.has(n) &&
      !selectsHeader(parent.get(n), n)
    )
      unsafe = true;
  }
  return { readsRecordBodies: unsafe, recordFields: fields };
}

/** Macros over subject.records whose result depends only on the records their body can be true for. */
const KIND_FILTERING_MACROS = new Set(['exists', 'exists_one', 'filter']);

/** The kinds a grade or list condition reads of subject.records (see CompiledExpression.recordKindsRead). */
function subjectRecordKinds(ast: AstNode): ReadonlySet<string> | null {
  const parent = new Map<AstNode, AstNode>();
  const nodes: AstNode[] = [];
  const visit = (n: unknown, up: AstNode | undefined): void => {
    if (Array.isArray(n)) {
      for (const x of n) visit(x, up);
      return;
    }
    if (!isNode(n)) return;
    if (up) parent.set(n, up);
    nodes.push(n);
    visit(n.args, n);
  };
  visit(ast, undefined);
  const kinds = new Set<string>();
  for (const n of nodes) {
    if (n.op !== 'id' || n.args !== 'subject') continue;
    const p = parent.get(n);
    const field = selectedField(p, n);
    if (field === undefined) return null;
    if (field !== 'records') continue;
    const q = parent.get(p!);
    if (!q || q.op !== 'rcall' || !Array.isArray(q.args) || q.args[1] !== p) return null;
    const [name, , params] = q.args as [unknown, unknown, unknown];
    const [bound, body] = Array.isArray(params) ? (params as unknown[]) : [];
    if (typeof name !== 'string' || !KIND_FILTERING_MACROS.has(name) || !isNode(bound) || bound.op !== 'id')
      return null;
    const k = isNode(body) && typeof bound.args === 'string' ? requiredKinds(body, bound.args) : null;
    if (k === null) return null;
    for (const s of k) kinds.add(s);
  }
  return kinds;
}

function collectKindLiterals(ast: AstNode): ReadonlySet<string> {
  const out = new Set<string>();
  walk(ast, (n) => {
    const k = comparisonKinds(n, null);
    if (k) for (const s of k) out.add(s);
  });
  return out;
}

function collectSubjectFields(ast: AstNode): ReadonlySet<string> {
  const out = new Set<string>();
  const selected = new Set<unknown>();
  // walk visits a parent before its children, so a selected `subject` is known before it is seen.
  walk(ast, (n) => {
    if ((n.op === '.' || n.op === '[]') && Array.isArray(n.args)) {
      const [target, field] = n.args as [unknown, unknown];
      const name = n.op === '.' ? field : stringLiteral(field);
      if (isNode(target) && target.op === 'id' && target.args === 'subject' && typeof name === 'string') {
        out.add(name);
        selected.add(target);
      }
    }
    if (n.op === 'id' && n.args === 'subject' && !selected.has(n)) out.add('*');
  });
  return out;
}

/** Checks that an expression compiles without keeping it; used by validation. */
export function assertCompiles(source: string, scope: ExpressionScope, where: { field: string; rule?: string }): void {
  compileExpression(source, scope, where);
}
