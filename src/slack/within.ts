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
