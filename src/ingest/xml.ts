// A small XML reader for one `<Event>` element (wevtutil, Event Viewer, python-evtx): enough
// of XML for event records — elements, attributes, text, entities, CDATA — and nothing more.

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      // Out of Unicode's range (`&#x110000;`): no character, so the reference stays as written.
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses one element; throws an Error naming the problem when the text is not well formed. */
export function parseXmlElement(text: string): XmlNode {
  const root: XmlNode = { name: '#root', attrs: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      top.text += decodeEntities(text.slice(i));
      break;
    }
    if (lt > i) top.text += decodeEntities(text.slice(i, lt));
    if (text.startsWith('<!--', lt)) {
      const e = text.indexOf('-->', lt + 4);
      if (e < 0) throw new Error('unterminated comment');
      i = e + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      const e = text.indexOf(']]>', lt + 9);
      if (e < 0) throw new Error('unterminated CDATA section');
      top.text += text.slice(lt + 9, e);
      i = e + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      const e = text.indexOf('?>', lt + 2);
      if (e < 0) throw new Error('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    const gt = text.indexOf('>', lt);
    if (gt < 0) throw new Error('unterminated tag');
    if (text[lt + 1] === '/') {
      const name = localName(text.slice(lt + 2, gt).trim());
      const open = stack.pop();
      if (!open || open === root || open.name !== name)
        throw new Error(`closing </${name}> does not match <${open?.name ?? ''}>`);
      i = gt + 1;
      continue;
    }
    const selfClosing = text[gt - 1] === '/';
    const body = text.slice(lt + 1, selfClosing ? gt - 1 : gt);
    const sp = body.search(/[\s]/);
    const name = localName(sp < 0 ? body : body.slice(0, sp));
    const node: XmlNode = { name, attrs: {}, children: [], text: '' };
    if (sp >= 0) {
      ATTR.lastIndex = 0;
      for (let m = ATTR.exec(body); m; m = ATTR.exec(body))
        node.attrs[localName(m[1])] = decodeEntities(m[3] ?? m[4] ?? '');
    }
    top.children.push(node);
    if (!selfClosing) stack.push(node);
    i = gt + 1;
  }
  if (stack.length !== 1)
    throw new Error(`element <${stack[stack.length - 1].name}> is not closed`);
  const el = root.children[0];
  if (!el) throw new Error('no element');
  return el;
}

function localName(n: string): string {
  const c = n.indexOf(':');
  return c < 0 ? n : n.slice(c + 1);
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}
