/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The rollout list: filter and sort over all rows in memory, render one page of rows at a time, so 2,000
// rollouts stay instant. Browser code: see dom.ts on what it may reference.

import type { BehaviorView, RolloutRow } from '../types.ts';
import type { Dom } from './dom.ts';

export function listModule(dom: Dom) {
  const PAGE_SIZE = 100;
  const DESCRIPTION_CHARS = 140;

  interface Range {
    min: number | null;
    max: number | null;
  }
  interface ListState {
    /** 'presence', 'variation', 'status', 'dimension' or a quality key. */
    sortKey: string;
    descending: boolean;
    status: string;
    dimension: string;
    search: string;
    /** By 'presence' or quality key. */
    ranges: Record<string, Range>;
    page: number;
  }

  function scoreOf(row: RolloutRow, key: string): number | null {
    return key === 'presence' ? row.presence : (row.qualities[key] ?? null);
  }

  function inRange(value: number | null, range: Range | undefined): boolean {
    if (!range || (range.min === null && range.max === null)) return true;
    if (value === null) return false;
    return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
  }

  function filterRows(rows: RolloutRow[], state: ListState): RolloutRow[] {
    const search = state.search.trim().toLowerCase();
    return rows.filter(
      (row) =>
        (state.status === 'all' || row.status === state.status) &&
        (state.dimension === 'all' || row.dimension === state.dimension) &&
        (!search || row.description.toLowerCase().includes(search) || row.key === search) &&
        Object.entries(state.ranges).every(([key, range]) => inRange(scoreOf(row, key), range)),
    );
  }

  /** Sorted copy; rows without a score go last either way; ties keep variation order. */
  function sortRows(rows: RolloutRow[], key: string, descending: boolean): RolloutRow[] {
    const byPosition = (a: RolloutRow, b: RolloutRow) =>
      a.variation - b.variation || a.repetition - b.repetition;
    const direction = descending ? -1 : 1;
    return [...rows].sort((a, b) => {
      if (key === 'variation') return direction * byPosition(a, b);
      if (key === 'status' || key === 'dimension') {
        return direction * a[key].localeCompare(b[key]) || byPosition(a, b);
      }
      const x = scoreOf(a, key);
      const y = scoreOf(b, key);
      if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0) || byPosition(a, b);
      return direction * (x - y) || byPosition(a, b);
    });
  }

  function initialState(): ListState {
    return {
      sortKey: 'variation',
      descending: false,
      status: 'all',
      dimension: 'all',
      search: '',
      ranges: {},
      page: 0,
    };
  }

  function descriptionCell(text: string): HTMLElement {
    const cell = dom.el('div', { class: 'cell description' });
    const body = dom.el('span', {
      text: text.length > DESCRIPTION_CHARS ? `${text.slice(0, DESCRIPTION_CHARS)}…` : text,
    });
    cell.append(body);
    if (text.length > DESCRIPTION_CHARS) {
      const toggle = dom.el('button', { class: 'link more', text: 'more' });
      toggle.addEventListener('click', (event) => {
        event.stopPropagation();
        const open = toggle.textContent === 'more';
        body.textContent = open ? text : `${text.slice(0, DESCRIPTION_CHARS)}…`;
        toggle.textContent = open ? 'less' : 'more';
        cell.classList.toggle('expanded', open);
      });
      cell.append(' ', toggle);
    }
    return cell;
  }

  function rowElement(row: RolloutRow, qualities: string[], onOpen: (key: string) => void): HTMLElement {
    const cells = [
      dom.el('div', { class: 'cell key', text: `v${row.variation} r${row.repetition}` }),
      dom.el('div', { class: 'cell' }, [dom.el('span', { class: `status ${row.status}`, text: row.status })]),
      dom.el('div', { class: 'cell num' }, [
        dom.el('span', { class: dom.band(row.presence), text: dom.score(row.presence) }),
      ]),
      ...qualities.map((q) => dom.el('div', { class: 'cell num', text: dom.score(row.qualities[q]) })),
      dom.el('div', { class: 'cell dimension', text: row.dimension }),
      descriptionCell(row.description),
      dom.el('div', { class: 'cell', text: row.hasTranscript ? '' : 'no file', title: row.error ?? '' }),
    ];
    const element = dom.el(
      'div',
      { class: 'row', attrs: { role: 'row', tabindex: '0', 'data-key': row.key } },
      cells,
    );
    element.addEventListener('click', () => onOpen(row.key));
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') onOpen(row.key);
    });
    return element;
  }

  function rangeInputs(key: string, state: ListState, onChange: () => void): HTMLElement {
    const input = (bound: 'min' | 'max') => {
      const field = dom.el('input', {
        attrs: {
          type: 'number',
          min: '1',
          max: '10',
          step: '1',
          placeholder: bound,
          'data-range': `${key}-${bound}`,
        },
      });
      field.addEventListener('input', () => {
        const value = field.value === '' ? null : Number(field.value);
        state.ranges[key] ??= { min: null, max: null };
        (state.ranges[key] as Range)[bound] = value !== null && Number.isFinite(value) ? value : null;
        onChange();
      });
      return field;
    };
    return dom.el('label', { class: 'range' }, [dom.label(key), input('min'), '–', input('max')]);
  }

  function select(name: string, options: string[], onChange: (value: string) => void): HTMLSelectElement {
    const field = dom.el(
      'select',
      { attrs: { 'data-filter': name } },
      ['all', ...options].map((o) => dom.el('option', { text: o, attrs: { value: o } })),
    );
    field.addEventListener('change', () => onChange(field.value));
    return field;
  }

  /** Builds the list into `container`; returns the keys it shows, in its order (filtered and sorted), so the
   * transcript page can step to the previous and next of them. */
  function createRolloutList(
    container: HTMLElement,
    behavior: BehaviorView,
    onOpen: (key: string) => void,
  ): { visibleKeys: () => string[] } {
    const state = initialState();
    let shownKeys: string[] = [];
    const columns: [string, string][] = [
      ['variation', 'rollout'],
      ['status', 'status'],
      ['presence', 'presence'],
      ...behavior.qualities.map((q): [string, string] => [q, dom.label(q)]),
      ['dimension', 'dimension'],
    ];
    const template = `7em 7.5em 5.5em ${behavior.qualities.map(() => '6.5em').join(' ')} 9em minmax(12em, 1fr) 4.5em`;
    const header = dom.el('div', { class: 'row header', attrs: { role: 'row' } });
    const body = dom.el('div', { class: 'rows', attrs: { role: 'rowgroup' } });
    const counter = dom.el('span', { class: 'counter' });
    const previous = dom.el('button', { text: '← previous', attrs: { 'data-page': 'previous' } });
    const next = dom.el('button', { text: 'next →', attrs: { 'data-page': 'next' } });
    header.style.gridTemplateColumns = template;

    const update = (resetPage: boolean) => {
      if (resetPage) state.page = 0;
      const started = performance.now();
      const visible = sortRows(filterRows(behavior.rows, state), state.sortKey, state.descending);
      shownKeys = visible.map((row) => row.key);
      const pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
      state.page = Math.min(state.page, pages - 1);
      const first = state.page * PAGE_SIZE;
      const fragment = document.createDocumentFragment();
      for (const row of visible.slice(first, first + PAGE_SIZE)) {
        const element = rowElement(row, behavior.qualities, onOpen);
        element.style.gridTemplateColumns = template;
        fragment.append(element);
      }
      dom.clear(body);
      body.append(fragment);
      counter.textContent = visible.length
        ? `${first + 1}–${Math.min(first + PAGE_SIZE, visible.length)} of ${visible.length}` +
          (visible.length < behavior.rows.length ? ` (filtered from ${behavior.rows.length})` : '')
        : `none of ${behavior.rows.length} match`;
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
      for (const button of header.querySelectorAll('button')) {
        const key = button.getAttribute('data-sort');
        button.classList.toggle('sorted', key === state.sortKey);
        button.setAttribute(
          'aria-sort',
          key === state.sortKey ? (state.descending ? 'descending' : 'ascending') : 'none',
        );
      }
      container.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
    };

    for (const [key, title] of columns) {
      const button = dom.el('button', { class: 'sort', text: title, attrs: { 'data-sort': key } });
      button.addEventListener('click', () => {
        state.descending = state.sortKey === key ? !state.descending : key !== 'variation';
        state.sortKey = key;
        update(true);
      });
      header.append(dom.el('div', { class: 'cell' }, [button]));
    }
    header.append(dom.el('div', { class: 'cell', text: 'scenario' }), dom.el('div', { class: 'cell' }));

    const search = dom.el('input', {
      attrs: { type: 'search', placeholder: 'search descriptions', 'data-filter': 'search' },
    });
    search.addEventListener('input', () => {
      state.search = search.value;
      update(true);
    });
    previous.addEventListener('click', () => {
      state.page -= 1;
      update(false);
    });
    next.addEventListener('click', () => {
      state.page += 1;
      update(false);
    });
    const filters = dom.el('div', { class: 'filters' }, [
      dom.el('label', {}, [
        'status ',
        select('status', ['scored', 'unscoreable', 'failed'], (v) => {
          state.status = v;
          update(true);
        }),
      ]),
      dom.el('label', {}, [
        'dimension ',
        select('dimension', behavior.dimensions, (v) => {
          state.dimension = v;
          update(true);
        }),
      ]),
      rangeInputs('presence', state, () => update(true)),
      ...behavior.qualities.map((q) => rangeInputs(q, state, () => update(true))),
      search,
    ]);
    const pager = dom.el('div', { class: 'pager' }, [counter, previous, next]);
    dom.clear(container);
    container.append(
      filters,
      dom.el('div', { class: 'table', attrs: { role: 'table' } }, [header, body]),
      pager,
    );
    update(true);
    return { visibleKeys: () => shownKeys };
  }

  return { filterRows, sortRows, initialState, createRolloutList };
}

export type List = ReturnType<typeof listModule>;
