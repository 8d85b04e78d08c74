/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// A small markdown renderer for model text (the meta-judgment's report): headings, paragraphs, lists (one level of
// nesting), quotes, fenced code, rules, and inline code, bold and italics. It builds elements and text nodes only,
// never HTML from the text, so raw HTML in a model's answer shows as text; links show their text and address as
// text, never as something to click. Browser code: see dom.ts on what it may reference.

import type { Dom } from './dom.ts';

export function markdownModule(dom: Dom) {
  const INLINE =
    /(`+)([\s\S]*?[^`])\1(?!`)|\*\*([^*\n]+)\*\*|__([^_\n]+)__|(?<!\w)\*([^*\n]+)\*(?!\w)|(?<!\w)_([^_\n]+)_(?!\w)|\[([^\]\n]+)\]\(([^)\s]+)\)/g;

  /** Text with inline code, bold, italics and links as elements; everything else as text nodes. */
  function inline(text: string): Node[] {
    const nodes: Node[] = [];
    let at = 0;
    for (const m of text.matchAll(INLINE)) {
      const index = m.index ?? 0;
      if (index > at) nodes.push(document.createTextNode(text.slice(at, index)));
      if (m[2] !== undefined) nodes.push(dom.el('code', { text: m[2] }));
      else if (m[3] !== undefined || m[4] !== undefined)
        nodes.push(dom.el('strong', {}, inline(m[3] ?? m[4] ?? '')));
      else if (m[5] !== undefined || m[6] !== undefined)
        nodes.push(dom.el('em', {}, inline(m[5] ?? m[6] ?? '')));
      else nodes.push(dom.el('span', { class: 'md-link', text: `${m[7]} (${m[8]})` }));
      at = index + m[0].length;
    }
    if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
    return nodes;
  }

  const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
  const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
  const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
  const QUOTE = /^\s{0,3}>\s?/;
  const ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

  interface Item {
    indent: number;
    ordered: boolean;
    text: string;
  }

  function list(items: Item[]): HTMLElement {
    const first = items[0] as Item;
    const root = dom.el(first.ordered ? 'ol' : 'ul');
    let last: HTMLElement | null = null;
    let nested: Item[] = [];
    const flush = () => {
      if (nested.length && last) last.append(list(nested));
      nested = [];
    };
    for (const item of items) {
      if (item.indent > first.indent && last) {
        nested.push(item);
        continue;
      }
      flush();
      last = dom.el('li', {}, inline(item.text));
      root.append(last);
    }
    flush();
    return root;
  }

  /** `text` as block elements appended to `container`. */
  function render(container: HTMLElement, text: string): void {
    const lines = text.replace(/\r\n?/g, '\n').split('\n');
    let paragraph: string[] = [];
    const endParagraph = () => {
      if (paragraph.length) container.append(dom.el('p', {}, inline(paragraph.join('\n'))));
      paragraph = [];
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      const fence = FENCE.exec(line);
      if (fence) {
        endParagraph();
        const close = fence[1] as string;
        const body: string[] = [];
        for (i++; i < lines.length && !(lines[i] as string).trim().startsWith(close); i++) {
          body.push(lines[i] as string);
        }
        container.append(dom.el('pre', {}, [dom.el('code', { text: body.join('\n') })]));
        continue;
      }
      if (line.trim() === '') {
        endParagraph();
        continue;
      }
      const heading = HEADING.exec(line);
      if (heading) {
        endParagraph();
        const level = Math.min(6, (heading[1] as string).length + 2);
        container.append(dom.el(`h${level}` as 'h3', { class: 'md-heading' }, inline(heading[2] as string)));
        continue;
      }
      if (RULE.test(line)) {
        endParagraph();
        container.append(dom.el('hr'));
        continue;
      }
      if (QUOTE.test(line)) {
        endParagraph();
        const quoted: string[] = [];
        for (; i < lines.length && QUOTE.test(lines[i] as string); i++) {
          quoted.push((lines[i] as string).replace(QUOTE, ''));
        }
        i--;
        const quote = dom.el('blockquote');
        render(quote, quoted.join('\n'));
        container.append(quote);
        continue;
      }
      if (ITEM.test(line)) {
        endParagraph();
        const items: Item[] = [];
        for (; i < lines.length; i++) {
          const m = ITEM.exec(lines[i] as string);
          if (m) {
            items.push({
              indent: (m[1] as string).length,
              ordered: /\d/.test(m[2] as string),
              text: m[3] as string,
            });
            continue;
          }
          // A wrapped item: an indented line that is not blank continues the item before it.
          const continued = lines[i] as string;
          if (continued.trim() === '' || !/^\s+/.test(continued)) break;
          const previous = items[items.length - 1] as Item;
          previous.text += `\n${continued.trim()}`;
        }
        i--;
        container.append(list(items));
        continue;
      }
      paragraph.push(line);
    }
    endParagraph();
  }

  return { render, inline };
}

export type Markdown = ReturnType<typeof markdownModule>;
