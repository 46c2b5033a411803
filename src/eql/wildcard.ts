// Wildcard patterns (`*` any run of characters, `?` exactly one) for `:`, `like` and
// `like~`. A pattern is split at its stars into segments; the first segment is anchored at
// the start, the last at the end, and the middle ones are found greedily leftmost. Greedy
// leftmost is exact for star-only globs, so there is never any backtracking: matching costs
// at most (value length × segment length), whatever the pattern.
// Backslashes are ordinary characters, as in Elasticsearch EQL (`C:\\Windows\\*`).

export type TextMatcher = (value: string) => boolean;

/** Finds `segment` (with `?` matching any one char) in `s` at or after `from`; -1 if absent. */
function find(s: string, segment: string, from: number): number {
  const q = segment.indexOf('?');
  if (q < 0) return s.indexOf(segment, from);
  const last = s.length - segment.length;
  for (let i = from; i <= last; i++) if (matchesAt(s, segment, i)) return i;
  return -1;
}

function matchesAt(s: string, segment: string, at: number): boolean {
  if (at + segment.length > s.length) return false;
  for (let j = 0; j < segment.length; j++) {
    const p = segment.charCodeAt(j);
    if (p !== 63 /* ? */ && p !== s.charCodeAt(at + j)) return false;
  }
  return true;
}

/** Compiles a wildcard pattern into a matcher. Case folding is the caller's business. */
export function wildcardMatcher(pattern: string): TextMatcher {
  if (!pattern.includes('*') && !pattern.includes('?')) return (s) => s === pattern;
  const parts = pattern.split('*');
  if (parts.length === 1) return (s) => s.length === pattern.length && matchesAt(s, pattern, 0);
  const head = parts[0];
  const tail = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p !== '');
  const fixed = head.length + tail.length + middle.reduce((n, p) => n + p.length, 0);
  const simple = !pattern.includes('?');
  // The common shapes get a single native string call.
  if (simple && middle.length === 0) {
    if (head === '' && tail === '') return () => true;
    if (head === '') return (s) => s.endsWith(tail);
    if (tail === '') return (s) => s.startsWith(head);
    return (s) => s.length >= fixed && s.startsWith(head) && s.endsWith(tail);
  }
  if (simple && middle.length === 1 && head === '' && tail === '') {
    const needle = middle[0];
    return (s) => s.includes(needle);
  }
  return (s) => {
    if (s.length < fixed) return false;
    if (!matchesAt(s, head, 0)) return false;
    const end = s.length - tail.length;
    if (!matchesAt(s, tail, end)) return false;
    let pos = head.length;
    for (const seg of middle) {
      const at = find(s, seg, pos);
      if (at < 0 || at + seg.length > end) return false;
      pos = at + seg.length;
    }
    return true;
  };
}
