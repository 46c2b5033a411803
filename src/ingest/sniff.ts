// Files that are no event log: recognized from their first bytes (never from their name), so
// a folder's LICENSE, YAML, images or executables get one plain line instead of a page of
// "invalid JSON" errors about their bytes. Anything that might be a log is left to the readers.
import { sniffEncoding } from './encoding.ts';

/** How much of a file (or archive member) the verdict looks at. */
export const SNIFF_BYTES = 4096;

// Magic numbers at offset 0, longest first where they share a prefix.
const MAGIC: ReadonlyArray<readonly [number[] | string, string]> = [
  ['\x89PNG\r\n\x1a\n', 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  ['GIF87a', 'a GIF image'],
  ['GIF89a', 'a GIF image'],
  ['II*\0', 'a TIFF image'],
  ['MM\0*', 'a TIFF image'],
  ['%PDF-', 'a PDF document'],
  ['{\\rtf', 'an RTF document'],
  [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 'an Office (OLE) document'],
  ['\x7fELF', 'an ELF executable'],
  [[0xca, 0xfe, 0xba, 0xbe], 'a Java class or Mach-O executable'],
  [[0xcf, 0xfa, 0xed, 0xfe], 'a Mach-O executable'],
  [[0xce, 0xfa, 0xed, 0xfe], 'a Mach-O executable'],
  ['\0asm', 'a WebAssembly module'],
  ['SQLite format 3\0', 'an SQLite database'],
  ['regf', 'a Windows registry hive'],
  [[0xd4, 0xc3, 0xb2, 0xa1], 'a packet capture (pcap)'],
  [[0xa1, 0xb2, 0xc3, 0xd4], 'a packet capture (pcap)'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'a packet capture (pcapng)'],
  ['PK\x03\x04', 'a zip archive inside an archive (not opened: unpack it first)'],
  ['PK\x05\x06', 'an empty zip archive'],
  [[0x1f, 0x8b], 'gzip data inside an archive (not opened: unpack it first)'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'a 7-Zip archive (not read: unpack it first)'],
  ['Rar!\x1a\x07', 'a RAR archive (not read: unpack it first)'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data (not read: decompress it first)'],
  ['BZh', 'bzip2-compressed data (not read: decompress it first)'],
  ['OggS', 'an Ogg audio or video file'],
  ['ID3', 'an MP3 audio file'],
];

const bytesOf = (m: number[] | string) =>
  typeof m === 'string' ? Array.from(m, (c) => c.charCodeAt(0)) : m;
const MAGIC_BYTES = MAGIC.map(([m, what]) => [bytesOf(m), what] as const);

function startsWith(h: Uint8Array, m: readonly number[], at = 0): boolean {
  if (h.length < at + m.length) return false;
  for (let i = 0; i < m.length; i++) if (h[at + i] !== m[i]) return false;
  return true;
}

const ascii = (h: Uint8Array, at: number, s: string) => startsWith(h, bytesOf(s), at);

/**
 * What the head of a file looks like when it is certainly no event log (`a PNG image`,
 * `YAML text`, …), or null when it may be one and the readers should decide.
 * `head` is the first SNIFF_BYTES bytes (all of them for a shorter file).
 */
export function notAnEventLog(head: Uint8Array): string | null {
  if (head.length === 0) return null;
  // A raw .evtx file is an event log: its own reader takes it.
  if (ascii(head, 0, 'ElfFile\0')) return null;
  for (const [m, what] of MAGIC_BYTES) if (startsWith(head, m)) return what;
  if (ascii(head, 0, 'MZ') && head.subarray(0, 64).includes(0))
    return 'a Windows executable or DLL (MZ)';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'a WebP image';
  if (ascii(head, 0, 'RIFF')) return 'a RIFF audio or video file';
  if (ascii(head, 4, 'ftyp')) return 'an MP4 or QuickTime video';
  const enc = sniffEncoding(head);
  // Only the first SNIFF_BYTES: a reader may hand over a whole first chunk (1 MiB from Node's
  // file streams), and decoding and scanning all of it cost a small log a third of its reading
  // time; it also made the verdict depend on how the bytes arrived. `stream` keeps a character
  // cut at the end from counting as invalid.
  const text = new TextDecoder(enc.utf16 ?? 'utf-8').decode(head.subarray(enc.bom, SNIFF_BYTES), {
    stream: true,
  });
  return binary(text) ?? notLogText(text);
}

// Text has no NULs and few control characters; invalid UTF-8 turns into U+FFFD (a few are
// fine: a legacy code page's accented letters).
function binary(text: string): string | null {
  let control = 0;
  let replaced = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return 'binary data';
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
    else if (c === 0xfffd) replaced++;
  }
  const n = Math.max(1, text.length);
  return control / n > 0.02 || replaced / n > 0.1 ? 'binary data' : null;
}

function notLogText(text: string): string | null {
  const body = text.replace(/^\s+/, '');
  if (!body) return null;
  const c = body[0];
  if (c === '{') return null;
  if (c === '<') {
    if (/^<!doctype html|^<html[\s>]/i.test(body)) return 'an HTML page';
    if (/^<svg[\s>]/i.test(body)) return 'an SVG image';
    return null;
  }
  const lines = body.split(/\r?\n/).slice(0, 60);
  // A TOML/INI section header looks like a JSON array only at a glance.
  if (c === '[' && !/^\[[\w.\- "']*[A-Za-z_][\w.\- "']*\]\s*$/.test(lines[0])) return null;
  if (body.startsWith('Record ')) return null;
  // Some lines look like JSON objects: a log after a header line; the readers report the rest.
  if (lines.some((l) => l.trimStart().startsWith('{'))) return null;
  return `${kindOfText(lines)}${firstWords(lines)}`;
}

function kindOfText(lines: string[]): string {
  const meaningful = lines.filter((l) => l.trim() && !/^\s*#/.test(l));
  const count = (re: RegExp) => meaningful.filter((l) => re.test(l)).length;
  const some = (n: number) => n >= Math.max(2, meaningful.length * 0.5);
  if (/^\s*#!/.test(lines[0])) return 'a script';
  if (/^\s*\[[^\]]+\]\s*$/.test(lines[0]) || some(count(/^\s*[\w.\-"]+\s*=/)))
    return 'TOML or INI text';
  if (lines[0].trim() === '---' || some(count(/^\s*(- )?[\w.\-"' ]+:(\s|$)/))) return 'YAML text';
  if (lines.some((l) => /^#{1,6} \S/.test(l)) || some(count(/^\s*([*-] |\d+\. |>|```)/)))
    return 'Markdown text';
  for (const [sep, name] of [
    [',', 'CSV text'],
    ['\t', 'tab-separated text'],
    [';', 'semicolon-separated text'],
  ] as const) {
    const n = (l: string) => l.split(sep).length - 1;
    const first = n(meaningful[0] ?? '');
    if (first >= 2 && meaningful.slice(1, 6).every((l) => n(l) >= first - 1))
      return /\b(TimeCreated|EventI[dD]|Id|ProviderName|RecordId)\b/.test(meaningful[0])
        ? `${name}: events in a layout Sequent does not read (export them as JSON or Event XML)`
        : name;
  }
  return 'plain text';
}

/** The first words, so the user recognizes the file (`plain text: "MIT License"`). */
function firstWords(lines: string[]): string {
  const first = lines.find((l) => l.trim())?.trim() ?? '';
  if (!first) return '';
  return `: ${JSON.stringify(first.length > 40 ? first.slice(0, 40) + '…' : first)}`;
}
