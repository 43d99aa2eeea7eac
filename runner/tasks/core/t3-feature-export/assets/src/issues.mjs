import { readFileSync } from 'node:fs';

/** Reads the issue store and returns issues ordered by id, optionally only those with `status`. */
export function loadIssues(file, { status } = {}) {
  const issues = JSON.parse(readFileSync(file, 'utf8'));
  return issues
    .filter((issue) => status === undefined || issue.status === status)
    .sort((a, b) => a.id - b.id);
}
