// Hand-built CompiledQuery objects, so the matcher is tested without the EQL compiler.
// Fields are read with the engine's own reader (nested or dotted ECS).
import type {
  CompiledQuery,
  CompiledStage,
  Doc,
  HeadTailPipe,
  JoinKeyGetter,
} from '../../src/eql/compiled.ts';
import { readField } from '../../src/engine/field.ts';
import type { QuerySpec } from '../../src/engine/index.ts';

export interface StageSpec {
  category?: string | null;
  where?: (doc: Doc) => boolean;
  by?: string[];
  missing?: boolean;
  runs?: number;
  text?: string;
}

export interface QueryShape {
  kind?: CompiledQuery['kind'];
  by?: string[];
  stages: StageSpec[];
  until?: StageSpec;
  maxspanMs?: number | null;
  pipes?: HeadTailPipe[];
  tiebreaker?: string | null;
  categoryField?: string;
  timestampField?: string;
}

function keyGetter(written: string): JoinKeyGetter {
  const optional = written.startsWith('?');
  const field = optional ? written.slice(1) : written;
  return { field, optional, get: (doc) => readField(doc, field) };
}

function categoryMatches(value: unknown, category: string): boolean {
  if (Array.isArray(value)) return value.some((v) => v === category);
  return value === category;
}

function makeStage(
  s: StageSpec,
  index: number,
  sourceIndex: number,
  by: string[],
  categoryField: string,
): CompiledStage {
  const category = s.category === undefined ? 'process' : s.category;
  const where = s.where ?? (() => true);
  return {
    index,
    sourceIndex,
    category,
    missing: s.missing ?? false,
    runs: s.runs ?? 1,
    keys: [...by, ...(s.by ?? [])].map(keyGetter),
    test: (doc) =>
      (category === null || categoryMatches(readField(doc, categoryField), category)) && where(doc),
    fields: [],
    text: s.text ?? `[${category ?? 'any'} where …]`,
  };
}

export function timestampOf(field: string) {
  return (doc: Doc): number | null => {
    const v = readField(doc, field);
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      if (/^\d+$/.test(v)) return Number(v);
      const t = Date.parse(v);
      return Number.isNaN(t) ? null : t;
    }
    return null;
  };
}

export function query(shape: QueryShape): CompiledQuery {
  const categoryField = shape.categoryField ?? 'event.category';
  const by = shape.by ?? [];
  const stages: CompiledStage[] = [];
  shape.stages.forEach((s, sourceIndex) => {
    for (let r = 0; r < (s.runs ?? 1); r++) {
      stages.push(makeStage(s, stages.length, sourceIndex, by, categoryField));
    }
  });
  const tb = shape.tiebreaker ?? null;
  return {
    kind: shape.kind ?? (stages.length > 1 ? 'sequence' : 'event'),
    source: '(hand-built)',
    stages,
    until: shape.until ? makeStage(shape.until, -1, -1, by, categoryField) : null,
    maxspanMs: shape.maxspanMs ?? null,
    pipes: shape.pipes ?? [],
    timestamp: timestampOf(shape.timestampField ?? '@timestamp'),
    tiebreaker: tb ? (doc) => readField(doc, tb) : null,
  };
}

/** A tiny event: category, time in ms, an id to assert on, and any other fields. */
export function ev(category: string, ms: number, id: number, fields: Doc = {}): Doc {
  return { '@timestamp': ms, event: { category: [category] }, id, ...fields };
}

export function ids(events: readonly (Doc | { missing: true })[]): number[] {
  return events.map((e) => (e.missing === true ? -1 : ((e as Doc).id as number)));
}

/**
 * A sequence by host with a missing middle stage whose first stage wants `tag: "a"`: the
 * property tests over generated events share it.
 */
export function missingStageSpec(): QuerySpec {
  return {
    id: 'missing',
    size: Infinity,
    query: query({
      by: ['host.id'],
      maxspanMs: 20_000,
      stages: [
        { category: 'process', where: (d) => d.tag === 'a' },
        { category: 'file', missing: true },
        { category: 'network' },
      ],
    }),
  };
}
