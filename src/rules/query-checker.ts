// Adapts the EQL parser to the importer's QueryChecker. The parser is passed in rather than
// imported so the rule model and importers stay usable without the language.
import type { QueryChecker } from './import/report.ts';

/** What a positioned parse error looks like (src/eql's EqlError has this shape). */
interface PositionedError {
  line: number;
  column: number;
  message: string;
  format?: () => string;
}

function isPositioned(e: unknown): e is PositionedError {
  return (
    e instanceof Error &&
    typeof (e as Partial<PositionedError>).line === 'number' &&
    typeof (e as Partial<PositionedError>).column === 'number'
  );
}

export function queryCheckerFrom(parse: (source: string) => unknown): QueryChecker {
  return (query) => {
    try {
      parse(query);
      return null;
    } catch (e) {
      if (!isPositioned(e)) throw e;
      // format() is `line:col: message` + source line + caret; keep only the picture.
      const excerpt = e.format?.().split('\n').slice(1).join('\n');
      return {
        line: e.line,
        column: e.column,
        message: e.message,
        ...(excerpt ? { excerpt } : {}),
      };
    }
  };
}
