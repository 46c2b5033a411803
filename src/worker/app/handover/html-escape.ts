// Every string in a log may be the attacker's. In the report it is text, never markup: HTML
// metacharacters are escaped, and control and bidirectional-override characters (which can
// make text read differently than it is) are shown as visible code points.

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// C0/C1 controls except tab and newline, bidi embeddings/overrides/isolates, zero-widths, BOM.
function invisible(code: number): boolean {
  return (
    (code <= 0x1f && code !== 0x09 && code !== 0x0a) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

export function visible(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!invisible(code)) continue;
    out += `${text.slice(from, i)}⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return visible(text).replace(/[&<>"']/g, (c) => HTML[c]);
}
