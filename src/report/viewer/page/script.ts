// The page script: each page module's source (Function.prototype.toString) called in order with the
// modules it depends on. Modules use only their parameters and browser globals, so their source runs
// unchanged in the page however this file was loaded (Node type stripping, esbuild, vitest).

import { comparisonModule } from './comparison.ts';
import { decisionModule } from './decision.ts';
import { domModule } from './dom.ts';
import { leaderboardModule } from './leaderboard.ts';
import { listModule } from './list.ts';
import { mainModule } from './main.ts';
import { markModule } from './mark.ts';
import { markdownModule } from './markdown.ts';
import { stringsModule } from './strings.ts';
import { suiteModule } from './suite.ts';
import { transcriptModule } from './transcript.ts';
import { trendModule } from './trend.ts';

export const PAGE_SCRIPT = `'use strict';
(() => {
  const dom = (${domModule})();
  const mark = (${markModule})(dom);
  const list = (${listModule})(dom);
  const markdown = (${markdownModule})(dom);
  const suite = (${suiteModule})(dom, markdown);
  const trend = (${trendModule})(dom);
  const comparison = (${comparisonModule})(dom);
  const decision = (${decisionModule})(dom);
  const transcript = (${transcriptModule})(dom, mark);
  const strings = (${stringsModule})();
  const leaderboard = (${leaderboardModule})(dom);
  (${mainModule})(dom, suite, trend, comparison, decision, list, transcript, strings, leaderboard);
})();
`;
