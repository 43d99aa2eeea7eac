import { toJson } from './json.mjs';

const EXPORTERS = {
  json: toJson,
};

/** The exporter for `format`, or undefined when the format is not supported. */
export function getExporter(format) {
  return Object.hasOwn(EXPORTERS, format) ? EXPORTERS[format] : undefined;
}
