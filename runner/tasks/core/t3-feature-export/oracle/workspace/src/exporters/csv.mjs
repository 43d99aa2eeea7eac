// CSV export, see docs/EXPORT_FORMATS.md.
const COLUMNS = ['id', 'title', 'status', 'labels', 'assignee', 'created'];

function field(value) {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function row(issue) {
  return [
    issue.id,
    issue.title,
    issue.status,
    (issue.labels ?? []).join('|'),
    issue.assignee ?? '',
    new Date(issue.created_at).toISOString().slice(0, 10),
  ].map(field);
}

export function toCsv(issues) {
  return [COLUMNS, ...issues.map(row)].map((cells) => `${cells.join(',')}\n`).join('');
}
