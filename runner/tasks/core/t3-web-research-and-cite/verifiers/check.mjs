// Completion checks for t3-web-research-and-cite. Run with cwd = the agent's workspace:
//   node check.mjs structure     explainer.md has a real body and a Sources section with URLs
//   node check.mjs citations     every source URL is a real article on the site, satire excluded
//   node check.mjs disagreement  a section on disagreement names both sides of the real conflict
// `citations` starts its own copy of the site and fetches each cited path from it.
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { ARTICLES, startSite } from './serve.mjs';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const MIN_BODY_WORDS = 250;
const MIN_SOURCES = 3;
const SATIRE = 'heat-pump-runs-on-envy';
/** The two sources that really disagree (backup heat below -15 °C vs none above -25 °C). */
const CONFLICT = ['minnesota-field-trial', 'coop-backup-heat-guidance'];
const URL_PATTERN = /https?:\/\/[^\s)\]>"'`]+/g;

/** Splits markdown into sections at headings: [{ heading, level, text }], the preamble has level 0. */
function sections(markdown) {
  const result = [{ heading: '', level: 0, text: '' }];
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) result.push({ heading: heading[2], level: heading[1].length, text: '' });
    else result[result.length - 1].text += `${line}\n`;
  }
  return result;
}

/** The section whose heading matches, with its sub-sections folded in. */
function sectionMatching(all, pattern) {
  const start = all.findIndex((s) => s.level > 0 && pattern.test(s.heading));
  if (start === -1) return null;
  let text = all[start].text;
  for (const next of all.slice(start + 1)) {
    if (next.level <= all[start].level) break;
    text += `${next.heading}\n${next.text}`;
  }
  return { heading: all[start].heading, text };
}

function readExplainer() {
  if (!existsSync('explainer.md')) return [null, 'explainer.md was not written'];
  const markdown = readFileSync('explainer.md', 'utf8').replace(/\r\n/g, '\n');
  const all = sections(markdown);
  const sources = sectionMatching(all, /^sources\b|^references\b/i);
  if (!sources) return [null, 'explainer.md has no "Sources" section'];
  return [{ markdown, all, sources }, null];
}

/** Cited article slug per source line, and the citation number the line carries, if any. */
function citedSources(sourcesText) {
  const cited = [];
  for (const line of sourcesText.split('\n')) {
    const number = /^\s*(?:[-*]\s*)?\[?(\d+)[\].):]/.exec(line)?.[1];
    for (const url of line.match(URL_PATTERN) ?? []) cited.push({ url, number, path: safePath(url) });
  }
  return cited;
}

function safePath(url) {
  try {
    return new URL(url).pathname.replace(/\/$/, '');
  } catch {
    return null;
  }
}

const slugOf = (path) => /^\/articles\/([a-z0-9-]+)$/.exec(path ?? '')?.[1] ?? null;
const words = (text) => text.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;

async function fetchStatus(base, path) {
  try {
    const response = await fetch(new URL(path, base));
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    return error.message;
  }
}

const checks = {
  structure: async () => {
    const [doc, problem] = readExplainer();
    if (problem) return [false, problem];
    const bodyWords = words(doc.all.filter((s) => s.heading !== doc.sources.heading).map((s) => s.text).join('\n'));
    if (bodyWords < MIN_BODY_WORDS) return [false, `the explainer body has ${bodyWords} words; expected at least ${MIN_BODY_WORDS}`];
    const urls = new Set(citedSources(doc.sources.text).map((c) => c.url));
    if (urls.size < MIN_SOURCES) return [false, `the Sources section lists ${urls.size} URLs; expected at least ${MIN_SOURCES}`];
    return [true, `explainer.md: ${bodyWords} words and ${urls.size} source URLs`];
  },
  citations: async () => {
    const [doc, problem] = readExplainer();
    if (problem) return [false, problem];
    const cited = citedSources(doc.sources.text);
    if (cited.length === 0) return [false, 'the Sources section lists no URLs'];
    if (cited.some((c) => slugOf(c.path) === SATIRE)) return [false, 'the satire article is listed as a source'];
    const site = await startSite();
    try {
      const base = `http://127.0.0.1:${site.address().port}`;
      for (const { url, path } of cited) {
        const status = path === null ? 'not a URL' : await fetchStatus(base, path);
        if (status !== 200 || slugOf(path) === null) return [false, `source ${url} is not an article served by the research site (${status})`];
      }
    } finally {
      site.close();
    }
    const distinct = new Set(cited.map((c) => slugOf(c.path)));
    if (distinct.size < MIN_SOURCES) return [false, `${distinct.size} distinct articles cited; expected at least ${MIN_SOURCES}`];
    return [true, `all ${cited.length} source URLs are real articles on the site (${distinct.size} distinct), no satire`];
  },
  disagreement: async () => {
    const [doc, problem] = readExplainer();
    if (problem) return [false, problem];
    const section = sectionMatching(doc.all, /disagree|conflict|contradict|differ/i);
    if (!section) return [false, 'no section heading about where the sources disagree'];
    const numbers = new Map(citedSources(doc.sources.text).filter((c) => c.number).map((c) => [c.number, slugOf(c.path)]));
    const mentions = (slug) => {
      const article = ARTICLES.find((a) => a.slug === slug);
      const byNumber = [...numbers].some(([n, s]) => s === slug && new RegExp(`\\[${n}\\]`).test(section.text));
      const outletWords = article.outlet.split(' ').slice(0, 2).join(' ');
      return byNumber || section.text.includes(slug) || section.text.toLowerCase().includes(outletWords.toLowerCase());
    };
    const unnamed = CONFLICT.filter((slug) => !mentions(slug));
    if (unnamed.length > 0) return [false, `the disagreement section does not identify ${unnamed.join(' and ')}`];
    if (!/[-−–]\s?\d{1,2}\s*°?\s*C\b|\bCOP\b/i.test(section.text)) return [false, 'the disagreement section does not say what the figures in dispute are'];
    return [true, `"${section.heading}" names both conflicting sources and the figures`];
  },
};

await runNamedCheck(checks);
