// NDJSON as a messy export holds it, for the tests of events stored as slices of their file:
// Winlogbeat's own ECS documents, one a line, with synthetic variations written here (CRLF,
// blank and indented lines, non-ASCII and invalid bytes, a broken line, a BOM, no final LF).
import { readdirSync, readFileSync } from 'node:fs';
import { concat } from '../../src/ingest/bytes.ts';

/** Winlogbeat's ECS documents under `golden` (../shared/winlogbeat-golden), one JSON text each. */
export function goldenLines(golden: string): string[] {
  const lines: string[] = [];
  for (const kind of ['security', 'sysmon']) {
    const dir = `${golden}/${kind}/ingest`;
    for (const f of readdirSync(dir).sort())
      for (const doc of JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as unknown[])
        // As ASCII, as exports mostly are; the wider bytes are added below on purpose.
        lines.push(
          JSON.stringify(doc).replace(
            /[\u0080-\uffff]/g,
            (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
          ),
        );
  }
  return lines;
}

/** The golden lines written as a messy file would hold them (synthetic variations). */
export function messyFile(lines: string[]): Uint8Array<ArrayBuffer> {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [Uint8Array.of(0xef, 0xbb, 0xbf)];
  lines.forEach((line, i) => {
    let text = line;
    if (i % 7 === 3)
      text = text.replace('"@timestamp"', '"message":"Zürich — 日本 😀","@timestamp"');
    if (i % 11 === 5) text = `   ${text}`;
    let bytes = enc.encode(text);
    if (i % 13 === 6) {
      // An invalid byte inside a string: decoded with replacement, as ingest does.
      const at = text.indexOf('"@timestamp"') + 1;
      bytes = Uint8Array.from([...bytes.subarray(0, at), 0xff, ...bytes.subarray(at)]);
    }
    parts.push(bytes);
    if (i === lines.length - 1) return;
    parts.push(enc.encode(i % 3 === 0 ? '\r\n' : '\n'));
    if (i % 17 === 2) parts.push(enc.encode('\n  \n'));
    if (i % 19 === 4) parts.push(enc.encode('{"broken": \n'));
  });
  return new Uint8Array(concat(parts));
}
