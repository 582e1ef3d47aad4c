// Where a benchmark's CPU time goes in this process: samples with the V8
// profiler while `work` runs, then the functions with the most self time.
//   BENCH_PROFILE='update, 1 client' npm run bench   (see slack-bench.ts)
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

export async function profiled<T>(work: () => Promise<T>, top = 20): Promise<{ result: T; report: string }> {
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
  const report = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
    .join('\n');
  return { result, report };
}
