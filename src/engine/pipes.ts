// `head`/`tail` pipes and the `size` cap, applied as Elasticsearch applies them.
import type { HeadTailPipe } from '../eql/compiled.ts';
import { compareOrdinal } from './ordinal.ts';
import type { Candidate } from './types.ts';

export interface EventWindow {
  /** Keep the last events rather than the first. */
  readonly fromEnd: boolean;
  readonly keep: number;
}

/** The most an event query can return, and from which end: all that must be kept. */
export function eventWindow(pipes: readonly HeadTailPipe[], size: number): EventWindow {
  const first = pipes[0];
  if (!first) return { fromEnd: false, keep: capOf(size) };
  return { fromEnd: first.kind === 'tail', keep: first.count };
}

function capOf(size: number): number {
  return Number.isFinite(size) ? Math.max(0, size) : Number.MAX_SAFE_INTEGER;
}

export function applyPipes<T>(items: T[], pipes: readonly HeadTailPipe[]): T[] {
  let out = items;
  for (const p of pipes) {
    out = p.kind === 'head' ? out.slice(0, p.count) : out.slice(Math.max(0, out.length - p.count));
  }
  return out;
}

/** Cuts to `size`, saying how many were left out. */
export function applySize<T>(items: T[], size: number): { kept: T[]; more: number } {
  const cap = capOf(size);
  if (items.length <= cap) return { kept: items, more: 0 };
  return { kept: items.slice(0, cap), more: items.length - cap };
}

/** Cuts a list of event-query candidates down to its window once it has grown past twice that. */
export function trimToWindow(list: Candidate[], w: EventWindow): Candidate[] {
  if (list.length < 2 * w.keep + 64) return list;
  list.sort(compareOrdinal);
  if (w.fromEnd) list.splice(0, list.length - w.keep);
  else list.length = w.keep;
  return list;
}
