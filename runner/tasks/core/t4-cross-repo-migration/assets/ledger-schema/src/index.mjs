export { CURRENCIES, FIELDS, normalizeRecord, serializeRecord, validateRecord } from './record.mjs';
