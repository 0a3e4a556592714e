import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { storeContract } from '../store-contract.js';
import { openSqliteStore } from './sqlite-store.js';

storeContract('sqlite :memory:', async () => openSqliteStore(':memory:'));

const dirs = new Map<string, string>();
storeContract(
  'sqlite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-store-'));
    const store = openSqliteStore(join(dir, 'test.db'), { create: true });
    dirs.set(store.location, dir);
    return store;
  },
  async (store) => {
    await store.close();
    rmSync(dirs.get(store.location)!, { recursive: true, force: true });
  },
);
