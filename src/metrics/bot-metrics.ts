// The bot's Prometheus metrics (prom-client), on a registry passed in so tests
// and embedders can keep their own. Label values are fixed words — surfaces,
// command kinds, outcomes, route paths, operation names — never an email, a
// note, a channel or anything else a person typed.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What a person was answered, in the words of an operator's dashboard. */
export type Outcome = 'ok' | 'refused' | 'bad_input' | 'unavailable' | 'cannot_tell' | 'error';

/** Latency buckets (seconds) from a quick look-up to Slack's 3 s and Teams' 15 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100];

export interface BotMetrics {
  readonly registry: Registry;
  /** A command answered by the engine. */
  answered(e: { surface: string; command: string; outcome: Outcome; seconds: number }): void;
  /** An HTTP request on the bot's main port finished. */
  httpRequest(e: { route: string; method: string; status: number; seconds: number }): void;
  /** A database operation of the store finished (reads include tries again after a timeout). */
  dbOperation(e: { operation: string; ok: boolean; seconds: number }): void;
  /** A batch of inserts sent to one collection. */
  writeBatch(collection: string, size: number): void;
  /** A read that timed out while the database still answered, so it was tried again. */
  slowRead(operation: string): void;
  /** A digest post or a direct message (nudge) handed to a platform, and how it went. */
  delivery(e: { kind: 'digest' | 'nudge'; platform: string; result: 'sent' | 'rate_limited' | 'failed' }): void;
  /** Gauges read when Prometheus scrapes: writes waiting in this process. */
  watchQueues(sources: { writeQueue: () => number; waitingInserts: () => number }): void;
}

export function createBotMetrics(registry: Registry = new Registry(), options: { processMetrics?: boolean } = {}): BotMetrics {
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'tsoc_' });
  const registers = [registry];
  const requests = new Counter({
    name: 'tsoc_commands_total', help: 'Commands answered, by surface (slack, teams, cli), command kind and outcome',
    labelNames: ['surface', 'command', 'outcome'] as const, registers,
  });
  const latency = new Histogram({
    name: 'tsoc_command_duration_seconds', help: 'Time from a command reaching the engine to its answer, by surface and command kind',
    labelNames: ['surface', 'command'] as const, buckets: LATENCY_BUCKETS, registers,
  });
  const answers = new Counter({
    name: 'tsoc_answers_total', help: 'Answers by outcome: ok, refused, bad_input, unavailable, cannot_tell (saved or not is unknown), error',
    labelNames: ['outcome'] as const, registers,
  });
  const http = new Counter({
    name: 'tsoc_http_requests_total', help: 'HTTP requests on the main port by route, method and status',
    labelNames: ['route', 'method', 'status'] as const, registers,
  });
  const httpLatency = new Histogram({
    name: 'tsoc_http_request_duration_seconds', help: 'HTTP request time on the main port by route (to the response, not a later response_url answer)',
    labelNames: ['route'] as const, buckets: LATENCY_BUCKETS, registers,
  });
  const db = new Histogram({
    name: 'tsoc_db_operation_duration_seconds', help: 'Store operations on the database by operation and result (writes include their wait in the write queue)',
    labelNames: ['operation', 'result'] as const, buckets: DB_BUCKETS, registers,
  });
  const batches = new Histogram({
    name: 'tsoc_db_write_batch_size', help: 'Documents per insert batch (group commit), by collection',
    labelNames: ['collection'] as const, buckets: BATCH_BUCKETS, registers,
  });
  const slow = new Counter({
    name: 'tsoc_db_slow_reads_total', help: 'Reads that timed out while the database still answered a ping, and were tried again',
    labelNames: ['operation'] as const, registers,
  });
  const deliveries = new Counter({
    name: 'tsoc_deliveries_total', help: 'Digest posts and nudges (direct messages) handed to a platform, by result',
    labelNames: ['kind', 'platform', 'result'] as const, registers,
  });
  let queues: { writeQueue: () => number; waitingInserts: () => number } | undefined;
  new Gauge({
    name: 'tsoc_write_queue_depth', help: 'Writes queued in this process (one at a time on FerretDB), including the one running',
    registers, collect() { this.set(queues?.writeQueue() ?? 0); },
  });
  new Gauge({
    name: 'tsoc_waiting_inserts', help: 'Updates and steward changes waiting for their insert batch',
    registers, collect() { this.set(queues?.waitingInserts() ?? 0); },
  });

  return {
    registry,
    answered({ surface, command, outcome, seconds }) {
      requests.inc({ surface, command, outcome });
      latency.observe({ surface, command }, seconds);
      answers.inc({ outcome });
    },
    httpRequest({ route, method, status, seconds }) {
      http.inc({ route, method, status: String(status) });
      httpLatency.observe({ route }, seconds);
    },
    dbOperation({ operation, ok, seconds }) {
      db.observe({ operation, result: ok ? 'ok' : 'failed' }, seconds);
    },
    writeBatch(collection, size) {
      batches.observe({ collection }, size);
    },
    slowRead(operation) {
      slow.inc({ operation });
    },
    delivery({ kind, platform, result }) {
      deliveries.inc({ kind, platform, result });
    },
    watchQueues(sources) {
      queues = sources;
    },
  };
}
