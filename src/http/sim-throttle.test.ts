import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SIMULATION_NICE, startSimulationProcess } from './long-reads.js';
import { DEFAULT_THROTTLE, mainThreadCpuMs, serverPressure, throttleProcess } from './sim-throttle.js';

/** A process's state letter (R running, S sleeping, T stopped, …) from /proc. */
function stateOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

/** The share of `samples` looks, one every 3 ms, at which the process was stopped. */
async function stoppedShare(pid: number, samples = 200): Promise<number> {
  let stopped = 0;
  for (let i = 0; i < samples; i++) {
    if (stateOf(pid) === 'T') stopped++;
    await new Promise((r) => setTimeout(r, 3));
  }
  return stopped / samples;
}

let child: ChildProcess | undefined;
let server: Server | undefined;
const hogs: ChildProcess[] = [];
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
  for (const h of hogs.splice(0)) h.kill('SIGKILL');
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** A process that would take a CPU if it could; it sleeps in between so that it costs the test machine little. */
function spinner(): ChildProcess {
  return spawn(
    process.execPath,
    ['-e', 'setInterval(() => { const t = Date.now(); while (Date.now() - t < 2); }, 4)'],
    {
      stdio: 'ignore',
    },
  );
}

describe.skipIf(process.platform !== 'linux')('the simulations’ throttle', () => {
  it('pauses the process while the server is busy once it has had its share of CPU, and resumes it when stopped', async () => {
    child = spinner();
    const pid = child.pid!;
    const cpu0 = mainThreadCpuMs(pid)!;
    const throttle = throttleProcess(pid, () => true);
    const t0 = performance.now();
    const share = await stoppedShare(pid);
    const elapsed = performance.now() - t0;
    // The spinner wants a third of a CPU: it is stopped most of the time, once each window's 10 ms of CPU is used.
    expect(share).toBeGreaterThan(0.5);
    expect(throttle.stats.pauses).toBeGreaterThan(1);
    // It used no more than its share of CPU time (one look of slack per window, and one window under way).
    const windows = Math.ceil(elapsed / DEFAULT_THROTTLE.periodMs) + 1;
    const budget = DEFAULT_THROTTLE.periodMs * DEFAULT_THROTTLE.minShare;
    expect(mainThreadCpuMs(pid)! - cpu0).toBeLessThanOrEqual(windows * (budget + 2 * DEFAULT_THROTTLE.tickMs));
    throttle.stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(await stoppedShare(pid, 20)).toBe(0);
  });

  it('never pauses the process while the server is idle, nor with a share of 1', async () => {
    child = spinner();
    const pid = child.pid!;
    const idle = throttleProcess(pid, () => false);
    expect(await stoppedShare(pid, 100)).toBe(0);
    expect(idle.stats.pauses).toBe(0);
    idle.stop();
    const whole = throttleProcess(pid, () => true, { ...DEFAULT_THROTTLE, minShare: 1 });
    expect(await stoppedShare(pid, 100)).toBe(0);
    whole.stop();
  });

  it('gives a simulation’s process its share of CPU time while busy loops hold every CPU (the checks saturating the machine)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'standing-throttle-'));
    try {
      // A simulation that never ends, started as the server starts one (policy and nice value), throttled as if
      // requests were always in flight; beside it, one busy loop at normal priority per CPU.
      const script = join(dir, 'spin.mjs');
      writeFileSync(script, 'for (;;) {}\n');
      child = startSimulationProcess(script, { policy: 'batch', nice: SIMULATION_NICE });
      for (let i = 0; i < Math.max(2, cpus().length); i++)
        hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
      const pid = child.pid!;
      await new Promise((r) => setTimeout(r, 100));
      const throttle = throttleProcess(pid, () => true);
      const cpu0 = mainThreadCpuMs(pid)!;
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, 1500));
      const used = mainThreadCpuMs(pid)! - cpu0;
      const elapsed = performance.now() - t0;
      throttle.stop();
      // Its CPU time advanced by a good part of its share (measured: 9.5% of a CPU beside two busy loops; under
      // SCHED_IDLE, with a share of wall-clock time, 0.3–0.5%), and not much beyond it (at nice 0 without the
      // throttle: 67%). At nice 10 it wins less than its share when many more threads compete: the bound allows for
      // a test machine shared with other work.
      expect(used).toBeGreaterThan(0.25 * DEFAULT_THROTTLE.minShare * elapsed);
      expect(used).toBeLessThan(2.5 * DEFAULT_THROTTLE.minShare * elapsed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows the server: busy while a request is in flight and just after, not for simulation polls', async () => {
    let release: () => void = () => undefined;
    server = createServer((req, res) => {
      if (req.url === '/slow') release = () => res.end('ok');
      else res.end('ok');
    });
    const busy = serverPressure(server, 10);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const get = (path: string) =>
      new Promise<void>((resolve, reject) => {
        request({ port, path, host: '127.0.0.1' }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
    expect(busy()).toBe(false);
    await get('/v1/schemes/simulations/x');
    expect(busy()).toBe(false);
    const slow = get('/slow');
    for (let i = 0; i < 100 && !busy(); i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 30));
    expect(busy()).toBe(true); // in flight, long after it arrived
    release();
    await slow;
    await new Promise((r) => setTimeout(r, 30));
    expect(busy()).toBe(false);
  });
});
