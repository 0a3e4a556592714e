/**
 * A child process of the overload bench (`--clients K`): one autocannon closed loop of its share of
 * the connections, on a CPU the parent does not share the event loop of. Argument: a JSON object
 * `{url, secret, subjects, seconds, connections, offset}`; sends the parent the latencies (ms) of
 * the answered checks (all, and those after the first 3 s), the count of 503s and of other answers.
 */
import autocannon from 'autocannon';
import { checkBodies, checkRequest } from './check-load.js';

const { url, secret, subjects, seconds, connections, offset } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  secret: string;
  subjects: number;
  seconds: number;
  connections: number;
  offset: number;
};
const STEADY_MS = 3000;
const answered: number[] = [];
const steady: number[] = [];
let shed = 0;
let other = 0;
const start = performance.now();
const instance = autocannon(
  {
    url: `${url}/v1/checks`,
    connections,
    duration: seconds,
    requests: [checkRequest(secret, checkBodies(subjects, offset))],
  },
  (err, result) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    process.send?.({
      answered,
      steady,
      shed,
      other,
      result: { '2xx': result['2xx'], non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
      duration: result.duration,
    });
  },
);
instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
  if (status === 200) {
    answered.push(ms);
    if (performance.now() - start > STEADY_MS) steady.push(ms);
  } else if (status === 503) shed++;
  else other++;
});
