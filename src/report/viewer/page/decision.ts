/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// "Why is my check red?": the gate's decision for every behavior at the top of the page (status, rate, baseline,
// change with its interval), and for the open behavior its reason and the facts behind it (the same sentences as
// the report's, made in ../../decision-facts.ts). Status names are the gate's own. Browser code: see dom.ts on what
// it may reference.

import type { Comparison } from '../../../gate/types.ts';
import type { BehaviorView, GateView } from '../types.ts';
import type { Dom } from './dom.ts';

export function decisionModule(dom: Dom) {
  function badge(status: string): HTMLElement {
    return dom.el('span', { class: `badge ${status}`, text: status });
  }

  function points(x: number, digits = 1): string {
    const value = (x * 100).toFixed(digits);
    return x > 0 ? `+${value}` : value;
  }

  function rateText(rate: number, low: number, high: number): string {
    return `${dom.percent(rate, 1)} (95% CI ${dom.percent(low, 1)}–${dom.percent(high, 1)})`;
  }

  function changeText(c: Comparison): string {
    return `${points(c.change)} points (${Math.round(c.confidence * 100)}% CI ${points(c.interval.low)} to ${points(c.interval.high)})`;
  }

  /** One row per behavior; a click opens that behavior. */
  function renderOverview(
    container: HTMLElement,
    behaviors: BehaviorView[],
    current: string,
    onOpen: (name: string) => void,
  ): void {
    dom.clear(container);
    const rows = behaviors.map((b) => {
      const d = b.decision;
      const tr = dom.el('tr', { attrs: { 'data-behavior': b.name, tabindex: '0' } }, [
        dom.el('td', { text: b.name }),
        dom.el('td', {}, [d ? badge(d.status) : dom.el('span', { class: 'muted', text: 'no decision' })]),
        dom.el('td', {
          class: 'num',
          text: rateText(b.suite.rate, b.suite.low, b.suite.high),
        }),
        dom.el('td', { class: 'num', text: d?.baseline ? dom.percent(d.baseline.rate, 1) : '–' }),
        dom.el('td', { class: 'num', text: d?.comparison ? changeText(d.comparison) : '–' }),
      ]);
      if (b.name === current) tr.classList.add('current');
      tr.addEventListener('click', () => onOpen(b.name));
      tr.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') onOpen(b.name);
      });
      return tr;
    });
    const head = dom.el('thead', {}, [
      dom.el(
        'tr',
        {},
        ['behavior', 'status', 'rate', 'baseline', 'change'].map((t) => dom.el('th', { text: t })),
      ),
    ]);
    container.append(dom.el('table', { class: 'overview' }, [head, dom.el('tbody', {}, rows)]));
  }

  /** The open behavior's decision: status and reason first, then the numbers and the facts behind them. */
  function renderDecision(
    container: HTMLElement,
    behavior: BehaviorView,
    gate: GateView | null,
    noDecision: string | null,
  ): void {
    dom.clear(container);
    const d = behavior.decision;
    if (!d) {
      if (noDecision) container.append(dom.el('p', { class: 'notice', text: `No decision: ${noDecision}` }));
      return;
    }
    const numbers = dom.el('div', { class: 'stats' }, [
      d.baseline
        ? dom.stat(
            'baseline rate',
            dom.percent(d.baseline.rate, 1),
            `95% CI ${dom.percent(d.baseline.interval.low, 1)}–${dom.percent(d.baseline.interval.high, 1)} · ${d.baseline.elicited} of ${d.baseline.n}`,
          )
        : dom.stat('baseline rate', '–', 'no baseline for this behavior'),
      d.comparison
        ? dom.stat(
            'change',
            `${points(d.comparison.change)} pts`,
            `${Math.round(d.comparison.confidence * 100)}% CI ${points(d.comparison.interval.low)} to ${points(d.comparison.interval.high)}`,
          )
        : '',
    ]);
    const list = dom.el(
      'ul',
      { class: 'facts' },
      behavior.facts.map((f) => dom.el('li', { text: f })),
    );
    const base = gate?.baseline;
    const source = base
      ? `Baseline${base.commit ? ` from commit ${base.commit.slice(0, 12)}` : ''}, recorded ${base.created_at}.`
      : '';
    container.append(
      dom.el('section', { class: `panel decision ${d.status}`, attrs: { id: 'decision' } }, [
        dom.el('h3', {}, ['Decision ', badge(d.status)]),
        dom.el('p', { class: 'reason', text: d.reason }),
        numbers,
        list,
        source ? dom.el('p', { class: 'meta', text: source }) : '',
      ]),
    );
  }

  function renderWarnings(container: HTMLElement, gate: GateView | null): void {
    for (const w of gate?.warnings ?? []) container.append(dom.el('p', { class: 'notice', text: `⚠ ${w}` }));
  }

  return { renderOverview, renderDecision, renderWarnings, badge };
}

export type Decision = ReturnType<typeof decisionModule>;
