// Where a benchmark's CPU time goes in this process: samples with the V8
// profiler while `work` runs, then the functions with the most self time.
//   BENCH_PROFILE='update, 1 client' npm run bench   (see slack-bench.ts)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/** `requests`: how many requests `work` sends, for each owner's CPU time per request. */
export async function profiled<T>(work: () => Promise<T>, requests?: number, top = 20): Promise<{ result: T; report: string }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: Number(process.env.BENCH_PROFILE_US ?? 1000) });
  await session.post('Profiler.start');
  let result: T;
  let profile: Awaited<ReturnType<typeof stop>>['profile'];
  const stop = () => session.post('Profiler.stop');
  try {
    result = await work();
  } finally {
    ({ profile } = await stop());
    session.disconnect();
  }
  // The whole profile, for Chrome DevTools or a script (BENCH_PROFILE_OUT=file.cpuprofile).
  if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(profile));
  const self = new Map<string, number>();
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const { functionName, url, lineNumber } = nodes.get(id)!.callFrame;
    const where = url ? `${url.replace(/^.*\/node_modules\//, '~/').replace(/^file:\/\/.*\/(src|bench|tests)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    self.set(key, (self.get(key) ?? 0) + (deltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const functions = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
  return { result, report: `${functions}\n\nWhose work it is (each sample charged to the nearest script on its stack):\n${byOwner(profile, requests)}` };
}

type Profile = import('node:inspector').Profiler.Profile;

/** Who a script belongs to: a package under node_modules, this project's src/, or Node.js itself. */
function ownerOf(url: string): string | undefined {
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (/\/src\//.test(url)) return 'ours (src/)';
  if (/\/bench\//.test(url)) return 'the bench (stopping the profiler)';
  return undefined; // node:… and native code: charged to whoever called it
}

/**
 * CPU time by owner: a sample in Node's own code (a socket write, a timer) is charged to the
 * nearest package or file of ours on its stack — the driver's socket writes are the driver's.
 * What has none (the event loop, parsing a request before any handler) is Node.js's.
 */
function byOwner(profile: Profile, requests?: number): string {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    let owner: string | undefined;
    const leaf = nodes.get(id)!.callFrame.functionName;
    if (leaf === '(idle)' || leaf === '(program)' || leaf === '(garbage collector)') owner = leaf;
    for (let at: number | undefined = id; owner === undefined && at !== undefined; at = parent.get(at)) owner = ownerOf(nodes.get(at)!.callFrame.url);
    owner ??= 'Node.js (event loop, HTTP, no script of ours or a package on the stack)';
    owners.set(owner, (owners.get(owner) ?? 0) + (deltas[i] ?? 0));
  });
  const busy = [...owners].filter(([k]) => k !== '(idle)').reduce((a, [, us]) => a + us, 0);
  return [...owners]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%${requests ? `${(us / 1000 / requests).toFixed(3).padStart(8)} ms per request` : ''}  ${k}`)
    .join('\n');
}
