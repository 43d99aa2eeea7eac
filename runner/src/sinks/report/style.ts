/** The HTML report's inline stylesheet and script (the page loads nothing from the network). */

export const REPORT_CSS = `
:root { --ink: #1d2330; --muted: #6b7385; --line: #e3e6ee; --bg: #f6f7fb; --card: #fff; --accent: #3b5bdb; --bad: #c92a2a; --ok: #2b8a3e; --warn: #e67700; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 32px 64px; }
header h1 { margin: 0 0 4px; font-size: 26px; letter-spacing: -0.01em; }
.subtitle { margin: 0 0 2px; font-size: 15px; }
h2 { font-size: 18px; margin: 0 0 12px; }
h3 { font-size: 14px; margin: 16px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin-top: 18px; }
section.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; }
.card-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.05em; }
.card-value { font-size: 26px; font-weight: 650; margin: 4px 0; }
.card-detail { color: var(--muted); font-size: 12.5px; }
.big { padding: 0 10px; border-radius: 8px; }
.two { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; }
.two.even { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
section.two { display: grid; }
.muted, .note { color: var(--muted); }
.note { font-size: 12.5px; margin: 6px 0 0; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; vertical-align: 2px; }
.badge.ok { background: #d3f9d8; color: var(--ok); }
.badge.bad { background: #ffe3e3; color: var(--bad); }
.badge.warn { background: #fff3bf; color: var(--warn); }
.warn-text { color: var(--warn); }
.pill { display: inline-block; padding: 1px 8px; border-radius: 6px; font-variant-numeric: tabular-nums; font-weight: 600; }
.tag { display: inline-block; font-size: 11.5px; padding: 0 6px; margin-left: 6px; border-radius: 4px; background: #edf0f7; color: #3c4458; }
.tag.bad { background: #ffe3e3; color: var(--bad); }
svg.chart { max-width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .tick { fill: var(--muted); font-size: 11px; }
svg .label { fill: var(--ink); font-size: 12.5px; }
svg .value { fill: var(--ink); font-size: 12px; font-variant-numeric: tabular-nums; }
svg .whisker { stroke: var(--ink); stroke-width: 1.5; }
svg .line { fill: none; stroke: var(--accent); stroke-width: 2; }
svg .dot { fill: var(--accent); }
svg .point { stroke: #333; stroke-width: 0.6; }
svg .point-label { fill: var(--ink); font-size: 11px; }
svg .axis-label { fill: var(--muted); font-size: 12px; }
table { border-collapse: collapse; width: 100%; }
.heatmap th, .heatmap td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
.heatmap thead th { font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; }
.heatmap .task-name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 600; font-size: 13px; }
.heatmap .cell { text-align: center; font-variant-numeric: tabular-nums; font-weight: 600; border: 2px solid #fff; border-radius: 6px; }
.heatmap .cell a { color: inherit; text-decoration: none; display: block; }
.heatmap .cell.empty { background: #f1f3f5; }
.heatmap .cell.excluded { background: repeating-linear-gradient(45deg, #f1f3f5, #f1f3f5 4px, #dee2e6 4px, #dee2e6 8px); color: var(--muted); font-weight: 400; }
.heatmap .mark { font-weight: 700; }
.heatmap .num { text-align: right; font-variant-numeric: tabular-nums; }
.heatmap .modes { color: var(--muted); font-size: 12.5px; white-space: normal; }
.heatmap tbody tr:hover { background: #f8f9fc; }
.count-row { display: grid; grid-template-columns: 190px 1fr 36px; align-items: center; gap: 8px; margin: 5px 0; }
.count-name { font-size: 13px; }
.count-bar { height: 14px; background: #ff8787; border-radius: 3px; }
.count-n { text-align: right; font-variant-numeric: tabular-nums; }
details.run { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: #fcfcfe; }
details.run > summary { cursor: pointer; padding: 9px 12px; list-style-position: inside; }
details.run[open] > summary { border-bottom: 1px solid var(--line); }
.run-body { padding: 10px 14px 14px; }
table.axes th { text-align: left; width: 110px; color: var(--muted); font-weight: 600; padding: 2px 0; vertical-align: top; }
table.axes td { padding: 2px 0; }
ul.checks { padding-left: 18px; margin: 8px 0; }
ul.checks li.ok { color: var(--ok); }
ul.checks li.bad { color: var(--bad); }
.timeline { margin-top: 10px; display: flex; flex-direction: column; gap: 8px; }
.phase { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; border-top: 1px dashed var(--line); padding-top: 6px; }
.msg { border-radius: 8px; padding: 8px 12px; max-width: 900px; }
.msg.user { background: #e7f5ff; align-self: flex-end; }
.msg.assistant { background: #f3f0ff; }
.msg .who { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.05em; }
.msg .text { white-space: pre-wrap; word-break: break-word; }
.call { border-left: 3px solid #adb5bd; padding: 4px 10px; background: #fff; }
.call.failed { border-left-color: var(--bad); }
.call-head code { font-weight: 700; }
pre { margin: 4px 0; padding: 8px; background: #f8f9fa; border-radius: 6px; overflow: auto; max-height: 320px; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; word-break: break-word; }
details.result summary { cursor: pointer; color: var(--muted); font-size: 12px; }
button { font: inherit; padding: 3px 10px; border: 1px solid var(--line); background: #fff; border-radius: 6px; cursor: pointer; }
section.fine { font-size: 12.5px; color: var(--muted); }
@media (max-width: 900px) { .two { grid-template-columns: 1fr; } main { padding: 16px; } }
`;

export const REPORT_SCRIPT = `
for (const button of document.querySelectorAll('button[data-toggle]')) {
  button.addEventListener('click', () => {
    const open = button.getAttribute('data-toggle') === 'open';
    for (const run of document.querySelectorAll('details.run')) run.open = open;
  });
}
if (location.hash) {
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.tagName === 'DETAILS') target.open = true;
}
for (const link of document.querySelectorAll('.heatmap a[href^="#"]')) {
  link.addEventListener('click', () => {
    const target = document.getElementById(link.getAttribute('href').slice(1));
    if (target) target.open = true;
  });
}
`;
