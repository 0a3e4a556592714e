import { dbPath, withNewStore, type CliContext } from '../context.js';

export async function init(ctx: CliContext, opts: { db?: string }): Promise<number> {
  const path = dbPath(ctx, opts.db);
  const location = await withNewStore(ctx, path, true, {}, async (_deps, at) => at);
  ctx.output.out(`created ${location}\n`);
  return 0;
}
