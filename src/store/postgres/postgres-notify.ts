import pg from 'pg';
import { KEY_REVOKED_CHANNEL } from '../auth-port.js';

export { KEY_REVOKED_CHANNEL };

/** How long to wait before listening again after the connection was lost. */
const RETRY_MS = 1000;

export interface KeyRevocationFeed {
  /** See Store.watchKeyRevocations. */
  watch(listener: (id: string | null) => void): () => void;
  close(): Promise<void>;
}

/**
 * Key revocations committed by any process on the database, as they commit: one connection
 * held open with LISTEN, opened when the first listener arrives. Whenever it (re)starts
 * listening or loses its connection, listeners get null: notices may have been missed, so
 * whatever they cached must go.
 */
export function keyRevocationFeed(config: pg.ClientConfig): KeyRevocationFeed {
  const listeners = new Set<(id: string | null) => void>();
  let client: pg.Client | undefined;
  let schema: string | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const emit = (id: string | null): void => {
    for (const l of listeners) l(id);
  };
  const listen = async (): Promise<void> => {
    if (closed || client !== undefined || listeners.size === 0) return;
    const c = new pg.Client(config);
    client = c;
    const lost = (): void => {
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => undefined);
      emit(null);
      if (!closed) retry = setTimeout(() => void listen(), RETRY_MS);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (n) => {
      const slash = n.payload?.indexOf('/') ?? -1;
      // Databases in other schemas of the same server notify on the same channel.
      if (n.channel === KEY_REVOKED_CHANNEL && slash > 0 && n.payload!.slice(0, slash) === schema)
        emit(n.payload!.slice(slash + 1));
    });
    try {
      await c.connect();
      schema = (await c.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
      await c.query(`LISTEN ${KEY_REVOKED_CHANNEL}`);
      // Keys verified before this moment may have been revoked before it.
      emit(null);
    } catch {
      lost();
    }
  };
  return {
    watch(listener) {
      listeners.add(listener);
      void listen();
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
