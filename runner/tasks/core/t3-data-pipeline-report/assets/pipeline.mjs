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

const orders = readSalesCsv(readFileSync(salesPath, 'utf8'));
const regions = JSON.parse(readFileSync(regionsPath, 'utf8'));
process.stdout.write(formatReport(aggregateByRegion(orders, regions)));
