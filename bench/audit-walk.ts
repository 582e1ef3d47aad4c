// Reading the whole audit log in order, as `tsoc audit verify`, `tsoc audit export` and every start
// (completing the chain before anything is served) do: the time per log length. Linear is the
// target; read a page per query, FerretDB made it quadratic (20,000 documents: 129 s, now ~7 s).
//   import { runAuditWalkBench } from './audit-walk.js'; await runAuditWalkBench();
import { MongoClient } from 'mongodb';
import { auditId } from '../src/audit/audit-doc.js';
import { MongoAuditChain } from '../src/audit/mongo-audit-chain.js';
import { directWrites } from '../src/store/write-queue.js';
import { benchDatabase } from './bench-database.js';

const LENGTHS = [5_000, 20_000];

export async function runAuditWalkBench(): Promise<void> {
  const database = await benchDatabase('audit-walk');
  const client = await new MongoClient(database.uri).connect();
  const lines: string[] = [];
  try {
    for (const n of LENGTHS) {
      const db = client.db(`tsoc_bench_audit_walk_${n}`);
      // Entries as the chain stores them (one per document, the usual case); reading does not check hashes.
      const docs = Array.from({ length: n }, (_, i) => ({
        _id: auditId(i + 1), seq: i + 1, id: `e${i + 1}`, activity: 'tag', at: new Date(), atLocal: '', recordedAt: new Date(),
        who: { name: 'Bench', agencies: ['police'], platform: 'cli', userId: 'bench' }, subject: { itemId: '7' },
        where: { surface: 'cli', instance: 'bench' }, change: { after: `detect border ${i}` }, prevHash: '', hash: '',
      }));
      const log = db.collection<{ _id: string }>('audit_log');
      for (let i = 0; i < n; i += 1000) await log.insertMany(docs.slice(i, i + 1000));
      const chain = new MongoAuditChain(db, { timeZone: 'Pacific/Auckland', writes: directWrites });
      const started = performance.now();
      let read = 0;
      for await (const _entry of chain.entries()) read++;
      const ms = performance.now() - started;
      lines.push(`${String(n).padStart(8)} documents: ${read} entries in ${ms.toFixed(0).padStart(6)} ms (${((1000 * ms) / n).toFixed(0)} µs per entry)`);
      await db.dropDatabase();
    }
  } finally {
    await client.close();
    await database.stop();
  }
  console.log(`\nReading the audit log in order (verify, export, each start); database ${database.engine}:\n${lines.join('\n')}`);
}
