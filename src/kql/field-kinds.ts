// How a field is mapped decides how KQL matches it. Offline there is no index mapping, so
// the kind comes from ECS and the Windows/Endpoint integrations' field types, by name.

export type FieldKind = 'keyword' | 'text' | 'caseless' | 'ip' | 'date';

/** Analysed (`text` / `match_only_text`) fields outside the `*.text` multi-fields. */
const TEXT_FIELDS = new Set([
  'message',
  'error.message',
  'powershell.file.script_block_text',
  'winlog.event_data.ScriptBlockText',
]);

const DATE_FIELDS = new Set([
  '@timestamp',
  'event.created',
  'event.ingested',
  'event.start',
  'event.end',
  'process.start',
  'process.end',
  'file.created',
  'file.mtime',
  'file.ctime',
  'file.accessed',
]);

export function fieldKind(path: string): FieldKind {
  if (TEXT_FIELDS.has(path) || path.endsWith('.text')) return 'text';
  if (path.endsWith('.caseless')) return 'caseless';
  if (path === 'ip' || path.endsWith('.ip')) return 'ip';
  if (DATE_FIELDS.has(path)) return 'date';
  return 'keyword';
}

/**
 * Where an ECS `.text` / `.caseless` multi-field is not in the event, its parent holds the
 * same value (a log file carries `process.command_line`, never `process.command_line.text`).
 */
export function storedField(path: string): string {
  if (path.endsWith('.text')) return path.slice(0, -'.text'.length);
  if (path.endsWith('.caseless')) return path.slice(0, -'.caseless'.length);
  return path;
}
