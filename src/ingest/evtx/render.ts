// An <Event> element as XML text: what a user sees as the record's original text, in the
// form `wevtutil qe /f:xml` and Event Viewer show. Pieces are joined once: a string grown by
// `+=` leaves a chain of partial strings per record for the GC.
import type { XmlNode } from '../xml.ts';

const SPECIAL = /[<>&"]/;
const escape = (s: string) =>
  SPECIAL.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : s;

export function renderXml(node: XmlNode): string {
  const out: string[] = [];
  write(node, out);
  return out.join('');
}

function write(node: XmlNode, out: string[]): void {
  out.push('<', node.name);
  for (const k in node.attrs) out.push(' ', k, '="', escape(node.attrs[k]), '"');
  if (node.children.length === 0 && node.text === '') {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const c of node.children) write(c, out);
  out.push(escape(node.text), '</', node.name, '>');
}
