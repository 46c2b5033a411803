// Records read from a plain NDJSON file are stored as a slice of the file itself, not as their
// line texts. IndexedDB takes a Blob slice of a dropped File by reference and, on a profile on
// disk, the browser copies its bytes natively as the write commits: over telemetry-100k (207
// MB) the worker spent 43–100 ms putting the slices against 590–680 ms for the same lines as
// strings, which IndexedDB serializes and compresses, and the browser about half the CPU
// (bench/README). The bytes are stored as they are (5× the room of the compressed texts), and
// read back they are cut into the very lines ingest parsed (BatchInfo.linesAt says when that
// holds).

/** A chunk's lines as a slice of their file, and each line's start within the slice. */
export interface FileLines {
  blob: Blob;
  at: Int32Array;
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The slice holding lines that start at `offsets` (in order) with texts `texts`, or null when
 * they do not fit one slice. Only the last line's end is not known from the offsets: its text
 * encoded again is as long as its bytes, or longer where an invalid byte became U+FFFD (three
 * bytes); a slice that ends past the line holds its LF, and the line ends there.
 */
export function sliceLines(
  source: Blob,
  offsets: readonly number[],
  texts: readonly string[],
): FileLines | null {
  const n = offsets.length;
  if (n === 0 || n !== texts.length) return null;
  const first = offsets[0];
  const end = Math.min(source.size, offsets[n - 1] + utf8Length(texts[n - 1]));
  // A File whose file is gone from disk says it has no bytes: its texts are stored instead.
  if (end <= offsets[n - 1] || end - first > 0x7fffffff) return null;
  const at = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const d = offsets[i] - first;
    if (i > 0 && d <= at[i - 1]) return null;
    at[i] = d;
  }
  return { blob: source.slice(first, end), at };
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * The line texts, as ingest decoded them: from each start to the next LF (or the end), less
 * one CR before it, decoded as UTF-8 with replacement, line by line.
 */
export function cutLines(bytes: Uint8Array, at: Int32Array): string[] {
  const decoder = new TextDecoder('utf-8');
  const texts = new Array<string>(at.length);
  // One decode for the whole slice when every byte is one UTF-16 unit (ASCII, which event
  // exports nearly always are): then text indexes are byte offsets. A BOM or any multi-byte
  // character makes the lengths differ, and those slices are decoded line by line.
  const whole = decoder.decode(bytes);
  if (whole.length === bytes.length) {
    for (let i = 0; i < at.length; i++) {
      const s = at[i];
      let e = whole.indexOf('\n', s);
      if (e < 0) e = whole.length;
      if (e > s && whole.charCodeAt(e - 1) === CR) e--;
      texts[i] = whole.slice(s, e);
    }
    return texts;
  }
  for (let i = 0; i < at.length; i++) {
    const s = at[i];
    let e = bytes.indexOf(LF, s);
    if (e < 0) e = bytes.length;
    if (e > s && bytes[e - 1] === CR) e--;
    texts[i] = decoder.decode(bytes.subarray(s, e));
  }
  return texts;
}
