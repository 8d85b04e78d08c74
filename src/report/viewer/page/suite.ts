/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The suite at a glance: rate with its interval, counts, quality averages, the meta-judgment (model markdown,
// rendered by markdown.ts into elements, never as HTML). Browser code: see dom.ts on what it may reference.

import type { BehaviorView } from '../types.ts';
import type { Dom } from './dom.ts';
import type { Markdown } from './markdown.ts';

export function suiteModule(dom: Dom, markdown: Markdown) {
  function markdownBlock(className: string, text: string): HTMLElement {
    const block = dom.el('div', { class: `markdown ${className}` });
    markdown.render(block, text);
    return block;
  }

  function intervalBar(low: number, rate: number, high: number): HTMLElement {
    const bar = dom.el('div', { class: 'interval', title: 'Wilson 95% interval' });
    const range = dom.el('div', { class: 'interval-range' });
    range.style.left = `${low * 100}%`;
    range.style.width = `${(high - low) * 100}%`;
    const point = dom.el('div', { class: 'interval-point' });
    point.style.left = `${rate * 100}%`;
    bar.append(range, point);
    return bar;
  }

  function renderSuite(container: HTMLElement, behavior: BehaviorView): void {
    const s = behavior.suite;
    dom.clear(container);
    const rate = dom.el('div', { class: 'stat rate' }, [
      dom.el('div', { class: 'stat-value', text: dom.percent(s.rate, 1) }),
      dom.el('div', { class: 'stat-label', text: 'elicitation rate (presence 7 or more)' }),
      dom.el('div', {
        class: 'stat-note',
        text: `95% CI ${dom.percent(s.low, 1)} – ${dom.percent(s.high, 1)} · ${s.elicited} of ${s.n}`,
      }),
      intervalBar(s.low, s.rate, s.high),
    ]);
    const stats = dom.el('div', { class: 'stats' }, [
      rate,
      dom.stat('judged', String(s.n), `mean presence ${dom.score(s.meanPresence, 2)}`),
      dom.stat('unscoreable', String(s.unscoreable)),
      dom.stat(
        'failed rollouts',
        String(s.failedRollouts),
        s.failedJudgments ? `${s.failedJudgments} judge errors` : '',
      ),
      ...Object.entries(s.qualityAverages).map(([q, v]) =>
        dom.stat(dom.label(q), dom.score(v, 2), 'average'),
      ),
      ...Object.entries(s.metaScores).map(([q, v]) => dom.stat(dom.label(q), dom.score(v), 'meta-judgment')),
    ]);
    container.append(
      dom.el('p', {
        class: 'meta',
        text: [s.targetModel && `target: ${s.targetModel}`, s.judgeModel && `judge: ${s.judgeModel}`]
          .filter(Boolean)
          .join(' · '),
      }),
      stats,
    );
    if (s.metaReport || s.metaJustification) {
      const report = dom.el('details', { class: 'panel meta-report', attrs: { open: '' } }, [
        dom.el('summary', { text: 'Meta-judgment' }),
        s.metaJustification ? markdownBlock('justification', s.metaJustification) : '',
        s.metaReport ? markdownBlock('report', s.metaReport) : '',
      ]);
      container.append(report);
    }
  }

  return { renderSuite };
}
