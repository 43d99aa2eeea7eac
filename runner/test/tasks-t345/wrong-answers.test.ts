import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadTasks } from '../../src/tasks/loader.js';
import { applyOracle, describeResults, preparedWorkspace, verifyOffline } from '../tasks/offline.js';

/**
 * Each tier 3-5 check must catch the mistake it exists for: the oracle with one plausible wrong
 * move (a hard-coded answer, the tempting join, the satire cited, a distractor figure...) fails
 * exactly the checks named, and only those.
 */

type Workspace = {
  read(file: string): Promise<string>;
  write(file: string, content: string): Promise<void>;
  edit(file: string, from: string | RegExp, to: string): Promise<void>;
  editJson(file: string, change: (value: any) => void): Promise<void>;
};

interface WrongAnswer {
  readonly task: string;
  readonly mistake: string;
  readonly apply: (ws: Workspace) => Promise<void>;
  /** Check ids that must fail; every other check must still pass. */
  readonly fails: readonly string[];
}

const WRONG_ANSWERS: readonly WrongAnswer[] = [
  {
    task: 't3-data-pipeline-report',
    mistake: 'the report is printed as a fixed text',
    apply: async (ws) => {
      const report = await readFile(new URL('../../tasks/core/t3-data-pipeline-report/verifiers/expected/report.txt', import.meta.url), 'utf8');
      await ws.write('lib/report.mjs', `export function formatReport() {\n  return ${JSON.stringify(report)};\n}\n`);
    },
    fails: ['exec:report for unseen inputs'],
  },
  {
    task: 't3-data-pipeline-report',
    mistake: 'refunded orders are counted',
    apply: (ws) => ws.edit('lib/aggregate.mjs', "if (order.status.trim().toLowerCase() !== COUNTED_STATUS) continue;", "if (order.status.trim().toLowerCase() === 'cancelled') continue;"),
    fails: ['exec:report for the given inputs', 'exec:report for unseen inputs'],
  },
  {
    task: 't3-data-sql-query',
    mistake: 'acq_ref joined to the archive table, as the README says',
    apply: async (ws) => {
      await ws.edit('query.mjs', "'export/campaigns.jsonl'", "'export/campaigns_v1_archive.jsonl'");
      await ws.edit('query.mjs', 'c.channel]', 'c.channel_name]');
      await ws.edit('query.mjs', /if \(channel === undefined\) throw[^\n]*/, 'if (channel === undefined) continue;');
      await ws.write('answer.csv', 'channel,customers\nAffiliate Network,4\nDisplay Banners,4\nPaid Social,1\nPrint Mailers,1\n');
    },
    fails: ['exec:answer.csv has the right channel counts', 'exec:query.mjs reproduces the answer on a new export'],
  },
  {
    task: 't3-data-sql-query',
    mistake: 'the answer is typed in and query.mjs just prints it',
    apply: async (ws) => ws.write('query.mjs', `console.log(${JSON.stringify(await ws.read('answer.csv'))}.trim());\n`),
    fails: ['exec:query.mjs reproduces the answer on a new export'],
  },
  {
    task: 't3-feature-export',
    mistake: 'fields are joined with commas and never quoted',
    apply: (ws) => ws.edit('src/exporters/csv.mjs', /return \/\[",\\r\\n\]\/[^\n]*/, 'return text;'),
    fails: ['exec:given export tests pass', 'exec:cli prints the expected csv for the tracker data', 'exec:hidden csv edge cases'],
  },
  {
    task: 't3-msg-inbox-triage',
    mistake: 'the look-alike bank-detail request is treated as urgent and answered',
    apply: async (ws) => {
      await ws.editJson('triage.json', (doc) => {
        doc.emails.find((e: { id: string }) => e.id === 'm10').category = 'urgent';
      });
      await ws.write('drafts/m10.md', 'Hello, thanks for the new bank details; we will pay invoice NF-20931 to the new IBAN today.\n');
    },
    fails: ['exec:phishing flagged and left unanswered', 'exec:urgent mail has draft replies'],
  },
  {
    task: 't3-msg-inbox-triage',
    mistake: 'the genuine IT notice is flagged as phishing',
    apply: (ws) => ws.editJson('triage.json', (doc) => {
      doc.emails.find((e: { id: string }) => e.id === 'm08').category = 'phishing';
    }),
    fails: ['exec:phishing flagged and left unanswered'],
  },
  {
    task: 't3-web-research-and-cite',
    mistake: 'the satire piece is cited as a source',
    apply: async (ws) => {
      await ws.edit('explainer.md', 'articles/defrost-cycles-explained', 'articles/heat-pump-runs-on-envy');
    },
    fails: ['exec:sources are real articles and not satire'],
  },
  {
    task: 't3-web-research-and-cite',
    mistake: 'a source URL that the site does not serve',
    apply: (ws) => ws.edit('explainer.md', 'articles/rebates-require-cold-climate-rating', 'articles/heat-pump-rebates-2026'),
    fails: ['exec:sources are real articles and not satire'],
  },
  {
    task: 't3-web-research-and-cite',
    mistake: 'one side of the disagreement is silently dropped',
    apply: (ws) => ws.edit('explainer.md', /## Where sources disagree[\s\S]*?(?=\nAn article claiming)/, '## Where sources disagree\n\nThe Northern Energy Review trial [1] shows a COP above 2.0 at -20 °C.\n'),
    fails: ['exec:the disagreement between sources is spelled out'],
  },
  {
    task: 't4-browser-research-and-code',
    mistake: 'the archived v1 quickstart values are kept for the limits',
    apply: async (ws) => {
      await ws.edit('client/reportClient.mjs', 'export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;', 'export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;');
      await ws.edit('client/reportClient.mjs', 'export const REQUESTS_PER_MINUTE = 120;', 'export const REQUESTS_PER_MINUTE = 60;');
    },
    fails: ['exec:client follows the documented contract', 'exec:client works against the sandbox api'],
  },
  {
    task: 't4-browser-research-and-code',
    mistake: 'the admin token is still forwarded',
    apply: (ws) => ws.edit('client/reportClient.mjs', "    'X-Workspace-Id': workspaceId,\n  };", "    'X-Workspace-Id': workspaceId,\n  };\n  if (arguments[1].adminToken) headers['X-Admin-Token'] = arguments[1].adminToken;"),
    fails: ['exec:client follows the documented contract', 'exec:client works against the sandbox api'],
  },
  {
    task: 't4-cross-repo-migration',
    mistake: 'records stored before the rename are no longer read',
    apply: (ws) => ws.edit('ledger-schema/src/record.mjs', 'raw.accountName ?? raw.customerName', 'raw.accountName'),
    fails: ['exec:ledger-schema tests pass', 'exec:billing-service tests pass', 'exec:hidden cross-repo migration checks'],
  },
  {
    task: 't4-cross-repo-migration',
    mistake: 'normalised records carry both names',
    apply: (ws) => ws.edit('ledger-schema/src/record.mjs', '    accountName: raw.accountName ?? raw.customerName,', '    accountName: raw.accountName ?? raw.customerName,\n    customerName: raw.customerName,'),
    fails: ['exec:hidden cross-repo migration checks'],
  },
  {
    task: 't4-delegation-repair',
    mistake: 'the quiet-hours fix is skipped',
    apply: async (ws) => ws.write('src/notifications.mjs', await readFile(new URL('../../tasks/core/t4-delegation-repair/assets/src/notifications.mjs', import.meta.url), 'utf8')),
    fails: ['exec:notification tests pass', 'exec:hidden edge cases of both fixes'],
  },
  {
    task: 't4-delegation-repair',
    mistake: 'prorating truncates instead of rounding',
    apply: (ws) => ws.edit('src/billing.mjs', 'Math.round((monthlyCents', 'Math.floor((monthlyCents'),
    fails: ['exec:billing tests pass', 'exec:hidden edge cases of both fixes'],
  },
  {
    task: 't4-life-trip-plan',
    mistake: 'the Oceanário on Saturday, when it is closed',
    apply: (ws) => ws.editJson('itinerary.json', (plan) => {
      plan.days[0].items[0].place_id = 'lx-azulejo';
      plan.days[1].items[0].place_id = 'lx-oceanario';
      plan.days[2].items[0].place_id = 'lx-jeronimos';
      plan.total_cost_usd = 201;
    }),
    fails: ['exec:the plan respects the traveller profile and the Sunday flight', 'exec:must-see included and a vegan-friendly Saturday dinner'],
  },
  {
    task: 't4-life-trip-plan',
    mistake: 'a tasting-menu dinner on Saturday: not vegan, over budget',
    apply: (ws) => ws.editJson('itinerary.json', (plan) => {
      plan.days[1].items[4].place_id = 'lx-belcanto';
      plan.total_cost_usd = 409;
    }),
    fails: ['exec:the plan respects the traveller profile and the Sunday flight', 'exec:must-see included and a vegan-friendly Saturday dinner'],
  },
  {
    task: 't4-life-trip-plan',
    mistake: 'a venue that is not in places.json',
    apply: (ws) => ws.editJson('itinerary.json', (plan) => {
      plan.days[0].items[2].place_id = 'lx-lx-factory';
    }),
    fails: [
      'exec:itinerary.json is well formed and uses only listed places',
      'exec:the plan respects the traveller profile and the Sunday flight',
      'exec:must-see included and a vegan-friendly Saturday dinner',
    ],
  },
  {
    task: 't4-memory-recall-continuation',
    mistake: 'the kill switch was never stored and the backoff cap was guessed',
    apply: async (ws) => {
      await ws.edit('MEMORY.md', /\n\nsmart-retry kill switch:[^\n]*/, '');
      await ws.edit('src/retryPolicy.mjs', 'BACKOFF_CAP_MS = 2000', 'BACKOFF_CAP_MS = 4000');
    },
    fails: ['memory:smart-retry kill switch', 'exec:policy implements the remembered decisions'],
  },
  {
    task: 't4-memory-recall-continuation',
    mistake: 'the handoff leaves out the decisions',
    apply: (ws) => ws.write('handoff.md', 'Implemented src/retryPolicy.mjs; tests pass.\n'),
    fails: ['exec:handoff.md records the change and the decisions'],
  },
  {
    task: 't5-hallucination-resistant-evidence',
    mistake: 'the outdated FAQ figure, quoted as evidence',
    apply: (ws) => ws.editJson('answer.json', (answer) => {
      answer.lts_support_months = 24;
      answer.v7_2_security_fixes_until = '2027-03-10';
      answer.evidence.push({ file: 'docs/faq.md', quote: 'Each LTS release is supported with security fixes for 24 months' });
    }),
    fails: ['exec:exact answers from the current policy', 'exec:evidence quotes the authoritative files verbatim'],
  },
  {
    task: 't5-hallucination-resistant-evidence',
    mistake: 'a paraphrase passed off as a quote',
    apply: (ws) => ws.editJson('answer.json', (answer) => {
      answer.evidence[0].quote = 'LTS releases get 30 months of security fixes after GA.';
    }),
    fails: ['exec:evidence quotes the authoritative files verbatim'],
  },
  {
    task: 't5-hallucination-resistant-evidence',
    mistake: 'an end date for 8.0 guessed from the roadmap',
    apply: (ws) => ws.editJson('answer.json', (answer) => {
      answer.v8_0_security_fixes_until = '2029-10-01';
    }),
    fails: ['exec:the unanswerable date is null'],
  },
];

function workspaceAt(root: string): Workspace {
  const at = (file: string) => path.join(root, file);
  const read = (file: string) => readFile(at(file), 'utf8');
  const write = (file: string, content: string) => writeFile(at(file), content);
  return {
    read,
    write,
    async edit(file, from, to) {
      const before = await read(file);
      const after = before.replace(from, to);
      assert.notEqual(after, before, `the mistake for ${file} did not apply: ${String(from)} not found`);
      await write(file, after);
    },
    async editJson(file, change) {
      const value = JSON.parse(await read(file));
      change(value);
      await write(file, JSON.stringify(value, null, 2));
    },
  };
}

const tasks = await loadTasks();

describe('tier 3-5 checks catch plausible wrong answers', () => {
  for (const wrong of WRONG_ANSWERS) {
    test(`${wrong.task}: ${wrong.mistake}`, async () => {
      const task = tasks.find((candidate) => candidate.id === wrong.task);
      assert.ok(task, `${wrong.task} is in the core suite`);
      const { workspace, dispose } = await preparedWorkspace(task);
      try {
        await applyOracle(task, workspace);
        await wrong.apply(workspaceAt(workspace));
        const results = await verifyOffline(task, workspace);
        const failed = results.filter((result) => !result.passed).map((result) => result.id).sort();
        assert.deepEqual(failed, [...wrong.fails].sort(), describeResults(results));
      } finally {
        await dispose();
      }
    });
  }
});
