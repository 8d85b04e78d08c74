/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Several targets on the same pinned scenarios: per behavior, the targets ranked by elicitation rate with a 95%
// interval bar and mean presence, each linking to its own viewer; then every pair's difference with its interval,
// the Holm-adjusted p and the verdict. The numbers are the gate's (src/gate/leaderboard.ts), as `bloom report`
// prints them. Browser code: see dom.ts on what it may reference.

import type { BehaviorLeaderboard, PairDifference } from '../../../gate/leaderboard.ts';
import type { LeaderboardView } from '../types.ts';
import type { Dom } from './dom.ts';

export function leaderboardModule(dom: Dom) {
  function points(x: number, digits = 1): string {
    const value = (x * 100).toFixed(digits);
    return x > 0 ? `+${value}` : value;
  }

  function pText(p: number): string {
    return p < 0.0001 ? '< 0.0001' : p.toPrecision(2);
  }

  /** The rate's interval as a bar on a 0-100% scale, the rate a tick. */
  function intervalBar(rate: number, low: number, high: number): HTMLElement {
    const bar = dom.el('span', { class: 'interval-bar', attrs: { 'aria-hidden': 'true' } });
    const span = dom.el('span', { class: 'interval-span' });
    span.style.left = `${low * 100}%`;
    span.style.width = `${Math.max(0.5, (high - low) * 100)}%`;
    const tick = dom.el('span', { class: 'interval-tick' });
    tick.style.left = `${rate * 100}%`;
    bar.append(span, tick);
    return bar;
  }

  function targetCell(target: string, viewers: Record<string, string>): HTMLElement {
    const href = Object.hasOwn(viewers, target) ? viewers[target] : undefined;
    return dom.el('td', { class: 'target' }, [
      href ? dom.el('a', { text: target, attrs: { href } }) : target,
    ]);
  }

  function verdict(pair: PairDifference): string {
    if (pair.sharedScenarios === 0) return 'not comparable: no shared scenario';
    if (pair.higher === null) return 'no significant difference';
    const lower = pair.higher === pair.first ? pair.second : pair.first;
    return `${pair.higher} more than ${lower}`;
  }

  function standingsTable(board: BehaviorLeaderboard, viewers: Record<string, string>): HTMLElement {
    const head = dom.el('thead', {}, [
      dom.el(
        'tr',
        {},
        ['rank', 'target', 'elicitation rate (95% CI)', '', 'mean presence', 'scored'].map((t) =>
          dom.el('th', { text: t }),
        ),
      ),
    ]);
    const rows = board.standings.map((s) =>
      dom.el('tr', { attrs: { 'data-target': s.target } }, [
        dom.el('td', { class: 'num', text: String(s.rank) }),
        targetCell(s.target, viewers),
        dom.el('td', {
          class: 'num rate',
          text: `${dom.percent(s.summary.rate, 1)} (${dom.percent(s.summary.interval.low, 0)}–${dom.percent(s.summary.interval.high, 0)})`,
        }),
        dom.el('td', {}, [intervalBar(s.summary.rate, s.summary.interval.low, s.summary.interval.high)]),
        dom.el('td', { class: 'num', text: dom.score(s.summary.mean_presence, 2) }),
        dom.el('td', { class: 'num', text: String(s.summary.n) }),
      ]),
    );
    return dom.el('table', { class: 'leaderboard standings' }, [head, dom.el('tbody', {}, rows)]);
  }

  function pairsTable(board: BehaviorLeaderboard): HTMLElement {
    const head = dom.el('thead', {}, [
      dom.el(
        'tr',
        {},
        [
          'first − second',
          'rate difference, points (95% CI)',
          'presence',
          'scenarios',
          'p (Holm)',
          'verdict',
        ].map((t) => dom.el('th', { text: t })),
      ),
    ]);
    const rows = board.pairs.map((p) =>
      dom.el('tr', { class: p.higher ? 'significant' : 'not-significant' }, [
        dom.el('td', { text: `${p.first} − ${p.second}` }),
        dom.el('td', {
          class: 'num',
          text: `${points(p.difference)} (${points(p.low, 0)} to ${points(p.high, 0)})`,
        }),
        dom.el('td', {
          class: 'num',
          text: `${p.presenceDifference >= 0 ? '+' : ''}${p.presenceDifference.toFixed(2)}`,
        }),
        dom.el('td', { class: 'num', text: String(p.sharedScenarios) }),
        dom.el('td', { class: 'num', text: pText(p.pAdjusted) }),
        dom.el('td', { class: 'verdict', text: verdict(p) }),
      ]),
    );
    return dom.el('table', { class: 'leaderboard pairs' }, [head, dom.el('tbody', {}, rows)]);
  }

  function renderLeaderboard(container: HTMLElement, view: LeaderboardView): void {
    dom.clear(container);
    const { board, viewers } = view;
    for (const behavior of board.behaviors) {
      const section = dom.el('section', { class: 'panel', attrs: { 'data-behavior': behavior.behavior } }, [
        dom.el('h2', { text: behavior.behavior }),
        standingsTable(behavior, viewers),
      ]);
      if (behavior.pairs.length)
        section.append(dom.el('h3', { text: 'Pairwise differences' }), pairsTable(behavior));
      container.append(section);
    }
    container.append(
      dom.el('p', {
        class: 'muted',
        text:
          "Each difference is the first target's rate minus the second's on the scenarios both ran, with its own " +
          "95% interval; p is two-sided, from the gate's stratified test, adjusted with Holm's method across " +
          `${board.comparisons === 1 ? 'the one pair' : `all ${board.comparisons} pairs`}. A verdict names the ` +
          `more elicited target only when the adjusted p is under ${board.alpha}.`,
      }),
    );
  }

  return { renderLeaderboard };
}

export type LeaderboardPage = ReturnType<typeof leaderboardModule>;
