// A cancelled scan waits for its helpers to wind down, briefly: a helper's own result says what
// its file gave up to the cancel (shape, hosts, counts), and what it hands on meanwhile is what
// it stores. A helper still handing events on, asking or reporting is winding down and is waited
// for; one quiet for QUIET_MS, or still busy after MOST_MS, is not.

const QUIET_MS = 300;
const MOST_MS = 2_000;

export class WindDown {
  #last = 0;
  /** Settles once the scan is cancelled and the helper has been quiet (or busy) long enough. */
  readonly ended: Promise<void>;

  constructor(signal: AbortSignal) {
    this.ended = new Promise((resolve) => {
      const start = () => {
        const began = performance.now();
        this.#last = began;
        const check = () => {
          const now = performance.now();
          const quiet = now - this.#last;
          if (quiet >= QUIET_MS || now - began >= MOST_MS) resolve();
          else setTimeout(check, Math.min(QUIET_MS - quiet, MOST_MS - (now - began)));
        };
        setTimeout(check, QUIET_MS);
      };
      if (signal.aborted) start();
      else signal.addEventListener('abort', start, { once: true });
    });
  }

  /** The helper did something: handed a batch on, asked about records, reported a range. */
  readonly touch = (): void => {
    this.#last = performance.now();
  };
}
