// Elasticsearch `_bulk` NDJSON: an action line, then the document, for every event, ending
// with a newline as the bulk API requires. Events keep their own fields untouched.
import type { JsonDoc } from '../../app-api.ts';

export function bulkLines(events: readonly JsonDoc[], index: string): string {
  const action = JSON.stringify({ index: { _index: index } });
  let out = '';
  for (const doc of events) out += `${action}\n${JSON.stringify(doc)}\n`;
  return out;
}

/** Index names Elasticsearch accepts: lowercase, no \ / * ? " < > | , # : or space, no leading - _ +. */
export function checkIndexName(index: string): string | null {
  if (!index) return 'The index name is empty.';
  if (index !== index.toLowerCase()) return `The index name "${index}" must be lowercase.`;
  if (/[\\/*?"<>|,# :]/.test(index))
    return `The index name "${index}" has a character Elasticsearch refuses.`;
  if (/^[-_+]/.test(index)) return `The index name "${index}" may not start with -, _ or +.`;
  return null;
}
