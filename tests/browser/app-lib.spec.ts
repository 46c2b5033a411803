import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import type { AlertRow, Severity } from '../../src/worker/app-api.ts';
import {
  filterAlerts,
  groupAlerts,
  sortAlerts,
  type AlertQuery,
} from '../../src/ui/lib/alert-query.ts';
import { accept, complete } from '../../src/ui/lib/complete.ts';
import { fileStem } from '../../src/ui/lib/download.ts';
import { flattenChains, flattenDoc, satisfiedFields } from '../../src/ui/lib/flatten.ts';
import { formatTime, parseTimeInput, plural } from '../../src/ui/lib/format.ts';
import { tacticUrl, techniqueUrl } from '../../src/ui/lib/mitre.ts';
import { caretView } from '../../src/ui/lib/query-error.ts';
import { markSpecial, splitSpecial, truncate, withBreaks } from '../../src/ui/lib/safe-text.ts';
import { lanes, timeScale } from '../../src/ui/lib/timeline.ts';
import { scrollToShow, virtualWindow } from '../../src/ui/lib/virtual.ts';

// The UI's pure logic, run in Node by the Playwright runner (no page needed).

// The characters SafeText must never pass through as they are.
/* eslint-disable no-control-regex */
const SPECIAL =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;
/* eslint-enable no-control-regex */

test('SafeText parts: nothing lost, every special character split out and labelled', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      const parts = splitSpecial(text);
      expect(parts.map((p) => p.text).join('')).toBe(text);
      for (const p of parts) {
        if (p.code) expect(p.code).toMatch(/^U\+[0-9A-F]{4,6}$/);
        else expect(SPECIAL.test(p.text.replace(/\r\n|[\n\t]/g, ''))).toBe(false);
      }
      expect(SPECIAL.test(markSpecial(text, 10_000).replace(/\r\n|[\n\t]/g, ''))).toBe(false);
      const pieces = withBreaks(parts, 7);
      expect(pieces.map((p) => p.text).join('')).toBe(text);
    }),
  );
  expect(markSpecial('invoice_\u202Egpj.exe')).toBe('invoice_⟪U+202E⟫gpj.exe');
  // Line breaks and tabs are layout, kept as text; a lone CR hides nothing less than a ZWSP.
  expect(splitSpecial('a\r\nb\tc\nd')).toEqual([{ text: 'a\r\nb\tc\nd' }]);
  expect(splitSpecial('a\rb').map((p) => p.code ?? p.text)).toEqual(['a', 'U+000D', 'b']);
});

test('truncate never splits a surrogate pair and counts what it hid', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(70), (text, limit) => {
      const { shown, hidden } = truncate(text, Math.max(1, limit));
      expect(shown.length + hidden).toBe(text.length);
      expect(text.startsWith(shown)).toBe(true);
      const last = shown.charCodeAt(shown.length - 1);
      if (hidden > 0) expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
    }),
  );
});

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
const row = (i: number, over: Partial<AlertRow> = {}): AlertRow => ({
  id: `a${i}`,
  sessionId: 's',
  ruleId: `r${i % 3}`,
  ruleName: `Rule ${i % 3}`,
  severity: SEVERITIES[i % 4],
  riskScore: (i * 7) % 100,
  timestamp: 1_700_000_000_000 + ((i * 7919) % 1000) * 1000,
  endTimestamp: 1_700_000_000_000 + ((i * 7919) % 1000) * 1000 + 500,
  host: `host-${i % 5}`,
  user: `user${i % 4}`,
  process: `proc${i}.exe`,
  status: 'open',
  hiddenBy: i % 10 === 0 ? 'exc' : null,
  kind: 'sequence',
  ...over,
});
const query = (over: Partial<AlertQuery> = {}): AlertQuery => ({
  severities: [],
  rule: '',
  host: '',
  from: null,
  to: null,
  text: '',
  showHidden: false,
  sort: 'timestamp',
  descending: false,
  group: 'none',
  collapsed: new Set(),
  ...over,
});

test('alert filters, sort and grouping agree with a plain reading of the rows', () => {
  const rows = Array.from({ length: 500 }, (_, i) => row(i));
  expect(filterAlerts(rows, query())).toHaveLength(450);
  expect(filterAlerts(rows, query({ showHidden: true }))).toHaveLength(500);
  const high = filterAlerts(rows, query({ severities: ['high', 'critical'], host: 'host-1' }));
  expect(high.every((r) => ['high', 'critical'].includes(r.severity) && r.host === 'host-1')).toBe(
    true,
  );
  expect(filterAlerts(rows, query({ text: 'PROC42.EXE host-2' })).map((r) => r.id)).toEqual([
    'a42',
  ]);
  const from = rows[3].timestamp;
  expect(filterAlerts(rows, query({ from })).every((r) => r.endTimestamp >= from)).toBe(true);

  for (const key of ['timestamp', 'riskScore', 'host', 'severity'] as const) {
    const sorted = sortAlerts(rows, key, false);
    const values = sorted.map((r) =>
      key === 'severity' ? SEVERITIES.indexOf(r.severity) : r[key],
    );
    expect([...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(values);
    expect(sortAlerts(rows, key, true).map((r) => r.id)).not.toEqual(sorted.map((r) => r.id));
  }

  const grouped = groupAlerts(rows, query({ group: 'host' }));
  const headers = grouped.filter((i) => i.kind === 'group');
  expect(headers).toHaveLength(5);
  expect(headers.reduce((n, h) => n + (h.kind === 'group' ? h.count : 0), 0)).toBe(500);
  const collapsed = groupAlerts(rows, query({ group: 'host', collapsed: new Set(['host-0']) }));
  expect(collapsed).toHaveLength(500 + 5 - 100);
});

test('the virtual window covers the viewport and stays in bounds', () => {
  fc.assert(
    fc.property(
      fc.nat(200_000),
      fc.nat(10_000_000),
      fc.integer({ min: 1, max: 2000 }),
      (n, top, h) => {
        const w = virtualWindow(n, 30, top, h);
        expect(w.start).toBeGreaterThanOrEqual(0);
        expect(w.end).toBeLessThanOrEqual(n);
        expect(w.start).toBeLessThanOrEqual(w.end);
        expect(w.total).toBe(n * 30);
        const firstVisible = Math.floor(top / 30);
        if (firstVisible < n) expect(w.start).toBeLessThanOrEqual(firstVisible);
        const lastVisible = Math.min(n - 1, Math.floor((top + h) / 30));
        if (firstVisible < n) expect(w.end).toBeGreaterThan(lastVisible);
      },
    ),
  );
  expect(scrollToShow(10, 30, 0, 300)).toBe(30);
  expect(scrollToShow(0, 30, 90, 300)).toBe(0);
  expect(scrollToShow(5, 30, 0, 300)).toBeNull();
});

test('field completion offers the data’s field names, never inside a string', () => {
  const fields = ['process.parent.name', 'process.name', 'process.pid', '@timestamp', 'host.id'];
  const c = complete('process where process.pa', 24, fields)!;
  expect(c.options).toEqual(['process.parent.name']);
  expect(accept('process where process.pa', c, 'process.parent.name')).toEqual({
    text: 'process where process.parent.name',
    caret: 33,
  });
  expect(complete('any where x == "proc', 20, fields)).toBeNull();
  expect(complete('any where @ti', 13, fields)?.options).toEqual(['@timestamp']);
  // A word of the language is no part of a name to complete; a name starting with one is.
  const more = [...fields, 'process.command_line', 'winlog.channel', 'notes.text'];
  expect(complete('any where x and', 15, more)).toBeNull();
  expect(complete('any where x in', 14, more)).toBeNull();
  expect(complete('any where not', 13, more)?.options).toEqual(['notes.text']);
  expect(complete('any where x == 1 and comm', 25, more)?.options).toEqual([
    'process.command_line',
  ]);
});

test('the caret sits under the error span, on the error line', () => {
  const q = 'sequence\n  [process where x = 1]';
  const v = caretView(q, {
    message: 'm',
    line: 2,
    column: 20,
    offset: 28,
    length: 1,
    formatted: '',
  });
  expect(v.source).toBe('  [process where x = 1]');
  expect(v.pad + v.carets).toBe('                   ^');
});

test('explanations: chains flattened, satisfied fields collected; documents flattened to paths', () => {
  const leaf = (text: string, path: string, value: unknown, result = true) => ({
    text,
    result,
    fields: [{ path, value }],
    children: [],
  });
  const ab = {
    text: 'a and b',
    result: true,
    fields: [],
    children: [leaf('a', 'x', 1), leaf('b', 'y', 2)],
  };
  const abc = {
    text: 'a and b and c',
    result: true,
    fields: [],
    children: [ab, leaf('c', 'z', 3)],
  };
  expect(flattenChains(abc).children.map((c) => c.text)).toEqual(['a', 'b', 'c']);
  expect([...satisfiedFields(abc)].sort()).toEqual(['x', 'y', 'z']);
  expect(flattenDoc({ a: { b: 1, c: [1, 2] }, d: [{ e: 'x' }] })).toEqual([
    { path: 'a.b', value: 1 },
    { path: 'a.c', value: [1, 2] },
    { path: 'd[0].e', value: 'x' },
  ]);
});

test('times: UTC formatting, typed filter times, plurals', () => {
  expect(formatTime(Date.UTC(2024, 4, 6, 9, 7, 35, 84))).toBe('2024-05-06 09:07:35.084');
  expect(parseTimeInput('2024-05-06T09:07:35', 'utc')).toBe(Date.UTC(2024, 4, 6, 9, 7, 35));
  expect(parseTimeInput('2024-05-06T09:07', 'utc')).toBe(Date.UTC(2024, 4, 6, 9, 7));
  expect(parseTimeInput('', 'utc')).toBeNull();
  expect(formatTime(null)).toBe('—');
  expect(plural(1, 'alert')).toBe('1 alert');
  expect(plural(12_345, 'event')).toBe('12,345 events');
});

test('ATT&CK links only from valid ids; download names only from safe characters', () => {
  expect(tacticUrl('TA0008')).toBe('https://attack.mitre.org/tactics/TA0008/');
  expect(techniqueUrl('T1021.006')).toBe('https://attack.mitre.org/techniques/T1021/006/');
  for (const bad of ['javascript:alert(1)', 'TA0008/../x', 'T1021.006"', ' T1021', '']) {
    expect(tacticUrl(bad)).toBeNull();
    expect(techniqueUrl(bad)).toBeNull();
  }
  expect(fileStem('../../etc/passwd')).toBe('etc-passwd');
  expect(fileStem('Case 4711: WKS/0002')).toBe('Case-4711-WKS-0002');
  expect(fileStem('')).toBe('sequent');
});

test('timeline lanes: one per host, marks binned, every alert counted', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(i));
  const scale = timeScale(rows, 800)!;
  const ls = lanes(rows, scale);
  expect(ls.map((l) => l.host)).toEqual(['host-0', 'host-1', 'host-2', 'host-3', 'host-4']);
  for (const l of ls) {
    expect(l.marks.reduce((n, m) => n + m.count, 0)).toBe(l.total);
    expect(l.marks.length).toBeLessThanOrEqual(800 / 4 + 2);
    for (const m of l.marks) expect(m.x).toBeGreaterThanOrEqual(0);
  }
});
