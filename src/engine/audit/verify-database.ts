import type { StorageCheck } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';
import { verifyAudit, type AuditReport, type VerifyOptions } from './audit.js';

/**
 * `standing audit verify`: first the storage itself (a damaged database fails here, before a
 * chain is read or a sweep writes); then the sweep every command does; then the audit log.
 * `report` is absent when the storage check failed.
 */
export async function verifyDatabase(
  deps: EngineDeps,
  options: VerifyOptions & { readonly quick?: boolean },
): Promise<{ storage: StorageCheck; report?: AuditReport }> {
  options.onProgress?.('checking the storage');
  const storage = await deps.store.checkStorage({ quick: options.quick === true });
  if (!storage.ok) return { storage };
  await sweep(deps);
  return { storage, report: await verifyAudit(deps, options) };
}
