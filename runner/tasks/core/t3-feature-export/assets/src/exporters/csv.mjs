// CSV export, see docs/EXPORT_FORMATS.md.
export function toCsv(issues) {
  throw new Error('CSV export is not implemented yet');
}
