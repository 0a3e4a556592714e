import { writeFileSync } from 'node:fs';
import { readOptionFile } from '../files.js';
import { fail } from '../../core/errors.js';
import type { AuditProblem, CheckpointClaim } from '../../engine/audit/audit.js';
import {
  generateCheckpointKey,
  loadCheckpointKey,
  openCheckpoint,
  parseVerifierKey,
  splitNotes,
  writeCheckpoints,
  type CheckpointSigner,
} from '../../engine/audit/checkpoint.js';
import { verifyDatabase } from '../../engine/audit/verify-database.js';
import { withEngine, withStore, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

function where(p: AuditProblem): string {
  const parts: string[] = [];
  if (p.chain !== undefined) parts.push(`chain ${p.chain}${p.seq !== undefined ? ` seq ${p.seq}` : ''}`);
  if (p.table !== undefined) parts.push(`${p.table}${p.id !== undefined ? ` ${p.id}` : ''}`);
  return parts.join(', ');
}

function signerOf(path: string): CheckpointSigner {
  return loadCheckpointKey(readOptionFile(path, 'key'));
}

/** `standing audit keygen --out FILE [--name NAME]`: a new Ed25519 checkpoint key; never overwrites; prints the verifier key to publish. */
export async function keygen(ctx: CliContext, opts: { out: string; name?: string }): Promise<number> {
  const key = generateCheckpointKey(opts.name ?? 'standing');
  try {
    writeFileSync(opts.out, `${JSON.stringify(key, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
    fail(
      'CHECKPOINT_KEY_INVALID',
      exists ? `${opts.out} exists; a key file is never overwritten` : `--out: ${(e as Error).message}`,
      {
        field: 'out',
      },
    );
  }
  ctx.output.out(`${key.verifierKey}\n`);
  return 0;
}

/** `standing audit checkpoint --key FILE`: signs and stores every chain's current size and head; prints the notes. */
export async function checkpoint(ctx: CliContext, opts: { key: string; db?: string }): Promise<number> {
  const signer = signerOf(opts.key);
  const rows = await withEngine(ctx, opts.db, (deps) => writeCheckpoints(deps, signer));
  for (const r of rows) ctx.output.out(`${r.note}\n`);
  return 0;
}

/** The claims of a checkpoint file, each note's signature checked against the verifier key. */
function claimsOf(file: string, opts: { verifier?: string; key?: string }): CheckpointClaim[] {
  const vkey = opts.verifier ?? (opts.key !== undefined ? signerOf(opts.key).verifierKey : undefined);
  if (vkey === undefined)
    fail('ARGUMENT_INVALID', '--checkpoint needs --verifier VKEY (or --key FILE) to check its signatures', {
      field: 'verifier',
    });
  const verifier = parseVerifierKey(vkey);
  const notes = splitNotes(readOptionFile(file, 'checkpoint'));
  if (notes.length === 0) fail('CHECKPOINT_INVALID', `${file} holds no checkpoint`, { field: 'checkpoint' });
  return notes.map((n, i) => openCheckpoint(n, verifier, `checkpoint ${i + 1} of ${file}`));
}

/**
 * `standing audit verify`: first the storage itself (a damaged file fails here, naming the
 * integrity check, before a chain is read or a sweep writes); then each chain's head and size,
 * then "audit log verified" or the problems, first one first; exit 1 on any.
 */
export async function verify(
  ctx: CliContext,
  opts: { db?: string; json?: boolean; quick?: boolean; checkpoint?: string; verifier?: string; key?: string },
): Promise<number> {
  const checkpoints = opts.checkpoint === undefined ? [] : claimsOf(opts.checkpoint, opts);
  // A progress line on a terminal's stderr only: it can take tens of seconds on a large database.
  const tty = ctx.output.isTTY;
  const started = performance.now();
  const onProgress = tty
    ? (step: string) =>
        ctx.output.err(`\r\x1b[Kaudit verify: ${step}… (${((performance.now() - started) / 1000).toFixed(0)} s)`)
    : undefined;
  // The storage first (a damaged file fails here, before a chain is read or a sweep writes).
  const checked = await withStore(ctx, opts.db, (deps) =>
    verifyDatabase(deps, { quick: opts.quick === true, checkpoints, ...(onProgress ? { onProgress } : {}) }),
  );
  if (tty) ctx.output.err('\r\x1b[K');
  const { storage, report } = checked;
  const check = opts.quick ? 'quick_check' : 'integrity check';
  if (report === undefined) {
    if (opts.json) {
      ctx.output.out(
        `${JSON.stringify({ ok: false, storage: { ok: false, check, problems: storage.problems } }, null, 2)}\n`,
      );
      return 1;
    }
    ctx.output.out(`storage integrity check FAILED (${check}): the audit log was not read\n`);
    for (const p of storage.problems) ctx.output.out(`  ${p}\n`);
    ctx.output.out('  restore the database from a backup (docs/operations.md)\n');
    return 1;
  }
  if (opts.json) {
    ctx.output.out(`${JSON.stringify({ ...report, storage: { ok: true, check, problems: [] } }, null, 2)}\n`);
    return report.ok ? 0 : 1;
  }
  ctx.output.out(
    renderTable(
      ['chain', 'entries', 'head'],
      report.chains.map((c) => [c.chain, String(c.entries), c.head]),
      { align: ['left', 'right', 'left'] },
    ),
  );
  ctx.output.out(`storage integrity check passed (${check})\n`);
  if (report.ok) {
    ctx.output.out('audit log verified\n');
    return 0;
  }
  const total = report.problems.length + report.omitted;
  ctx.output.out(`audit log does NOT verify: ${total} problem${total === 1 ? '' : 's'}, the first one first\n`);
  for (const p of report.problems) ctx.output.out(`  ${where(p)}: ${p.message}\n`);
  if (report.omitted > 0) ctx.output.out(`  … and ${report.omitted} more\n`);
  return 1;
}
