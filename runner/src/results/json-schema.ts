import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BENCHMARK_SCHEMA_VERSION, BenchmarkResultSchema } from './benchmark-schema.js';

/** Where the committed JSON Schema of benchmark.json lives (a test keeps it current). */
export const BENCHMARK_JSON_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/benchmark.schema.json', import.meta.url));

export function benchmarkJsonSchemaText(): string {
  const schema = {
    ...z.toJSONSchema(BenchmarkResultSchema, { io: 'output' }),
    title: `ClawBench benchmark.json, schema version ${BENCHMARK_SCHEMA_VERSION}`,
    description: 'The summary of one eval, written by `clawbench run`; per-run detail is in runs.jsonl.',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

// `node --import tsx runner/src/results/json-schema.ts` regenerates the committed file.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(BENCHMARK_JSON_SCHEMA_PATH, benchmarkJsonSchemaText());
  process.stdout.write(`wrote ${BENCHMARK_JSON_SCHEMA_PATH}\n`);
}
