import { dbPath, openStore, type CliContext } from '../context.js';

export async function init(ctx: CliContext, opts: { db?: string }): Promise<number> {
  const path = dbPath(ctx, opts.db);
  const store = await openStore(path, true);
  await store.close();
  ctx.output.out(`created ${store.location}\n`);
  return 0;
}
