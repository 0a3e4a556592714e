import { readFileSync, statSync } from 'node:fs';
import { StandingError, fail } from '../core/errors.js';

/*
 * Files named on the command line are read here, at the edge (STYLE.md); the engine is given
 * their text. (Record imports stream theirs: engine/ingest/record-source.ts reads a stream the
 * CLI opens.)
 */

/**
 * The text of a file given as an argument: FILE_NOT_FOUND naming `field` when it cannot be read
 * or is larger than `maxBytes`.
 */
export function readInputFile(path: string, options: { field?: string; maxBytes?: number } = {}): string {
  const field = options.field ?? 'file';
  try {
    if (options.maxBytes !== undefined && statSync(path).size > options.maxBytes)
      fail('FILE_NOT_FOUND', `${path} is larger than ${options.maxBytes} bytes; split it`, { field });
    return readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof StandingError) throw e;
    return fail('FILE_NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, { field });
  }
}

/** The text of a file given to an option (a key, a checkpoint): ARGUMENT_INVALID naming the option. */
export function readOptionFile(path: string, option: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    return fail('ARGUMENT_INVALID', `--${option}: cannot read ${path} (${(e as Error).message})`, { field: option });
  }
}
