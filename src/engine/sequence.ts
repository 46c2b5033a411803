// One in-flight sequence: the candidates matched so far, one slot per stage.
import type { Candidate } from './types.ts';

export class Sequence {
  /** Matched candidate per stage; null for stages not reached yet or missing-event stages. */
  readonly matches: (Candidate | null)[];
  /** The last stage matched. */
  stage: number;

  constructor(
    readonly key: string,
    stages: number,
    stage: number,
    first: Candidate,
  ) {
    this.matches = new Array<Candidate | null>(stages).fill(null);
    this.matches[stage] = first;
    this.stage = stage;
    this.start = first;
  }

  /** The first positive match: maxspan counts from it. */
  readonly start: Candidate;

  get last(): Candidate {
    return this.matches[this.stage]!;
  }

  putMatch(stage: number, c: Candidate): void {
    if (stage <= this.stage) throw new Error(`stage ${stage} cannot follow stage ${this.stage}`);
    this.matches[stage] = c;
    this.stage = stage;
  }
}
