/**
 * What the check benches share: autocannon loading `POST /v1/checks` with a relying party's key
 * over `subjects` sanctioned persons (spread by a prime stride so that consecutive requests ask
 * about different subjects), and stopping a server child.
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';

/** The bodies of successive checks, from the `from`-th: person `n × 7919 mod subjects` boarding a flight. */
export function checkBodies(subjects: number, from = 0): () => string {
  let n = from;
  return () => JSON.stringify({ subject: `person:${(n++ * 7919) % subjects}`, action: 'flight.board' });
}

/** autocannon's request for `POST /v1/checks` with the relying party's key, each body from `next`. */
export function checkRequest(secret: string, next: () => string): autocannon.Request {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
    setupRequest: (req) => ({ ...req, body: next() }),
  };
}

export function loadChecks(
  url: string,
  secret: string,
  subjects: number,
  seconds: number,
  connections: number,
): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/v1/checks`,
    connections,
    duration: seconds,
    requests: [checkRequest(secret, checkBodies(subjects))],
  });
}

/** Stops a server child and resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
