#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadIssues } from './issues.mjs';
import { getExporter } from './exporters/index.mjs';

const SUPPORTED_FORMATS = ['json'];

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    format: { type: 'string', default: 'json' },
    status: { type: 'string' },
    input: { type: 'string', default: 'data/issues.json' },
  },
});

if (positionals[0] !== 'export') {
  console.error('usage: node src/cli.mjs export --format <format> [--status open|closed] [--input file]');
  process.exit(2);
}
if (!SUPPORTED_FORMATS.includes(values.format)) {
  console.error(`unsupported format "${values.format}"; expected one of: ${SUPPORTED_FORMATS.join(', ')}`);
  process.exit(2);
}

const exporter = getExporter(values.format);
process.stdout.write(exporter(loadIssues(values.input, { status: values.status })));
