import { readFileSync } from 'node:fs';
import { normalizeRecord } from '../../ledger-schema/src/index.mjs';

/** Every record of a JSON store file, normalised. */
export function loadRecords(file) {
  return JSON.parse(readFileSync(file, 'utf8')).map(normalizeRecord);
}
