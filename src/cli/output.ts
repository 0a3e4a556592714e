import { isStandingError, type StandingError } from '../core/errors.js';

/** Where a command writes: stdout for results, stderr for messages and errors. Injectable for tests. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
  readonly isTTY: boolean;
}

export const processOutput: Output = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  get isTTY() {
    return process.stderr.isTTY === true;
  },
};

/**
 * A closed stdout (`standing scores … | head`) ends the command quietly with exit 0, as
 * every Unix tool does, instead of an unhandled EPIPE. Installed once by the executable.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw e;
  });
}

/** What an id in an error's location names: a list's condition, a grade, or a rule. */
function ruleKind(field: string | undefined): string {
  if (field?.startsWith('lists[')) return 'list condition';
  if (field?.startsWith('grades[')) return 'grade';
  return 'rule';
}

/** "error CODE: message (line 3, field rules[0].points)". */
export function describeError(e: StandingError): string {
  const where: string[] = [];
  if (e.at.scheme) where.push(`scheme ${e.at.scheme}`);
  if (e.at.rule) where.push(`${ruleKind(e.at.field)} ${e.at.rule}`);
  if (e.at.line !== undefined) where.push(`line ${e.at.line}${e.at.column !== undefined ? `:${e.at.column}` : ''}`);
  if (e.at.field) where.push(`field ${e.at.field}`);
  return `error ${e.code}: ${e.message}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

export function reportError(output: Output, e: unknown): number {
  if (isStandingError(e)) {
    const all = e.problems.length > 0 ? e.problems : [e];
    for (const p of all) output.err(`${describeError(p)}\n`);
    // Nothing held about the subject is an answer, not a failure of the command: its own exit code.
    return e.code === 'SUBJECT_UNKNOWN' ? 3 : 1;
  }
  output.err(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 70;
}
