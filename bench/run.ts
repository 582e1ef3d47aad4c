// `npm run bench` (SPEC §10). Each benchmark is its own script under bench/.
await import('./slack-bench.js');
await (await import('./digest.js')).runDigestBench();
await (await import('./store-writes.js')).runStoreBench();
