// Renders the aggregated totals as the text report. See REPORT_SPEC.md.
export function formatReport(totals) {
  // TODO: sort regions and print the lines.
  throw new Error('formatReport is not implemented yet');
}
