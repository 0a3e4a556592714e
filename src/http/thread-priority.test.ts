import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';

/** The built module, as the threads load it (long-reads.ts). */
const MODULE = new URL('../../dist/http/thread-priority.js', import.meta.url).href;

/** A thread's nice value, from /proc (field 19 of its stat line). */
const niceOf = (tid: string, pid: number | string = 'self'): number => {
  const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
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

it.skipIf(process.platform !== 'linux')(
  'lowers every thread of a process, V8’s helper threads too: a simulation’s process runs at nice 19 throughout',
  async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(MODULE)});
         process.stdout.write(JSON.stringify({ lowered: m.lowerProcessPriority(m.BATCH_NICE) }) + '\\n');
         setTimeout(() => {}, 5000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const line = await new Promise<string>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(String(d))));
      expect(JSON.parse(line)).toEqual({ lowered: true });
      const tasks = readdirSync(`/proc/${child.pid}/task`);
      // The main thread, V8's platform workers, libuv's: more than one, and every one lowered.
      expect(tasks.length).toBeGreaterThan(1);
      for (const tid of tasks) expect(niceOf(tid, child.pid)).toBe(19);
    } finally {
      child.kill('SIGKILL');
    }
  },
);
