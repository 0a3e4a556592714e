/** Something that does not fit: an entry (chain, seq), a row (table, id), or both. */
export interface AuditProblem {
  readonly chain?: string;
  readonly seq?: number;
  readonly table?: string;
  readonly id?: string | number;
  readonly message: string;
}

/** Problems listed at most; a wholesale tamper would otherwise list every row. */
export const MAX_PROBLEMS = 1000;

/** The problems `audit verify` found, in the order found: the first is the first entry or row that does not fit. */
export class Problems {
  readonly list: AuditProblem[] = [];
  omitted = 0;
  add(p: AuditProblem): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(p);
    else this.omitted++;
  }
}
