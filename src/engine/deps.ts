import type { Store } from '../store/store.js';
import type { Clock } from './clock.js';

/** What every engine service needs: the store and the clock. */
export interface EngineDeps {
  readonly store: Store;
  readonly clock: Clock;
}
