import { createInterface } from 'node:readline';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import {
  addAuthority,
  createApiKey,
  enrol,
  issueEnrolment,
  listApiKeys,
  listAuthorities,
  revokeApiKey,
  setPassword,
} from '../../engine/tenancy/auth.js';
import { withEngine, type CliContext } from '../context.js';
import { renderTable } from '../table.js';

/** The first line of standard input, without its line ending (`--password-stdin`). */
export async function readLine(input: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const rl = createInterface({ input, crlfDelay: Infinity, terminal: false });
  try {
    for await (const line of rl) return line;
    return '';
  } finally {
    rl.close();
  }
}

interface PasswordOptions {
  password?: string;
  passwordStdin?: boolean;
}

/** The password from exactly one of --password TEXT (for scripts) and --password-stdin. */
async function passwordOf(opts: PasswordOptions): Promise<string> {
  if ((opts.password !== undefined) === (opts.passwordStdin === true))
    fail('ARGUMENT_INVALID', 'give the password with exactly one of --password-stdin and --password', {
      field: 'password',
    });
  return opts.password ?? (await readLine());
}

/** `standing authority add NAME --kind KIND [--title T]`. */
export async function authorityAdd(
  ctx: CliContext,
  name: string,
  opts: { db?: string; kind: string; title?: string },
): Promise<number> {
  const a = await withEngine(ctx, opts.db, (deps) =>
    addAuthority(deps, { name, kind: opts.kind, ...(opts.title !== undefined ? { title: opts.title } : {}) }),
  );
  ctx.output.out(`added ${a.kind} authority ${a.name}${a.title !== null ? ` (${a.title})` : ''}\n`);
  return 0;
}

export async function authorityList(ctx: CliContext, opts: { db?: string; json?: boolean }): Promise<number> {
  const rows = await withEngine(ctx, opts.db, (deps) => listAuthorities(deps));
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  ctx.output.out(
    renderTable(
      ['authority', 'kind', 'title'],
      rows.map((r) => [r.name, r.kind ?? '—', r.title ?? '']),
    ),
  );
  return 0;
}

/** `standing key create (--authority A --role R[,R2] | --party P) [--label L]`: prints the secret once. */
export async function keyCreate(
  ctx: CliContext,
  opts: { db?: string; authority?: string; role?: string; party?: string; label?: string },
): Promise<number> {
  const roles =
    opts.role === undefined
      ? undefined
      : opts.role
          .split(',')
          .map((r) => r.trim())
          .filter((r) => r !== '');
  const { id, secret } = await withEngine(ctx, opts.db, (deps) =>
    createApiKey(deps, {
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
      ...(roles !== undefined ? { roles } : {}),
      ...(opts.party !== undefined ? { party: opts.party } : {}),
      ...(opts.label !== undefined ? { label: opts.label } : {}),
    }),
  );
  ctx.output.err(`created API key ${id}; the secret below is shown only this once: store it now\n`);
  ctx.output.out(`${secret}\n`);
  return 0;
}

export async function keyList(
  ctx: CliContext,
  opts: { db?: string; authority?: string; party?: string; all?: boolean; json?: boolean },
): Promise<number> {
  const keys = await withEngine(ctx, opts.db, (deps) =>
    listApiKeys(deps, {
      ...(opts.authority !== undefined ? { authority: opts.authority } : {}),
      ...(opts.party !== undefined ? { party: opts.party } : {}),
      includeRevoked: opts.all === true,
    }),
  );
  if (opts.json) {
    ctx.output.out(`${JSON.stringify(keys, null, 2)}\n`);
    return 0;
  }
  const when = (t: number | null): string => (t === null ? '—' : formatInstant(t));
  ctx.output.out(
    renderTable(
      ['id', 'for', 'roles', 'label', 'created', 'last used', 'revoked'],
      keys.map((k) => [
        k.id,
        k.authority ?? `party ${k.party ?? ''}`,
        k.roles.join(', ') || '—',
        k.label ?? '',
        formatInstant(k.createdAt),
        when(k.lastUsedAt),
        when(k.revokedAt),
      ]),
    ),
  );
  return 0;
}

export async function keyRevoke(ctx: CliContext, id: string, opts: { db?: string }): Promise<number> {
  await withEngine(ctx, opts.db, (deps) => revokeApiKey(deps, id));
  ctx.output.out(`revoked API key ${id}\n`);
  return 0;
}

/** `standing account password NAME (--password-stdin | --password TEXT)`. */
export async function accountPassword(
  ctx: CliContext,
  name: string,
  opts: { db?: string } & PasswordOptions,
): Promise<number> {
  const password = await passwordOf(opts);
  await withEngine(ctx, opts.db, (deps) => setPassword(deps, name, password));
  ctx.output.out(`password set for ${name}; its sessions were signed out\n`);
  return 0;
}

/** `standing enrol issue SUBJECT --as REGISTRAR`: prints the one-time code. */
export async function enrolIssue(ctx: CliContext, subject: string, opts: { db?: string; as: string }): Promise<number> {
  const r = await withEngine(ctx, opts.db, (deps) => issueEnrolment(deps, { registrar: opts.as, subject }));
  ctx.output.err(
    `enrolment code for ${subject} from registrar ${opts.as}, valid once until ${formatInstant(r.expiresAt)}${r.existingAccounts > 0 ? ` (the subject has ${r.existingAccounts} account(s) already; they are told)` : ''}:\n`,
  );
  ctx.output.out(`${r.code}\n`);
  return 0;
}

/** `standing enrol redeem CODE --account NAME (--password-stdin | --password TEXT)`. */
export async function enrolRedeem(
  ctx: CliContext,
  code: string,
  opts: { db?: string; account: string } & PasswordOptions,
): Promise<number> {
  const password = await passwordOf(opts);
  const p = await withEngine(ctx, opts.db, (deps) => enrol(deps, { code, account: opts.account, password }));
  ctx.output.out(`enrolled ${p.subject} as account ${p.account}\n`);
  return 0;
}
