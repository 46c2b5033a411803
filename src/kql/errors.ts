// A KQL or Lucene query mistake with its position: EQL's QueryError (line, column, format())
// under its own name, so the rule importer places it at the right line and column.
import { QueryError } from '../eql/errors.ts';

export class KqlError extends QueryError {
  constructor(message: string, source: string, offset: number, length = 1) {
    super(message, source, offset, length);
    this.name = 'KqlError';
  }
}
