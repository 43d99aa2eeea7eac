import { toCsv } from './csv.mjs';
import { toJson } from './json.mjs';

const EXPORTERS = {
  csv: toCsv,
  json: toJson,
};

/** The formats `getExporter` knows, for usage and error messages. */
export const FORMATS = Object.keys(EXPORTERS).sort();

/** The exporter for `format`, or undefined when the format is not supported. */
export function getExporter(format) {
  return Object.hasOwn(EXPORTERS, format) ? EXPORTERS[format] : undefined;
}
