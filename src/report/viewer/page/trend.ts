/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The trend chart: the elicitation rate of each past run with its interval as a band, as inline SVG. Each point
// names its commit and target; runs of another suite, config or target are drawn apart, with a dashed break
// between stretches, never joined by the line. Browser code: see dom.ts on what it may reference.

import type { HistoryPoint } from '../types.ts';
import type { Dom } from './dom.ts';

export function trendModule(dom: Dom) {
  const WIDTH = 640;
  const HEIGHT = 180;
  const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

  /** `abc1234` for a commit, else the run's date. */
  function label(p: HistoryPoint): string {
    return p.commit ? p.commit.slice(0, 7) : p.time.slice(0, 10);
  }

  function describe(p: HistoryPoint): string {
    const parts = [
      p.time,
      p.commit ? `commit ${p.commit.slice(0, 12)}` : '',
      p.target ? `target ${p.target}` : '',
    ];
    const rate = `${dom.percent(p.rate, 1)} (${dom.percent(p.low, 1)}–${dom.percent(p.high, 1)})`;
    return `${parts.filter(Boolean).join(' · ')}: ${rate}`;
  }

  function renderTrend(points: HistoryPoint[]): SVGElement {
    const innerWidth = WIDTH - PAD.left - PAD.right;
    const innerHeight = HEIGHT - PAD.top - PAD.bottom;
    const x = (i: number) =>
      PAD.left + (points.length === 1 ? innerWidth / 2 : (i / (points.length - 1)) * innerWidth);
    const y = (rate: number) => PAD.top + (1 - rate) * innerHeight;
    const children: Node[] = [];
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      children.push(
        dom.svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick), class: 'grid' }),
        dom.svg('text', { x: PAD.left - 6, y: y(tick) + 4, 'text-anchor': 'end', class: 'axis' }, [
          document.createTextNode(dom.percent(tick)),
        ]),
      );
    }
    // One band and line per stretch of comparable runs.
    const stretches = new Map<number, number[]>();
    points.forEach((p, i) => {
      stretches.set(p.stretch, [...(stretches.get(p.stretch) ?? []), i]);
    });
    for (const indices of stretches.values()) {
      const upper = indices.map((i) => `${x(i)},${y((points[i] as HistoryPoint).high)}`);
      const lower = indices.map((i) => `${x(i)},${y((points[i] as HistoryPoint).low)}`).reverse();
      children.push(dom.svg('polygon', { points: [...upper, ...lower].join(' '), class: 'band' }));
      children.push(
        dom.svg('polyline', {
          points: indices.map((i) => `${x(i)},${y((points[i] as HistoryPoint).rate)}`).join(' '),
          class: 'line',
        }),
      );
    }
    points.forEach((p, i) => {
      const previous = points[i - 1];
      if (previous && previous.stretch !== p.stretch) {
        const at = (x(i - 1) + x(i)) / 2;
        children.push(
          dom.svg('line', { x1: at, x2: at, y1: PAD.top, y2: HEIGHT - PAD.bottom, class: 'break' }, [
            dom.svg('title', {}, [document.createTextNode('suite, settings or target changed: not joined')]),
          ]),
        );
      }
      const title = dom.svg('title', {}, [document.createTextNode(describe(p))]);
      children.push(
        dom.svg(
          'circle',
          { cx: x(i), cy: y(p.rate), r: 3.5, class: 'point', 'data-commit': p.commit ?? '' },
          [title],
        ),
      );
    });
    const first = points[0];
    const last = points[points.length - 1];
    if (first && last) {
      children.push(
        dom.svg(
          'text',
          { x: x(0), y: HEIGHT - 8, 'text-anchor': points.length === 1 ? 'middle' : 'start', class: 'axis' },
          [document.createTextNode(label(first))],
        ),
      );
      if (points.length > 1) {
        children.push(
          dom.svg('text', { x: x(points.length - 1), y: HEIGHT - 8, 'text-anchor': 'end', class: 'axis' }, [
            document.createTextNode(label(last)),
          ]),
        );
      }
    }
    return dom.svg(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        class: 'trend',
        role: 'img',
        'aria-label': 'elicitation rate over time',
      },
      children,
    );
  }

  /** Under the chart: each run, oldest first, by commit and target, so no point needs a hover to be named. */
  function renderRunList(points: HistoryPoint[]): HTMLElement {
    return dom.el(
      'ol',
      { class: 'runs' },
      points.map((p, i) => {
        const broke = i > 0 && points[i - 1]?.stretch !== p.stretch;
        return dom.el('li', { class: broke ? 'break' : '' }, [describe(p)]);
      }),
    );
  }

  return { renderTrend, renderRunList };
}
