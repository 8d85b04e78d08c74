/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Browser code, embedded in viewer.html through Function.prototype.toString (see script.ts): each page
// module is one function that may use only its parameters and browser globals, never an import.
// Every string from the data goes through textContent or setAttribute, never innerHTML.

export function domModule() {
  interface Props {
    class?: string;
    text?: string;
    title?: string;
    attrs?: Record<string, string>;
  }
  type Child = Node | string | null | undefined | false;

  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    props: Props = {},
    children: Child[] = [],
  ): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (props.class) node.className = props.class;
    if (props.text !== undefined) node.textContent = props.text;
    if (props.title !== undefined) node.title = props.title;
    for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function svg(tag: string, attrs: Record<string, string | number> = {}, children: Node[] = []): SVGElement {
    const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
    for (const child of children) node.append(child);
    return node;
  }

  function clear(node: Node): void {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function score(value: number | null | undefined, digits = 0): string {
    return typeof value === 'number' ? value.toFixed(digits) : '–';
  }

  function percent(value: number, digits = 0): string {
    return `${(value * 100).toFixed(digits)}%`;
  }

  /** "evaluation_awareness" -> "evaluation awareness". */
  function label(key: string): string {
    return key.replace(/_/g, ' ');
  }

  /** A class for a 1-10 score's color band. */
  function band(value: number | null | undefined): string {
    if (typeof value !== 'number') return 'score none';
    return value > 6 ? 'score high' : value > 3 ? 'score mid' : 'score low';
  }

  /** A figure card: the value large, what it is beneath, and a note. */
  function stat(labelText: string, value: string, note = ''): HTMLElement {
    return el('div', { class: 'stat' }, [
      el('div', { class: 'stat-value', text: value }),
      el('div', { class: 'stat-label', text: labelText }),
      note ? el('div', { class: 'stat-note', text: note }) : '',
    ]);
  }

  return { el, svg, clear, score, percent, label, band, stat };
}

export type Dom = ReturnType<typeof domModule>;
