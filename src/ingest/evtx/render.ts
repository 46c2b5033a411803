// An <Event> element as XML text: what a user sees as the record's original text, in the
// form `wevtutil qe /f:xml` and Event Viewer show.
import type { XmlNode } from '../xml.ts';

const escapeText = (s: string) =>
  /[<>&]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
const escapeAttr = (s: string) => (/[<>&"]/.test(s) ? escapeText(s).replace(/"/g, '&quot;') : s);

export function renderXml(node: XmlNode): string {
  let s = '<' + node.name;
  for (const k in node.attrs) s += ` ${k}="${escapeAttr(node.attrs[k])}"`;
  if (node.children.length === 0 && node.text === '') return s + '/>';
  s += '>';
  for (const c of node.children) s += renderXml(c);
  return s + escapeText(node.text) + '</' + node.name + '>';
}
