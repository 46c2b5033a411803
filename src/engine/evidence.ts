// The event behind a candidate: its document when the collector kept it, otherwise a stub
// naming where to fetch it, which the caller resolves after the scan (only the few events
// that made it into results are ever fetched again).
import type { Doc } from '../eql/compiled.ts';
import type { Candidate, EventRef, EventStub, ScanSummary } from './types.ts';

export function evidenceOf(c: Candidate): Doc {
  if (c.doc) return c.doc;
  const ref: EventRef =
    c.offset === undefined
      ? { file: c.file, record: c.record }
      : { file: c.file, record: c.record, offset: c.offset };
  const stub: EventStub = { $ref: ref };
  return stub as unknown as Doc;
}

export function isEventStub(e: unknown): e is EventStub {
  return typeof e === 'object' && e !== null && '$ref' in e && Object.keys(e).length === 1;
}

/** Every event reference the results still need, by file then record, without repeats. */
export function eventRefs(summary: ScanSummary): EventRef[] {
  const seen = new Map<string, EventRef>();
  for (const o of summary.outcomes)
    for (const r of o.results)
      for (const e of r.events)
        if (isEventStub(e)) seen.set(`${e.$ref.file}:${e.$ref.record}`, e.$ref);
  return [...seen.values()].sort((a, b) => a.file - b.file || a.record - b.record);
}

/** Replaces stubs with the documents `lookup` returns; throws naming any it cannot find. */
export function resolveEvents(
  summary: ScanSummary,
  lookup: (ref: EventRef) => Doc | undefined,
): ScanSummary {
  const outcomes = summary.outcomes.map((o) => ({
    ...o,
    results: o.results.map((r) => ({
      ...r,
      events: r.events.map((e) => {
        if (!isEventStub(e)) return e;
        const doc = lookup(e.$ref);
        if (!doc)
          throw new Error(`event ${e.$ref.record} of file ${e.$ref.file} could not be read back`);
        return doc;
      }),
    })) as typeof o.results,
  }));
  return { ...summary, outcomes };
}
