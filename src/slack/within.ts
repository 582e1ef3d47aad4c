// Waits for work up to a deadline without abandoning it: Slack wants an answer
// within 3 s, and work that takes longer finishes and answers another way.
export type Within<T> = { done: true; value: T } | { done: false };

/** `ms` <= 0 never waits: the work is always left to finish on its own. */
export async function within<T>(work: Promise<T>, ms: number): Promise<Within<T>> {
  if (ms <= 0) return { done: false };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value): Within<T> => ({ done: true, value })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What is left of the acknowledgement budget for a request the bot received at `receivedAt`
 * (epoch ms): Slack's 3 s run from when it sent the request, so time spent before the listener
 * ran (reading the body, a busy moment) comes off the budget. Without a time, the whole budget.
 */
export function budgetLeft(budgetMs: number, receivedAt: unknown, now = Date.now()): number {
  return typeof receivedAt === 'number' ? budgetMs - (now - receivedAt) : budgetMs;
}
