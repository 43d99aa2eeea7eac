// The ledger record shared by every service: its fields, validation and storage format.

export const FIELDS = ['id', 'customerName', 'currency', 'createdOn'];
export const CURRENCIES = ['EUR', 'USD', 'GBP'];

/** Problems with a record, as human-readable messages; empty when it is valid. */
export function validateRecord(record) {
  const problems = [];
  if (typeof record.id !== 'string' || record.id === '') problems.push('id must be a non-empty string');
  if (typeof record.customerName !== 'string' || record.customerName.trim() === '') {
    problems.push('customerName must be a non-empty string');
  }
  if (!CURRENCIES.includes(record.currency)) problems.push(`currency must be one of ${CURRENCIES.join(', ')}`);
  return problems;
}

/** A record as read from storage, reduced to the known fields. */
export function normalizeRecord(raw) {
  return {
    id: raw.id,
    customerName: raw.customerName,
    currency: raw.currency,
    createdOn: raw.createdOn ?? null,
  };
}

/** The storage form of a record. */
export function serializeRecord(record) {
  return JSON.stringify(Object.fromEntries(FIELDS.map((field) => [field, record[field] ?? null])));
}
