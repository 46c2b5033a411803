// A reader's batches taken (deduplicated, collected, stored: for a helper, round trips to the
// scanning worker) while the next ones are read, in order: waiting for those answers before
// reading on left the helper idle while the scanning worker was busy.
export class OneBehind<T> {
  #behind: Promise<void> = Promise.resolve();
  /** The batches pushed whose taking no push has waited for yet, oldest first. */
  readonly #taking: Promise<void>[] = [];

  /** `depth`: how many batches the reading may be ahead of the taking (one by default). */
  constructor(
    private readonly take: (batch: T) => Promise<void>,
    private readonly depth = 1,
  ) {}

  /** Takes `batch` after the one before; settles once the batch `depth` before it is taken. */
  readonly push = async (batch: T): Promise<void> => {
    const taken = this.#behind.then(() => this.take(batch));
    this.#behind = taken;
    // Seen by a later push or by `after`; not an unhandled rejection meanwhile.
    taken.catch(() => undefined);
    this.#taking.push(taken);
    if (this.#taking.length > this.depth) await this.#taking.shift();
  };

  /**
   * `read` (the ingest feeding push) rejects only once the batches taken behind have ended:
   * nothing of a failed read is collected or stored after it said it failed.
   */
  async after<R>(read: Promise<R>): Promise<R> {
    const result = await read.catch(async (error: unknown) => {
      await this.#behind.catch(() => undefined);
      throw error;
    });
    await this.#behind;
    return result;
  }
}
