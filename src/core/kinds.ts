/**
 * The kind registry (SPEC §5, data contexts): which domain a record kind belongs to. An
 * entry names one kind (`retail.purchase`) or every kind under a prefix (`traffic.*`); the
 * most specific entry wins (an exact name, then the longest prefix); a kind no entry names
 * has the domain of its first segment (`retail.purchase` → `retail`).
 */
export interface KindDef {
  /** A dotted kind, or a prefix ending in `.*`. */
  readonly kind: string;
  readonly domain: string;
}

export type KindRegistry = readonly KindDef[];

/** The shipped registry: the demo's kinds (SPEC §5). */
export const SHIPPED_KINDS: KindRegistry = [
  { kind: 'traffic.*', domain: 'civic' },
  { kind: 'civic.*', domain: 'civic' },
  { kind: 'court.*', domain: 'justice' },
  { kind: 'retail.*', domain: 'commerce' },
  { kind: 'acme.*', domain: 'commerce' },
  { kind: 'rental.*', domain: 'commerce' },
  { kind: 'transit.*', domain: 'civic' },
  { kind: 'tax.*', domain: 'tax' },
  { kind: 'employment.*', domain: 'employment' },
];

/** The domain of a record kind under a registry. */
export function kindDomain(kind: string, registry: KindRegistry = SHIPPED_KINDS): string {
  let best: KindDef | undefined;
  for (const d of registry) {
    if (d.kind === kind) return d.domain;
    if (!d.kind.endsWith('.*')) continue;
    const prefix = d.kind.slice(0, -1);
    if (kind.startsWith(prefix) && (best === undefined || d.kind.length > best.kind.length)) best = d;
  }
  return best?.domain ?? kind.split('.')[0] ?? kind;
}

/** What one rule, grade or list condition reads (SPEC §5): the kinds and their domains, or "any". */
export interface DataUse {
  readonly kinds: readonly string[] | 'any';
  /** The domains of those kinds, sorted; "any" stands for records of every domain. */
  readonly domains: readonly string[];
  /** Some kind read is of another domain than the scheme's context, or any kind is. */
  readonly crossContext: boolean;
  /** The domains read outside the context ("any" when any kind is read). */
  readonly foreign: readonly string[];
}

/** The data use of a set of kinds read (null: any kind) in a scheme of `context`. */
export function dataUseOf(read: ReadonlySet<string> | null, context: string, registry: KindRegistry): DataUse {
  if (read === null) return { kinds: 'any', domains: ['any'], crossContext: true, foreign: ['any'] };
  const kinds = [...read].sort();
  const domains = [...new Set(kinds.map((k) => kindDomain(k, registry)))].sort();
  const foreign = domains.filter((d) => d !== context);
  return { kinds, domains, crossContext: foreign.length > 0, foreign };
}
