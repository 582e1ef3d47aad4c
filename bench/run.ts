// `npm run bench` (what it measures and the targets: docs/decisions/0011). Each benchmark is its own script under bench/.
await import('./slack-bench.js');
await (await import('./digest.js')).runDigestBench();
await (await import('./grammar.js')).runGrammarBench();
await (await import('./board.js')).runBoardBench();
await (await import('./store-writes.js')).runStoreBench();
