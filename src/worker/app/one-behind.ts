// A reader's batches taken (deduplicated, collected, stored: for a helper, round trips to the
// scanning worker) while the next one is read, one behind, in order: waiting for those
// answers before reading on left the helper idle while the scanning worker was busy.
export class OneBehind<T> {
  #behind: Promise<void> = Promise.resolve();

  constructor(private readonly take: (batch: T) => Promise<void>) {}

  /** Takes `batch` after the one before; settles once the one before is taken. */
  readonly push = async (batch: T): Promise<void> => {
    const before = this.#behind;
    this.#behind = before.then(() => this.take(batch));
    // Seen by the next push or by taken; not an unhandled rejection meanwhile.
    this.#behind.catch(() => undefined);
    await before;
  };

  /**
   * `read` (the ingest feeding push) rejects only once the batch taken behind has ended:
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
