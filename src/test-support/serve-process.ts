import type { ChildProcess } from 'node:child_process';

/**
 * The URL a `standing serve` child process prints once it listens ("standing serving … at
 * http://…" on stderr). Rejects, with what the process wrote, if it exits first or says
 * nothing within `timeoutMs`.
 */
export function servingUrl(child: ChildProcess, timeoutMs = 20_000): Promise<string> {
  const out = child.stderr;
  if (out === null) return Promise.reject(new Error('standing serve was spawned without a stderr pipe'));
  return new Promise<string>((resolve, reject) => {
    let stderr = '';
    const onData = (d: Buffer): void => {
      stderr += d.toString();
      const m = /standing serving .* at (http:\/\/[^\s]+)/.exec(stderr);
      if (m) {
        done();
        resolve(m[1]!);
      }
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`standing serve exited with ${code}:\n${stderr}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`standing serve did not start within ${timeoutMs / 1000} s:\n${stderr}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      out.off('data', onData);
      child.off('exit', onExit);
    };
    out.on('data', onData);
    child.once('exit', onExit);
  });
}
