// `npm run bench` (what it measures and the targets: docs/decisions/0011). Each benchmark is its own script under bench/.
// One after another: a benchmark running beside another would measure both.
await (await import('./slack-bench.js')).runSlackBench();
await (await import('./digest.js')).runDigestBench();
await (await import('./grammar.js')).runGrammarBench();
await (await import('./board.js')).runBoardBench();
await (await import('./store-writes.js')).runStoreBench();
await (await import('./audit-walk.js')).runAuditWalkBench();
