export function toJson(issues) {
  return `${JSON.stringify(issues, null, 2)}\n`;
}
