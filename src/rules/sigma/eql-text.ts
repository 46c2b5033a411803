// Printing EQL text: string literals and field names as the Sequent lexer reads them.

/** A double-quoted EQL string; control characters use the escapes the lexer accepts. */
export function eqlString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** A field path; segments outside EQL's identifier syntax are backquoted. */
export function eqlField(path: string, optional = false): string {
  const plain = /^[A-Za-z_@][A-Za-z0-9_@]*(\.[A-Za-z_@][A-Za-z0-9_@]*)*$/.test(path);
  const body = plain ? path : '`' + path.replace(/`/g, '``') + '`';
  return optional ? `?${body}` : body;
}
