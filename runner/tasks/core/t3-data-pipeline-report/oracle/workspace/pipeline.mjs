#!/usr/bin/env node
// Prints the regional revenue report described in REPORT_SPEC.md.
import { readSalesCsv } from './lib/csv.mjs';
import { aggregateByRegion } from './lib/aggregate.mjs';
import { formatReport } from './lib/report.mjs';
import { readFileSync } from 'node:fs';

const [salesPath, regionsPath] = process.argv.slice(2);
if (!salesPath || !regionsPath) {
  console.error('usage: node pipeline.mjs <sales.csv> <regions.json>');
  process.exit(2);
}

function readInput(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    console.error(`cannot read input file ${path}: ${error.code ?? error.message}`);
    process.exit(2);
  }
}

const orders = readSalesCsv(readInput(salesPath));
const regions = JSON.parse(readInput(regionsPath));
process.stdout.write(formatReport(aggregateByRegion(orders, regions)));
