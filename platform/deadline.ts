/** A time limit on a promise: a part that does not answer must cost its caller seconds, not minutes. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** `work` or a DeadlineExceeded after `ms`; the late result (or failure) of `work` is dropped. */
export function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
  });
  work.catch(() => undefined); // a failure after the deadline is nobody's business
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
