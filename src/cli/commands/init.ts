import { dbPath, openStore, type CliContext } from '../context.js';

export async function init(ctx: CliContext, opts: { db?: string }): Promise<number> {
  const path = dbPath(ctx, opts.db);
  const store = openStore(path, true);
  await store.close();
  ctx.output.out(`created ${path}\n`);
  return 0;
}
