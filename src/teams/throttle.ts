// The connector's HTTP 429 (Teams allows about 7 messages a second per
// conversation). botbuilder's HTTP pipeline already retries a 429 that names a
// Retry-After, up to three times; what still comes back as a 429 is read here:
// a reply waits a little and tries again, a digest hands it to the scheduler.

/** The HTTP status of a failed connector call (botbuilder's RestError and friends). */
export function httpStatusOf(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  const status = e.statusCode ?? e.status ?? e.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function headerOf(err: unknown, name: string): string | undefined {
  const headers = (err as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const value = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof value === 'string' ? value : undefined;
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds; undefined when absent. */
export function retryAfterMsOf(err: unknown, now = Date.now()): number | undefined {
  const ms = Number(headerOf(err, 'retry-after-ms'));
  if (headerOf(err, 'retry-after-ms') !== undefined && Number.isFinite(ms)) return Math.max(0, ms);
  const value = headerOf(err, 'retry-after');
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** Wait when the 429 names no Retry-After. */
  defaultWaitMs?: number;
  /** Longest total wait: a person is waiting (Teams re-sends after ~15 s). */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs a connector call, retrying on HTTP 429 within a time budget; other failures are thrown at once. */
export async function retryThrottled<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? pause;
  let budget = options.budgetMs ?? 6000;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      const wait = retryAfterMsOf(err) ?? options.defaultWaitMs ?? 1000;
      if (httpStatusOf(err) !== 429 || attempt >= attempts || wait > budget) throw err;
      budget -= wait;
      await sleep(wait);
    }
  }
}
