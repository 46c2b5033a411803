// Reading Sigma YAML: every document of every file, with the line each starts on and a way
// to turn a YAML path into a line, so problems point into the file a person has open.
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface SigmaDocument {
  file: string;
  /** 1-based line where the document's content starts. */
  line: number;
  /** The document's own text. */
  text: string;
  /** Parsed content; null when the YAML itself is broken. */
  data: Record<string, unknown> | null;
  /** The first YAML syntax error, with its position. */
  error?: { message: string; line: number; column: number };
  /** The 1-based line of a node, for a path into the document (its nearest existing parent). */
  lineOf(path: (string | number)[]): number;
}

export function readDocuments(file: string, source: string): SigmaDocument[] {
  const counter = new LineCounter();
  const docs = parseAllDocuments(source, { lineCounter: counter, prettyErrors: false });
  const list: Document[] = Array.isArray(docs) ? docs : [docs as unknown as Document];
  const out: SigmaDocument[] = [];
  for (const doc of list) {
    const [start, , end] = doc.range ?? [0, 0, source.length];
    const text = source.slice(start, end).replace(/^---[^\n]*\n/, '');
    if (!doc.contents && text.trim() === '') continue; // an empty trailing document
    const lineAt = (offset: number): number => counter.linePos(offset).line;
    const lineOf = (path: (string | number)[]): number => {
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as
          { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return lineAt(node.range[0]);
      }
      return lineAt(start);
    };
    const firstError = doc.errors[0];
    if (firstError) {
      const pos = counter.linePos(firstError.pos[0]);
      out.push({
        file,
        line: lineAt(start),
        text,
        data: null,
        error: { message: firstError.message.split('\n')[0], line: pos.line, column: pos.col },
        lineOf,
      });
      continue;
    }
    const data: unknown = doc.toJS({ maxAliasCount: 100 });
    out.push({
      file,
      line: lineAt(doc.contents?.range?.[0] ?? start),
      text,
      data:
        typeof data === 'object' && data !== null && !Array.isArray(data)
          ? (data as Record<string, unknown>)
          : null,
      lineOf,
    });
  }
  return out;
}
