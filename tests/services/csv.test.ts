import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { csvCell, csvTable } from '../../src/worker/app/handover/csv.ts';
import { ALERT_CSV_HEADER, alertsToCsv } from '../../src/worker/app/handover/alerts-csv.ts';
import { syntheticAlert } from './alert-fixture.ts';
import { parseCsv } from './csv-reader.ts';

describe('CSV cells', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(47)).toBe('47');
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a=1')).toBe('a=1');
  });

  it('reads back every string it writes (formula cells with the prefix)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
        (rows) => {
          const width = Math.max(1, ...rows.map((r) => r.length));
          const header = Array.from({ length: width }, (_, i) => `h${i}`);
          const padded = rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
          const back = parseCsv(csvTable(header, padded));
          const expected = padded.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
          expect(back).toEqual([header, ...expected]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('alerts as CSV', () => {
  it('writes one row per alert with the header, flattened evidence and safe cells', () => {
    const evil = syntheticAlert({
      id: 's1/2',
      host: '=cmd|" /C calc"!A0',
      triage: { status: 'closed', reason: 'benign', notes: 'line1\nline2, "quoted"', updatedAt: 1 },
    });
    const rows = parseCsv(alertsToCsv([syntheticAlert(), evil]));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([...ALERT_CSV_HEADER]);
    const col = (name: (typeof ALERT_CSV_HEADER)[number]) => ALERT_CSV_HEADER.indexOf(name);
    expect(rows[1][col('timestamp')]).toBe('2024-01-02T03:04:05.000Z');
    expect(rows[1][col('steps')]).toBe('2');
    expect(rows[1][col('evidence')]).toBe(
      '#1 2024-01-02T03:04:05.000Z a.ndjson:3 | #2 2024-01-02T03:04:08.000Z b.ndjson:7',
    );
    expect(rows[2][col('host')]).toBe(`'=cmd|" /C calc"!A0`);
    expect(rows[2][col('notes')]).toBe('line1\nline2, "quoted"');
    expect(rows[2][col('closing_reason')]).toBe('benign');
  });
});
