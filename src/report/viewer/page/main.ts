/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The page: reads the embedded data, builds the suite page (opening with the gate's decisions) and the transcript
// page, and routes between them with the URL hash (#behavior=...&rollout=v3r1, the address ../anchor.ts writes),
// which works from file:// with no server. The transcript page steps through the list in its current order.
// Browser code: see dom.ts on what it may reference.

import type { ViewerData } from '../types.ts';
import type { comparisonModule } from './comparison.ts';
import type { Decision } from './decision.ts';
import type { Dom } from './dom.ts';
import type { LeaderboardPage } from './leaderboard.ts';
import type { List } from './list.ts';
import type { Strings } from './strings.ts';
import type { suiteModule } from './suite.ts';
import type { transcriptModule } from './transcript.ts';
import type { trendModule } from './trend.ts';

export function mainModule(
  dom: Dom,
  suite: ReturnType<typeof suiteModule>,
  trend: ReturnType<typeof trendModule>,
  comparison: ReturnType<typeof comparisonModule>,
  decision: Decision,
  list: List,
  transcript: ReturnType<typeof transcriptModule>,
  strings: Strings,
  leaderboard: LeaderboardPage,
) {
  const block = (id: string) => (document.getElementById(id) as HTMLElement | null)?.textContent ?? '';
  const table: string[] = JSON.parse(block('bloom-strings') || '[]');
  const data: ViewerData = JSON.parse(block('bloom-data') || '{}', strings.reviverFor(table));
  const app = document.getElementById('app') as HTMLElement;
  document.title = data.title;

  const suiteView = dom.el('main', { attrs: { id: 'suite-view' } });
  const transcriptView = dom.el('main', { attrs: { id: 'transcript-view' } });
  const back = dom.el('button', { class: 'back', text: '← all rollouts', attrs: { 'data-action': 'back' } });
  const transcriptBody = dom.el('div', { attrs: { id: 'transcript' } });
  transcriptView.append(back, transcriptBody);

  const switcher = dom.el(
    'select',
    { attrs: { id: 'behavior', 'aria-label': 'behavior' } },
    data.behaviors.map((b) => dom.el('option', { text: b.name, attrs: { value: b.name } })),
  );
  app.append(
    dom.el('header', { class: 'top' }, [
      dom.el('h1', { text: data.title }),
      data.behaviors.length > 1 ? dom.el('label', {}, ['behavior ', switcher]) : '',
    ]),
    suiteView,
    transcriptView,
  );
  // Several targets ranked: the page is the leaderboard; each target's rollouts are in its own viewer.
  if (data.leaderboard) {
    transcriptView.hidden = true;
    const section = dom.el('section', { attrs: { id: 'leaderboard' } });
    leaderboard.renderLeaderboard(section, data.leaderboard);
    suiteView.append(section);
    document.body.setAttribute('data-ready', 'true');
    return;
  }

  function route(): { behavior: string; rollout: string | null } {
    const params = new URLSearchParams(location.hash.slice(1));
    const first = data.behaviors[0]?.name ?? '';
    const behavior = params.get('behavior') ?? first;
    return {
      behavior: data.behaviors.some((b) => b.name === behavior) ? behavior : first,
      rollout: params.get('rollout'),
    };
  }

  function go(behavior: string, rollout: string | null): void {
    const params = new URLSearchParams({ behavior });
    if (rollout) params.set('rollout', rollout);
    location.hash = params.toString();
  }

  let shownBehavior: string | null = null;
  let suiteScroll = 0;
  let listOrder: () => string[] = () => [];

  function renderSuitePage(name: string): void {
    const behavior = data.behaviors.find((b) => b.name === name);
    if (!behavior) return;
    dom.clear(suiteView);
    if (data.behaviors.some((b) => b.decision) || data.behaviors.length > 1) {
      const overview = dom.el('section', { attrs: { id: 'overview' } });
      decision.renderOverview(overview, data.behaviors, name, (other) => go(other, null));
      suiteView.append(overview);
    }
    decision.renderWarnings(suiteView, data.gate);
    const why = dom.el('div');
    decision.renderDecision(why, behavior, data.gate, data.noDecision);
    const summary = dom.el('section', { attrs: { id: 'suite' } });
    suite.renderSuite(summary, behavior);
    suiteView.append(dom.el('h2', { text: behavior.name }), why, summary);
    if (behavior.history.length) {
      suiteView.append(
        dom.el('section', { class: 'panel', attrs: { id: 'trend' } }, [
          dom.el('h3', { text: `Trend (${behavior.history.length} runs)` }),
          trend.renderTrend(behavior.history),
          trend.renderRunList(behavior.history),
        ]),
      );
    }
    if (behavior.comparison) {
      const section = dom.el('section', { attrs: { id: 'comparison' } });
      comparison.renderComparison(
        section,
        behavior.comparison,
        data.baselineName ?? 'baseline',
        (variation) => {
          const rows = behavior.rows.filter((r) => r.variation === variation);
          const target = rows.find((r) => r.hasTranscript) ?? rows[0];
          if (target) go(behavior.name, target.key);
        },
      );
      suiteView.append(section);
    }
    const rollouts = dom.el('section', { attrs: { id: 'rollouts' } });
    suiteView.append(dom.el('h2', { text: `Rollouts (${behavior.rows.length})` }), rollouts);
    listOrder = list.createRolloutList(rollouts, behavior, (key) => go(behavior.name, key)).visibleKeys;
    shownBehavior = name;
  }

  /** The rollouts either side of `key` in the list as filtered and sorted (all rollouts when it is filtered out). */
  function neighbours(behavior: string, key: string) {
    const order = listOrder();
    const at = order.indexOf(key);
    const all = data.behaviors.find((b) => b.name === behavior)?.rows.map((r) => r.key) ?? [];
    const keys = at >= 0 ? order : all;
    const index = keys.indexOf(key);
    return {
      previous: index > 0 ? (keys[index - 1] ?? null) : null,
      next: index >= 0 && index < keys.length - 1 ? (keys[index + 1] ?? null) : null,
      position: at >= 0 ? at + 1 : 0,
      total: order.length,
      open: (other: string) => go(behavior, other),
    };
  }

  function render(): void {
    const { behavior: name, rollout } = route();
    switcher.value = name;
    if (shownBehavior !== name) renderSuitePage(name);
    const behavior = data.behaviors.find((b) => b.name === name);
    const row = rollout ? behavior?.rows.find((r) => r.key === rollout) : undefined;
    const detail = row ? behavior?.details[row.key] : undefined;
    if (behavior && row && detail) {
      if (!suiteView.hidden) suiteScroll = window.scrollY;
      transcript.renderTranscript(transcriptBody, behavior, row, detail, neighbours(behavior.name, row.key));
      suiteView.hidden = true;
      transcriptView.hidden = false;
      window.scrollTo(0, 0);
    } else {
      dom.clear(transcriptBody);
      transcriptView.hidden = true;
      suiteView.hidden = false;
      window.scrollTo(0, suiteScroll);
    }
  }

  switcher.addEventListener('change', () => go(switcher.value, null));
  // Left and right arrows step through transcripts, unless the reader is typing in a field.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null;
    if (transcriptView.hidden || target?.closest('input, select, textarea')) return;
    const which = event.key === 'ArrowLeft' ? 'previous' : event.key === 'ArrowRight' ? 'next' : null;
    const button = which
      ? transcriptBody.querySelector<HTMLButtonElement>(`button[data-nav="${which}"]`)
      : null;
    if (button && !button.disabled) button.click();
  });
  back.addEventListener('click', () => go(route().behavior, null));
  window.addEventListener('hashchange', render);
  render();
  document.body.setAttribute('data-ready', 'true');
}
