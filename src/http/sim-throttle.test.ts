import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, serverPressure, throttleProcess } from './sim-throttle.js';

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
afterEach(async () => {
  child?.kill('SIGKILL');
  child = undefined;
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
  it('pauses the process while the server is busy, down to its minimum share, and resumes it when stopped', async () => {
    child = spinner();
    const pid = child.pid!;
    const throttle = throttleProcess(pid, () => true);
    const t0 = performance.now();
    const share = await stoppedShare(pid);
    const elapsed = performance.now() - t0;
    // Stopped most of the time; never for more than 1 − minShare of each window (one look of slack per window).
    expect(share).toBeGreaterThan(0.5);
    expect(throttle.stats.pauses).toBeGreaterThan(1);
    const windows = Math.ceil(elapsed / DEFAULT_THROTTLE.periodMs);
    expect(throttle.stats.pausedMs).toBeLessThanOrEqual(
      elapsed * (1 - DEFAULT_THROTTLE.minShare) + windows * 2 * DEFAULT_THROTTLE.tickMs,
    );
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
