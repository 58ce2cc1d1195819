/**
 * Resolves with the first answer of `find` that is not undefined, asked at once and again
 * each time one of `wakers` runs (the code that records what is awaited calls every waker
 * after each new entry); rejects after `timeoutMs` with `describe()` as the message.
 */
export function waitUntil<T>(wakers: Set<() => void>, find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = find();
      if (found === undefined) return;
      cleanup();
      resolve(found);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(describe()));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      wakers.delete(check);
    };
    wakers.add(check);
    check();
  });
}
