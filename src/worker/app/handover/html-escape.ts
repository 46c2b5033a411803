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
const INVISIBLE = new RegExp(
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u200b-\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]',
  'g',
);

export function visible(text: string): string {
  return text.replace(
    INVISIBLE,
    (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return visible(text).replace(/[&<>"']/g, (c) => HTML[c]);
}
