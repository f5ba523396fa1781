/**
 * A strict reader of the XML that SVG renderers write (elements, attributes,
 * text, the XML declaration; no comments, CDATA or DTD): it throws on
 * anything that is not well-formed, so a test can say "this SVG parses" and
 * then look at its elements.
 */
export interface XmlElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly (XmlElement | string)[];
}

const NAME = '[A-Za-z_][\\w.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g;
// XML 1.0 characters: tab, newline, carriage return and everything from U+0020 but U+FFFE and U+FFFF (and lone surrogates).
const INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function decode(text: string, where: number): string {
  if (INVALID.test(text)) throw new Error(`a character XML does not allow near offset ${where}`);
  if (text.replace(ENTITY, '').includes('&')) throw new Error(`a bare & near offset ${where}`);
  if (text.includes('<')) throw new Error(`a bare < near offset ${where}`);
  return text.replace(ENTITY, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" } as Record<string, string>)[e]
    ?? String.fromCodePoint(Number.parseInt(e.startsWith('&#x') ? e.slice(3, -1) : e.slice(2, -1), e.startsWith('&#x') ? 16 : 10)));
}

export function parseXml(text: string): XmlElement {
  let at = 0;
  const declaration = /^<\?xml [^?]*\?>\s*/.exec(text);
  if (declaration) at = declaration[0].length;
  const open = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>`);
  const attr = new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g');
  const stack: { tag: string; attrs: Record<string, string>; children: (XmlElement | string)[] }[] = [];
  let root: XmlElement | undefined;
  while (at < text.length) {
    if (text.startsWith('</', at)) {
      const close = new RegExp(`^</(${NAME})\\s*>`).exec(text.slice(at));
      const top = stack.pop();
      if (!close || !top || close[1] !== top.tag) throw new Error(`unbalanced </${close?.[1]}> at offset ${at}`);
      at += close[0].length;
      if (stack.length === 0) root = top;
      else stack[stack.length - 1]!.children.push(top);
    } else if (text[at] === '<') {
      const tag = open.exec(text.slice(at));
      if (!tag) throw new Error(`not a tag at offset ${at}: ${text.slice(at, at + 40)}`);
      if (root) throw new Error(`a second root element at offset ${at}`);
      const attrs: Record<string, string> = {};
      for (const [, name, value] of tag[2]!.matchAll(attr)) {
        if (name! in attrs) throw new Error(`attribute ${name} twice at offset ${at}`);
        attrs[name!] = decode(value!, at);
      }
      const element = { tag: tag[1]!, attrs, children: [] };
      at += tag[0].length;
      if (tag[3] === '/') {
        if (stack.length === 0) root = element;
        else stack[stack.length - 1]!.children.push(element);
      } else {
        stack.push(element);
      }
    } else {
      const end = text.indexOf('<', at);
      const raw = text.slice(at, end === -1 ? text.length : end);
      if (stack.length === 0) {
        if (raw.trim() !== '') throw new Error(`text outside the root element at offset ${at}`);
      } else {
        stack[stack.length - 1]!.children.push(decode(raw, at));
      }
      at += raw.length;
    }
  }
  if (stack.length > 0 || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.tag ?? 'root'}>`);
  return root;
}

/** Every element of the tree, depth first. */
export function elements(root: XmlElement): XmlElement[] {
  const all: XmlElement[] = [root];
  for (const child of root.children) if (typeof child !== 'string') all.push(...elements(child));
  return all;
}

/** The text inside an element. */
export function textOf(element: XmlElement): string {
  return element.children.map((c) => typeof c === 'string' ? c : textOf(c)).join('');
}
