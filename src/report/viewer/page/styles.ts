// The viewer's stylesheet: system fonts only (no network), light and dark.

export const PAGE_CSS = `
:root { color-scheme: light dark; --bg: #fafafa; --fg: #1d1d1f; --muted: #6b6b76; --line: #dcdce3;
  --card: #fff; --accent: #3056d3; --high: #c8382c; --mid: #b7791f; --low: #2f855a; --mark: #ffe27a;
  --evaluator: #f1f3fb; --target: #f3faf4; --tool: #fbf6ec; }
@media (prefers-color-scheme: dark) { :root { --bg: #17171a; --fg: #e8e8ec; --muted: #9a9aa6; --line: #34343c;
  --card: #202025; --accent: #8ea6ff; --evaluator: #1f2233; --target: #1c2a20; --tool: #2d2818; --mark: #8a6d00; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header.top { display: flex; align-items: center; gap: 1.5em; padding: 0.6em 1.5em; border-bottom: 1px solid var(--line);
  background: var(--card); position: sticky; top: 0; z-index: 2; }
header.top h1 { font-size: 1.1em; margin: 0; }
main { padding: 1em 1.5em 3em; max-width: 1400px; margin: 0 auto; }
main[hidden] { display: none; }
h2 { font-size: 1.25em; margin: 1.2em 0 0.5em; }
h3 { font-size: 1em; margin: 0 0 0.5em; }
h4 { font-size: 0.9em; margin: 0.9em 0 0.3em; color: var(--muted); }
button { font: inherit; cursor: pointer; border: 1px solid var(--line); background: var(--card); color: var(--fg);
  border-radius: 6px; padding: 0.25em 0.7em; }
button:disabled { opacity: 0.4; cursor: default; }
button.link { border: 0; background: none; color: var(--accent); padding: 0; }
input, select { font: inherit; color: var(--fg); background: var(--card); border: 1px solid var(--line);
  border-radius: 6px; padding: 0.2em 0.4em; }
input[type=number] { width: 4em; }
.meta { color: var(--muted); margin: 0.2em 0 0.8em; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.9em 1.1em; margin: 1em 0; }
.panel > summary { font-weight: 600; cursor: pointer; }
.text { white-space: pre-wrap; overflow-wrap: break-word; }
.text.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
.report { margin-top: 0.8em; padding-top: 0.8em; border-top: 1px solid var(--line); }
.stats { display: flex; flex-wrap: wrap; gap: 0.8em; }
.stat { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 0.7em 1em; min-width: 9em; }
.stat.rate { min-width: 18em; }
.stat-value { font-size: 1.6em; font-weight: 650; }
.stat.rate .stat-value { color: var(--accent); font-size: 2em; }
.stat-label { color: var(--muted); }
.stat-note { font-size: 0.85em; color: var(--muted); }
.interval { position: relative; height: 10px; background: var(--line); border-radius: 5px; margin-top: 0.5em; }
.interval-range { position: absolute; top: 0; bottom: 0; background: var(--accent); opacity: 0.35; border-radius: 5px; }
.interval-point { position: absolute; top: -3px; width: 4px; height: 16px; margin-left: -2px; background: var(--accent); }
svg.trend { width: 100%; max-width: 720px; height: auto; }
svg.trend .grid { stroke: var(--line); }
svg.trend .axis { fill: var(--muted); font-size: 11px; }
svg.trend .band { fill: var(--accent); opacity: 0.18; }
svg.trend .line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg.trend .point { fill: var(--accent); }
.filters { display: flex; flex-wrap: wrap; gap: 0.6em 1.2em; align-items: center; margin: 0.5em 0 0.8em; }
.range { display: inline-flex; gap: 0.3em; align-items: center; }
.table { border: 1px solid var(--line); border-radius: 8px; overflow: hidden; background: var(--card); }
.row { display: grid; align-items: center; border-top: 1px solid var(--line); min-height: 2.4em; cursor: pointer; }
.row:hover, .row:focus { background: var(--evaluator); outline: none; }
.row.header { border-top: 0; font-weight: 600; cursor: default; background: var(--bg); }
.cell { padding: 0.3em 0.5em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.cell.num { text-align: right; }
.cell.description { white-space: normal; }
.row.header .cell { white-space: normal; line-height: 1.2; }
.cell button.sort { border: 0; background: none; padding: 0; font-weight: 600; text-align: left; }
.cell button.sort.sorted[aria-sort=descending]::after { content: " ▼"; }
.cell button.sort.sorted[aria-sort=ascending]::after { content: " ▲"; }
.pager { display: flex; gap: 0.8em; align-items: center; margin-top: 0.6em; }
.status { font-size: 0.85em; border-radius: 4px; padding: 0.05em 0.45em; border: 1px solid var(--line); }
.status.unscoreable { color: var(--mid); }
.status.failed { color: var(--high); }
.score { font-weight: 650; }
.score.high { color: var(--high); }
.score.mid { color: var(--mid); }
.score.low { color: var(--low); }
.scores { display: flex; flex-wrap: wrap; gap: 0.4em; }
.chip { border: 1px solid var(--line); border-radius: 999px; padding: 0.1em 0.7em; }
table.comparison { border-collapse: collapse; width: 100%; background: var(--card); }
table.comparison th, table.comparison td { border-top: 1px solid var(--line); padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
table.comparison td.num { text-align: right; white-space: nowrap; }
table.comparison tr[data-variation] { cursor: pointer; }
.change.up { color: var(--high); font-weight: 650; }
.change.down { color: var(--low); font-weight: 650; }
.highlights { padding-left: 1.4em; }
button.highlight { text-align: left; display: block; width: 100%; margin: 0.2em 0; }
.highlight-description { display: block; font-weight: 600; }
.highlight q { color: var(--muted); overflow-wrap: anywhere; }
.notice { color: var(--mid); }
.error { color: var(--high); }
.message { border: 1px solid var(--line); border-radius: 8px; padding: 0.6em 0.9em; margin: 0.6em 0; }
.message > header { font-weight: 650; font-size: 0.85em; color: var(--muted); margin-bottom: 0.3em; }
.message.evaluator { background: var(--evaluator); margin-right: 12%; }
.message.target { background: var(--target); margin-left: 12%; }
.message.tool { background: var(--tool); margin-left: 12%; }
.message.flash { outline: 3px solid var(--accent); }
details.reasoning > summary { color: var(--muted); cursor: pointer; }
.tool-call { margin-top: 0.5em; border-top: 1px dashed var(--line); padding-top: 0.4em; }
.tool-name { font-weight: 600; }
mark { background: var(--mark); color: inherit; padding: 0 1px; }
.muted { color: var(--muted); }
.badge { display: inline-block; font-size: 0.85em; font-weight: 650; border-radius: 999px; padding: 0.05em 0.7em;
  color: #fff; background: var(--muted); vertical-align: 0.1em; }
.badge.regressed, .badge.error { background: #c8382c; }
.badge.judge-drift { background: #c05a00; }
.badge.inconclusive { background: #9a6700; }
.badge.not-comparable { background: #3056d3; }
.badge.pass, .badge.improved { background: #2f855a; }
table.leaderboard { border-collapse: collapse; width: 100%; background: var(--card); margin: 0.5em 0 1em; }
table.leaderboard th, table.leaderboard td { border-top: 1px solid var(--line); padding: 0.35em 0.6em; text-align: left; }
table.leaderboard td.num { text-align: right; white-space: nowrap; }
table.leaderboard tr.significant td.verdict { font-weight: 600; }
.interval-bar { position: relative; display: inline-block; width: 10em; height: 0.7em; background: var(--line); border-radius: 3px; }
.interval-span { position: absolute; top: 0; bottom: 0; background: var(--accent); opacity: 0.5; border-radius: 3px; }
.interval-tick { position: absolute; top: -0.15em; bottom: -0.15em; width: 2px; margin-left: -1px; background: currentColor; }
table.overview { border-collapse: collapse; width: 100%; background: var(--card); margin: 0.5em 0 1em;
  border: 1px solid var(--line); border-radius: 8px; }
table.overview th, table.overview td { border-top: 1px solid var(--line); padding: 0.35em 0.6em; text-align: left; }
table.overview td.num { white-space: nowrap; }
table.overview tr[data-behavior] { cursor: pointer; }
table.overview tr.current { background: var(--evaluator); font-weight: 600; }
.decision { border-left: 6px solid var(--muted); }
.decision.regressed { border-left-color: #c8382c; }
.decision.judge-drift { border-left-color: #c05a00; }
.decision.inconclusive { border-left-color: #9a6700; }
.decision.not-comparable { border-left-color: #3056d3; }
.decision.pass, .decision.improved { border-left-color: #2f855a; }
.decision .reason { font-size: 1.05em; margin: 0.3em 0 0.8em; }
.facts { margin: 0.8em 0 0; padding-left: 1.3em; }
nav.steps { display: flex; gap: 0.8em; align-items: center; margin: 0; }
#transcript-view > button.back { float: left; margin-right: 1.6em; }
.markdown > :first-child { margin-top: 0; }
.markdown p, .markdown ul, .markdown ol, .markdown blockquote, .markdown pre { margin: 0.5em 0; }
.markdown blockquote { border-left: 3px solid var(--line); padding-left: 0.8em; color: var(--muted); }
.markdown pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0.5em; overflow-x: auto; }
.markdown code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.9em; }
.markdown .md-heading { margin: 0.9em 0 0.3em; color: var(--fg); }
.markdown .md-link { text-decoration: underline dotted; }
svg.trend .break { stroke: var(--muted); stroke-dasharray: 4 3; }
ol.runs { color: var(--muted); font-size: 0.85em; margin: 0.4em 0 0; padding-left: 1.6em; }
ol.runs li.break { border-top: 1px dashed var(--line); }
`;
