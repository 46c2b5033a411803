// Files that are no event log get one line saying what they look like — judged from their
// bytes, never their name — and no "invalid JSON" errors about their bytes. The junk below is
// generated (synthetic); the logs are the repository's ingest fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixture, ingestBytes } from './helpers.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const withTail = (magic: number[], tail: Uint8Array) => new Uint8Array([...magic, ...tail]);
const bytes = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

async function verdict(name: string, data: Uint8Array) {
  const { diag, events } = await ingestBytes(name, data);
  return { diag, events, looks: diag.notEventLog };
}

const HEADERS: Array<[string, number[], RegExp]> = [
  ['PNG', bytes('\x89PNG\r\n\x1a\n'), /^a PNG image$/],
  ['JPEG', [0xff, 0xd8, 0xff, 0xe0], /^a JPEG image$/],
  ['GIF', bytes('GIF89a'), /^a GIF image$/],
  ['PDF', bytes('%PDF-1.7\n'), /^a PDF document$/],
  ['ELF', bytes('\x7fELF\x02\x01\x01'), /^an ELF executable$/],
  ['MZ', [...bytes('MZ'), 0x90, 0, 3, 0, 0, 0], /^a Windows executable or DLL \(MZ\)$/],
  ['SQLite', bytes('SQLite format 3\0'), /SQLite database/],
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], /7-Zip archive/],
];

describe('binary files', () => {
  it.each(HEADERS)('%s, whatever follows and whatever the name', async (_, magic, want) => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 6000 }),
        fc.constantFrom('events.json', 'logs.ndjson', 'x.evtx.xml', 'README'),
        async (tail, name) => {
          const { looks, diag, events } = await verdict(name, withTail(magic, tail));
          expect(looks).toMatch(want);
          expect(diag.reason).toBe(`not an event log (${looks})`);
          expect(diag.errors).toEqual([]);
          expect(events).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('random binary data (NUL bytes, control characters) is "binary data", not 20 JSON errors', async () => {
    const binary = fc
      .tuple(fc.uint8Array({ minLength: 64, maxLength: 5000 }), fc.nat())
      .map(([b, at]) => {
        const out = b.slice();
        // Printable start (not a magic number), NULs further in: what unknown formats look like.
        out[0] = 0x41;
        out[(at % (out.length - 40)) + 20] = 0;
        out[(at % (out.length - 40)) + 21] = 1;
        return out;
      });
    await fc.assert(
      fc.asyncProperty(binary, async (b) => {
        const { looks, diag } = await verdict('blob.bin', b);
        expect(looks).toBe('binary data');
        expect(diag.errors).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

// Generated text of each kind: random keys, words and values.
const word = fc.stringMatching(/^[a-z][a-z0-9_]{1,10}$/);
const words = fc.array(word, { minLength: 2, maxLength: 8 }).map((w) => w.join(' '));
const yaml = fc
  .array(fc.tuple(word, fc.oneof(words, fc.integer().map(String))), { minLength: 3, maxLength: 30 })
  .map((kv) => '---\n' + kv.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n');
const toml = fc
  .array(
    fc.tuple(
      word,
      fc.oneof(
        words.map((w) => JSON.stringify(w)),
        fc.integer().map(String),
      ),
    ),
    { minLength: 2, maxLength: 20 },
  )
  .map((kv) => '[metadata]\n' + kv.map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
const markdown = fc
  .tuple(words, fc.array(words, { minLength: 1, maxLength: 10 }))
  .map(([title, items]) => `# ${title}\n\n${items.map((i) => `- ${i}`).join('\n')}\n`);
const license = fc
  .array(words, { minLength: 3, maxLength: 40 })
  .map((lines) => `MIT License\n\nCopyright (c) 2026\n\n${lines.join('\n')}\n`);
const csv = fc
  .array(fc.array(word, { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 20 })
  .map((rows) => ['name,size,owner', ...rows.map((r) => r.join(','))].join('\n'));

describe('text that is no event log', () => {
  it.each([
    ['YAML', yaml, /^YAML text: "---"$/],
    ['TOML', toml, /^TOML or INI text: "\[metadata\]"$/],
    ['Markdown', markdown, /^Markdown text: "# /],
    ['a LICENSE', license, /^plain text: "MIT License"$/],
    ['CSV', csv, /^CSV text: "name,size,owner"$/],
  ] as const)('%s', async (_, text, want) => {
    await fc.assert(
      fc.asyncProperty(
        text,
        fc.constantFrom('LICENSE', 'rules.yaml', 'events.ndjson'),
        async (t, name) => {
          const { looks, diag } = await verdict(name, utf8(t));
          expect(looks).toMatch(want);
          expect(diag.errors).toEqual([]);
          expect(diag.records.read).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('XML that holds no <Event> element', async () => {
    const { looks } = await verdict(
      'pom.xml',
      utf8('<?xml version="1.0"?>\n<project><name>x</name></project>\n'),
    );
    expect(looks).toBe('XML without any <Event> element');
  });

  it('an HTML page', async () => {
    const { looks } = await verdict(
      'report.json',
      utf8('<!DOCTYPE html>\n<html><body>hi</body></html>'),
    );
    expect(looks).toBe('an HTML page');
  });
});

describe('event logs are still read, whatever their name', () => {
  const logs = readdirSync(fixture('')).filter((f) => f !== 'README.md');

  it.each(logs)('%s (as is, and in UTF-16)', async (name) => {
    const data = new Uint8Array(readFileSync(fixture(name)));
    for (const renamed of [name, 'LICENSE', 'picture.png']) {
      const { looks, events } = await verdict(renamed, data);
      expect(looks, renamed).toBeUndefined();
      expect(events.length).toBeGreaterThan(0);
    }
    const text = new TextDecoder().decode(data);
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i) & 0xff;
      le[3 + 2 * i] = text.charCodeAt(i) >> 8;
    }
    const utf16 = await verdict(name, le);
    expect(utf16.looks).toBeUndefined();
    expect(utf16.events.length).toBe((await verdict(name, data)).events.length);
  });

  it('a log after a line of text is read, the line reported', async () => {
    const log = readFileSync(fixture('otrf-nxlog.ndjson'), 'utf8');
    const { looks, events, diag } = await verdict('x.log', utf8('exported by someone\n' + log));
    expect(looks).toBeUndefined();
    expect(events.length).toBe(log.trim().split('\n').length);
    expect(diag.errors).toHaveLength(1);
  });

  it('the verdict looks at the first 4 KiB only, however the bytes arrive', async () => {
    // A log whose tail is NUL padding, as a file copied off a crashed system can be: its records
    // are read (the padding is the readers' to report) whether the source hands over the whole
    // file as one chunk or 1 KiB at a time.
    const log = new Uint8Array(readFileSync(fixture('otrf-nxlog.ndjson')));
    expect(log.length).toBeGreaterThan(4096);
    const padded = new Uint8Array(log.length + 3000);
    padded.set(log);
    const lines = new TextDecoder().decode(log).trim().split('\n').length;
    for (const chunks of [[padded.length], [1024], [4096, 7]]) {
      const { diag, events } = await ingestBytes('x.ndjson', padded, chunks);
      expect(diag.notEventLog, String(chunks)).toBeUndefined();
      expect(events.length, String(chunks)).toBe(lines);
    }
  });
});

describe('archives', () => {
  it('a zip of junk and logs reads the logs and names each junk member once', async () => {
    const log = new Uint8Array(readFileSync(fixture('otrf-nxlog.ndjson')));
    const zip = zipSync({
      'case/README.md': utf8('# Case 17\n\n- collected by the responder\n'),
      'case/logo.png': withTail(bytes('\x89PNG\r\n\x1a\n'), new Uint8Array(3000)),
      'case/security.json': log,
      'case/tool.exe': withTail([...bytes('MZ'), 0x90, 0], new Uint8Array(3000)),
    });
    const { diag, events, looks } = await verdict('case.zip', zip);
    expect(looks).toBeUndefined();
    expect(events.length).toBe(new TextDecoder().decode(log).trim().split('\n').length);
    expect(diag.errors).toEqual([]);
    expect(diag.warnings).toEqual(
      expect.arrayContaining([
        'case.zip!case/README.md: not an event log (Markdown text: "# Case 17")',
        'case.zip!case/logo.png: not an event log (a PNG image)',
        'case.zip!case/tool.exe: not an event log (a Windows executable or DLL (MZ))',
      ]),
    );
  });

  it('a zip of nothing but junk is one line for the whole file', async () => {
    const zip = zipSync({ 'a.txt': utf8('hello there\nfriend\n'), 'b.gif': utf8('GIF89a......') });
    const { looks, diag } = await verdict('junk.zip', zip);
    expect(looks).toBe(
      'an archive of 2 files, none an event log — a.txt: plain text: "hello there"; b.gif: a GIF image',
    );
    expect(diag.errors).toEqual([]);
  });
});
