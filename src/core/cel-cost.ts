import { stepNodes, type AstNode, type CompiledExpression, type ExpressionScope } from './cel.js';
import {
  ASSUMED_RECORDS,
  compileRegex,
  matchCost,
  MAX_MATCH_INPUT,
  MAX_REGEX_PROGRAM,
  COST_LIMIT,
} from './cel-limits.js';
import { StandingError } from './errors.js';
import type { CompiledScheme } from './scheme-types.js';

/**
 * The static cost estimate of a CEL expression (SPEC §3, "Evaluation is bounded"): an upper
 * bound, in the units of cel-limits.ts, of what one evaluation spends, assuming a subject has
 * at most ASSUMED_RECORDS live records and record data is at most 16 KiB. Every node counts
 * a unit (the runtime meter counts only comprehension steps, each weighted by its body's
 * nodes, and `matches`, so the estimate is never below it under those assumptions); a
 * comprehension multiplies its body's cost by the length of its list, which is how nesting
 * over `subject.records` grows; `matches` costs by input length × program size; string and
 * list functions and `+` by the size of what they read or build, so doubling a string under
 * `cel.bind` grows the estimate as fast as the string.
 */

/** An abstract value: the most it can hold (characters of a string, elements of a list or map) and what its elements are. */
interface Shape {
  readonly size: number;
  readonly elem?: Shape;
  readonly fields?: Readonly<Record<string, Shape>>;
}

interface Estimate {
  readonly cost: number;
  readonly shape: Shape;
}

const DATA_BYTES = 16 * 1024;
/** A JSON list of 16 KiB has at most this many elements (`0,` is two bytes). */
const DATA_ELEMENTS = DATA_BYTES / 2;
/** Anything read from record data: a string of up to 16 KiB, or a list or map of up to 8 Ki elements, each such a value. */
const DATA: Shape = (() => {
  const s: { size: number; elem?: Shape } = { size: DATA_BYTES };
  s.elem = s;
  return s;
})();
const SMALL: Shape = { size: 1 };
/** Record header strings (key, kind, authority, subject) are bounded by validation; 1 KiB is generous. */
const HEADER: Shape = { size: 1024 };
const RECORD: Shape = {
  size: 7,
  fields: {
    key: HEADER,
    authority: HEADER,
    subject: HEADER,
    kind: HEADER,
    occurredAt: SMALL,
    evidence: HEADER,
    data: DATA,
  },
};
const SUBJECT: Shape = {
  size: 6,
  fields: {
    id: HEADER,
    type: SMALL,
    score: SMALL,
    grade: HEADER,
    records: { size: ASSUMED_RECORDS, elem: RECORD },
  },
};

const MACROS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);
/** Characters a native string operation (==, contains, +) reads per unit: such loops are far faster than a node. */
const PER_CHAR = 1024;
const bigger = (a: Shape, b: Shape): Shape => (a.size >= b.size ? a : b);

function isNode(x: unknown): x is AstNode {
  return typeof x === 'object' && x !== null && typeof (x as AstNode).op === 'string';
}

type Scope = ReadonlyMap<string, Shape>;

function children(n: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const add = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(add);
    else if (isNode(x)) out.push(x);
  };
  add(n.args);
  return out;
}

function sum(ests: readonly Estimate[]): number {
  return ests.reduce((c, e) => c + e.cost, 0);
}

function field(target: Shape, name: unknown): Shape {
  if (target.fields && typeof name === 'string') return target.fields[name] ?? SMALL;
  return target.elem ?? DATA;
}

function est(n: AstNode, scope: Scope): Estimate {
  const args = n.args;
  switch (n.op) {
    case 'value':
      return { cost: 1, shape: { size: typeof args === 'string' ? args.length : 1 } };
    case 'id':
      return { cost: 1, shape: scope.get(args as string) ?? SMALL };
    case '.':
    case '.?': {
      const [target, name] = args as [AstNode, unknown];
      const t = est(target, scope);
      return { cost: t.cost + 1, shape: field(t.shape, name) };
    }
    case '[]':
    case '[?]': {
      const [target, index] = args as [AstNode, AstNode];
      const t = est(target, scope);
      const i = est(index, scope);
      const name = index.op === 'value' ? index.args : undefined;
      return { cost: t.cost + i.cost + 1, shape: field(t.shape, name) };
    }
    case 'rcall':
      return rcall(n, scope);
    case '+': {
      const [a, b] = (args as AstNode[]).map((x) => est(x, scope)) as [Estimate, Estimate];
      const size = a.shape.size + b.shape.size;
      const elem = a.shape.elem && b.shape.elem ? bigger(a.shape.elem, b.shape.elem) : (a.shape.elem ?? b.shape.elem);
      return { cost: a.cost + b.cost + 1 + Math.ceil(size / PER_CHAR), shape: elem ? { size, elem } : { size } };
    }
    case 'list': {
      const items = children(n).map((x) => est(x, scope));
      const elem = items.reduce<Shape>((m, e) => bigger(m, e.shape), { size: 0 });
      return { cost: sum(items) + 1, shape: { size: items.length, elem } };
    }
    default: {
      // Operators, `size`, `has`, ternaries, maps: the sum of their parts, as large as the largest.
      const parts = children(n).map((x) => est(x, scope));
      const shape = parts.reduce<Shape>((m, e) => bigger(m, e.shape), SMALL);
      const read =
        n.op === 'call' || n.op === 'in' || n.op === '==' || n.op === '!=' ? Math.ceil(shape.size / PER_CHAR) : 0;
      return { cost: sum(parts) + 1 + read, shape: n.op === 'map' ? shape : n.op === '?:' ? shape : SMALL };
    }
  }
}

function rcall(n: AstNode, scope: Scope): Estimate {
  const [name, receiver, params] = n.args as [string, AstNode, AstNode[]];
  const recv = est(receiver, scope);
  if (MACROS.has(name) && params.length >= 2 && params[0]!.op === 'id') {
    const inner = new Map(scope).set(params[0]!.args as string, recv.shape.elem ?? DATA);
    const bodies = params.slice(1).map((p) => est(p, inner));
    const length = recv.shape === DATA ? DATA_ELEMENTS : recv.shape.size;
    // One step costs its body (the runtime meter's weight, stepNodes, is at most this) and a unit.
    const step = Math.max(sum(bodies), stepNodes(params)) + 1;
    const out = bodies[bodies.length - 1]!.shape;
    const shape = name === 'map' ? { size: length, elem: out } : name === 'filter' ? recv.shape : SMALL;
    return { cost: recv.cost + length * step + 1, shape };
  }
  if (name === 'bind' && receiver.op === 'id' && receiver.args === 'cel' && params[0]?.op === 'id') {
    const value = est(params[1]!, scope);
    const body = est(params[2]!, new Map(scope).set(params[0].args as string, value.shape));
    return { cost: value.cost + body.cost + 1, shape: body.shape };
  }
  const ps = params.map((p) => est(p, scope));
  const cost = recv.cost + sum(ps) + 1;
  if (name === 'matches') {
    const pattern = params[0]?.op === 'value' && typeof params[0].args === 'string' ? params[0].args : undefined;
    const re = pattern === undefined ? undefined : compileRegex(pattern);
    const program = re === undefined || typeof re === 'string' ? MAX_REGEX_PROGRAM : re.programSize();
    return { cost: cost + matchCost(Math.min(recv.shape.size, MAX_MATCH_INPUT), program), shape: SMALL };
  }
  const widest = ps.reduce((m, e) => bigger(m, e.shape), recv.shape);
  let shape: Shape = widest;
  if (name === 'join') shape = { size: recv.shape.size * ((recv.shape.elem?.size ?? 0) + (ps[0]?.shape.size ?? 0)) };
  else if (name === 'replace') shape = { size: recv.shape.size * Math.max(1, ps[1]?.shape.size ?? 1) };
  else if (name === 'split') shape = { size: recv.shape.size, elem: recv.shape };
  return { cost: cost + Math.ceil(Math.max(widest.size, shape.size) / PER_CHAR), shape };
}

/** The estimated cost of one evaluation of the expression, in units. */
export function estimateCost(ast: AstNode, scope: ExpressionScope): number {
  const vars = new Map<string, Shape>([['subject', SUBJECT]]);
  if (scope === 'rule') vars.set('record', RECORD).set('subject', { size: 2, fields: { id: HEADER, type: SMALL } });
  return Math.ceil(est(ast, vars).cost);
}

/** Each `matches` whose pattern is a literal, with the column (1-based) of the pattern and why RE2 refuses it, if it does. */
export function literalPatternProblems(ast: AstNode): { column: number; message: string }[] {
  const out: { column: number; message: string }[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isNode(x)) return;
    if (x.op === 'rcall' && Array.isArray(x.args) && x.args[0] === 'matches') {
      const p = (x.args[2] as AstNode[])[0];
      if (p?.op === 'value' && typeof p.args === 'string') {
        const re = compileRegex(p.args);
        if (typeof re === 'string') out.push({ column: (p.pos ?? 0) + 1, message: re });
      }
    }
    visit(x.args);
  };
  visit(ast);
  return out;
}

/**
 * What publishing refuses of a compiled scheme's expressions besides compile errors: a literal
 * `matches` pattern RE2 rejects (SCHEME_EXPRESSION_INVALID, with its column) and an
 * expression estimated over COST_LIMIT (SCHEME_TOO_COSTLY, naming the estimate).
 */
export function boundsProblems(compiled: CompiledScheme): StandingError[] {
  const out: StandingError[] = [];
  const check = (e: CompiledExpression | number | null, scope: ExpressionScope, field: string, rule: string): void => {
    if (e === null || typeof e === 'number') return;
    for (const p of literalPatternProblems(e.ast))
      out.push(
        new StandingError('SCHEME_EXPRESSION_INVALID', `${field}: ${p.message} at column ${p.column}`, {
          field,
          rule,
          column: p.column,
        }),
      );
    const cost = estimateCost(e.ast, scope);
    if (cost > COST_LIMIT)
      out.push(
        new StandingError(
          'SCHEME_TOO_COSTLY',
          `${field}: estimated cost ${cost} exceeds the limit of ${COST_LIMIT} (a subject assumed to have up to ${ASSUMED_RECORDS} records, data up to 16 KiB)`,
          { field, rule },
        ),
      );
  };
  compiled.rules.forEach((r, i) => {
    check(r.when, 'rule', `rules[${i}].when`, r.def.id);
    check(r.points, 'rule', `rules[${i}].points`, r.def.id);
  });
  compiled.grades.forEach((g, i) => check(g.when, 'subject', `grades[${i}].when`, g.def.id));
  compiled.lists.forEach((l, i) => check(l.when, 'subject', `lists[${i}].when`, l.def.id));
  return out;
}
