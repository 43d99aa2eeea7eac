// Groups counted orders by sales region. See REPORT_SPEC.md.
export function aggregateByRegion(orders, regionsConfig) {
  // TODO: filter, normalise store codes, convert to cents and sum per region.
  throw new Error('aggregateByRegion is not implemented yet');
}
