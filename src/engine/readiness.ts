import type { EngineDeps } from './deps.js';

/**
 * Whether the store answers (GET /readyz): one read of the schema version, on a reader, so the
 * probe never waits behind a writer. Throws when the store does not answer.
 */
export async function storeAnswers(deps: EngineDeps): Promise<void> {
  await deps.store.read((tx) => tx.getMeta('schema_version'));
}
