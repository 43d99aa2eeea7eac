import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FIELDS, normalizeRecord, serializeRecord, validateRecord } from '../src/index.mjs';

const record = { id: 'r1', accountName: 'Fjord Labs AS', currency: 'EUR', createdOn: '2026-04-01' };

test('the record has an accountName field and no customerName', () => {
  assert.ok(FIELDS.includes('accountName'));
  assert.ok(!FIELDS.includes('customerName'));
});

test('a record with an account name is valid', () => {
  assert.deepEqual(validateRecord(record), []);
});

test('a missing account name is reported under the new name', () => {
  const problems = validateRecord({ ...record, accountName: ' ' });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /accountName/);
});

test('records are stored with accountName only', () => {
  const stored = JSON.parse(serializeRecord(record));
  assert.equal(stored.accountName, 'Fjord Labs AS');
  assert.ok(!('customerName' in stored));
});

test('records stored before the migration are still read', () => {
  const legacy = normalizeRecord({ id: 'r0', customerName: 'Ines Duarte', currency: 'USD' });
  assert.equal(legacy.accountName, 'Ines Duarte');
});
