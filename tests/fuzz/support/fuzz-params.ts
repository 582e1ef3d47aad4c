// Run sizes and seeds for every property in the suite. FUZZ_SEED replays a
// failing run (fast-check prints the seed and path when a property fails);
// FUZZ_SCALE multiplies the run counts for a longer local hunt.
import type { Parameters } from 'fast-check';

const scale = Number(process.env.FUZZ_SCALE ?? 1) > 0 ? Number(process.env.FUZZ_SCALE ?? 1) : 1;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

export function fuzzParams<T>(numRuns: number): Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(numRuns * scale)),
    ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}),
    // On failure: the seed, the path to replay it, and the shrunk counterexample.
    verbose: 1,
  };
}

/** A test's time limit, grown with FUZZ_SCALE (more runs need more time). */
export function fuzzTimeout(ms: number): number {
  return Math.round(ms * Math.max(1, scale));
}
