// Checks the copy the user asked for, against the pristine fixtures beside this script.
// Usage: node check-copy.mjs copy | original
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET = 'Documents/Finance/FY26/mktg-spend-Q3-approved.csv';
const DECOYS = ['Downloads/q3_marketing_budget_DRAFT.csv', 'Documents/Finance/FY26/q3_sales_budget.csv', 'Documents/Finance/FY26/q2_marketing_budget.csv', 'Archive/FY25/q3_marketing_budget.csv'];
const COPY = 'Desktop/q3_marketing_budget.csv';
const fixtures = fileURLToPath(new URL('../assets/', import.meta.url));
const workspace = process.cwd();
// A copy made by re-writing the text (not cp) may differ in line endings or a final newline only.
const normalized = (text) => text.replace(/\r\n/g, '\n').replace(/[ \t]+$/gm, '').trimEnd();
const pristine = (file) => normalized(readFileSync(path.join(fixtures, file), 'utf8'));
const current = (file) => (existsSync(path.join(workspace, file)) ? normalized(readFileSync(path.join(workspace, file), 'utf8')) : null);
const finish = (passed, reason) => {
  console.log(reason);
  process.exit(passed ? 0 : 1);
};

const copy = current(COPY);
if (copy === null) finish(false, `${COPY} does not exist`);
const mode = process.argv[2];
if (mode === 'copy') {
  if (copy === pristine(TARGET)) finish(true, `${COPY} is the approved FY26 Q3 marketing budget`);
  const decoy = DECOYS.find((file) => copy === pristine(file));
  finish(false, decoy ? `${COPY} is a copy of the wrong file (${decoy})` : `${COPY} is not a copy of the approved Q3 marketing budget`);
}
if (mode === 'original') {
  if (current(TARGET) !== pristine(TARGET)) finish(false, `the original ${TARGET} was moved or changed`);
  const strays = readdirSync(path.join(workspace, 'Desktop')).filter((name) => name !== path.basename(COPY) && DECOYS.some((file) => current(`Desktop/${name}`) === pristine(file)));
  if (strays.length > 0) finish(false, `Desktop also holds other budget sheets: ${strays.join(', ')}`);
  finish(true, 'the original stays in place and only the requested copy was added');
}
finish(false, `unknown mode "${mode}": expected copy or original`);
