import { describe, expect, it } from 'vitest';
import { outcomeFiles } from '../../src/ui/lib/scan-outcome.ts';
import type { FileSummary } from '../../src/worker/app-api.ts';

const files = (...statuses: FileSummary['status'][]) => statuses.map((status) => ({ status }));

describe('outcomeFiles', () => {
  it('counts the files alone when every one was read', () => {
    expect(outcomeFiles(files('done', 'done'))).toBe('2 files');
    expect(outcomeFiles(files('done'))).toBe('1 file');
  });
  it('says how many were copies of what the case holds, which the header does not count', () => {
    expect(outcomeFiles(files('done', 'duplicate', 'done'))).toBe(
      '3 files (1 already in the case, not read again)',
    );
  });
  it('says how many could not be read, after the copies', () => {
    expect(
      outcomeFiles(files('error', 'duplicate', 'done', 'duplicate', ...Array(1200).fill('done'))),
    ).toBe('1,204 files (2 already in the case, not read again; 1 could not be read)');
  });
});
