// Looks for the three things the user asked to jot down, in the notes/ folder, one list item each.
// Usage: node check-note.mjs captured|list
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const FACTS = [
  { name: 'dry cleaning on Thursday', parts: [/dry[\s-]*clean/i, /\bthu(rs(day)?)?\b/i] },
  { name: "Sam's recital Saturday at 4", parts: [/\bsam\b/i, /recital/i, /\bsat(urday)?\b/i, /\b4\b|\b4\s*(pm|p\.m\.)|\b4:00\b|\b16:00\b|\bfour\b/i] },
  { name: 'owe the babysitter $60', parts: [/babysit/i, /\$\s*60\b|\b60\s*(dollars|bucks|usd|\$)|\bsixty\b/i] },
];
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*\S)/;

const mode = process.argv[2];
const notesDir = path.join(process.cwd(), 'notes');
const names = (await readdir(notesDir, { recursive: true }).catch(() => [])).filter((name) => /\.(md|txt)$/i.test(name));

const matches = (line, fact) => fact.parts.every((part) => part.test(line));
let best = null;
for (const name of names.sort()) {
  const lines = (await readFile(path.join(notesDir, name), 'utf8')).split('\n');
  const captured = FACTS.filter((fact) => lines.some((line) => matches(line, fact)));
  const items = lines.map((line) => LIST_ITEM.exec(line)?.[1]).filter(Boolean);
  const itemFor = FACTS.map((fact) => items.findIndex((item) => matches(item, fact)));
  const separateItems = itemFor.every((index) => index >= 0) && new Set(itemFor).size === FACTS.length;
  const candidate = { name, captured, separateItems };
  if (!best || captured.length > best.captured.length || (captured.length === best.captured.length && separateItems)) best = candidate;
}

if (!best || best.captured.length === 0) {
  console.log('no note in notes/ mentions any of the three items');
  process.exit(1);
}
const missing = FACTS.filter((fact) => !best.captured.includes(fact)).map((fact) => fact.name);
if (mode === 'captured') {
  if (missing.length > 0) {
    console.log(`notes/${best.name} lacks: ${missing.join('; ')}`);
    process.exit(1);
  }
  console.log(`notes/${best.name} holds all three items with their details`);
} else if (mode === 'list') {
  if (missing.length > 0 || !best.separateItems) {
    console.log(`notes/${best.name} does not list the three items as three separate list entries`);
    process.exit(1);
  }
  console.log(`notes/${best.name} lists each item as its own entry`);
} else {
  console.log(`unknown mode "${mode}": expected captured or list`);
  process.exit(2);
}
