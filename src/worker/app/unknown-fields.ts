// The session knows its fields (the ingest profile): a query naming a field no event of the
// session carries is flagged before it runs, and an empty result says why, as
// Elasticsearch's "Unknown column" would. The reasoning lives in src/eql/unknown-fields.ts;
// this shapes it for the UI.
import { parse, unknownFields, unknownFieldsMessage } from '../../eql/index.ts';
import type { UnknownFieldFlag } from '../app-api.ts';

/**
 * The non-optional fields `query` names that none of `known` is, with suggestions; empty
 * when the query does not parse or the session's fields are unknown (`known` null).
 */
export function unknownFieldFlags(
  query: string,
  known: readonly string[] | null,
): UnknownFieldFlag[] {
  if (!known || known.length === 0) return [];
  let parsed;
  try {
    parsed = parse(query);
  } catch {
    return [];
  }
  return unknownFields(parsed, known).map((u) => ({
    field: u.field,
    offset: u.span.start,
    length: u.span.end - u.span.start,
    suggestions: [...u.suggestions],
    message: unknownFieldsMessage([u]).replace(/^0 events: /, ''),
  }));
}

/** Why a query found nothing, when it names fields the session lacks; null otherwise. */
export function emptyResultNote(flags: readonly UnknownFieldFlag[]): string | null {
  if (flags.length === 0) return null;
  return unknownFieldsMessage(
    flags.map((f) => ({
      field: f.field,
      optional: false,
      span: { start: f.offset, end: f.offset + f.length },
      suggestions: f.suggestions,
    })),
  );
}
