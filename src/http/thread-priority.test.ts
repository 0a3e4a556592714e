import { readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';

/** The built module, as the threads load it (long-reads.ts). */
const MODULE = new URL('../../dist/http/thread-priority.js', import.meta.url).href;

/** A thread's nice value, from /proc (field 19 of its stat line). */
const niceOf = (tid: string): number => {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

it.skipIf(process.platform !== 'linux')(
  'lowers the calling thread only: a batch thread runs at nice 19 while the thread answering checks keeps its priority',
  async () => {
    const before = niceOf(readlinkSync('/proc/thread-self').split('/').pop()!);
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { readlinkSync } = require('node:fs');
       import(${JSON.stringify(MODULE)}).then((m) => {
         const lowered = m.lowerThreadPriority(m.BATCH_NICE);
         parentPort.postMessage({ lowered, tid: readlinkSync('/proc/thread-self').split('/').pop() });
         setTimeout(() => {}, 2000);
       });`,
      { eval: true },
    );
    try {
      const m = await new Promise<{ lowered: boolean; tid: string }>((resolve) => worker.once('message', resolve));
      expect(m.lowered).toBe(true);
      expect(niceOf(m.tid)).toBe(19);
      expect(niceOf(readlinkSync('/proc/thread-self').split('/').pop()!)).toBe(before);
    } finally {
      await worker.terminate();
    }
  },
);
