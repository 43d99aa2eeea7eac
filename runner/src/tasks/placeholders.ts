/**
 * `{name}` placeholders in task text: `{task_dir}`, `{workspace}`, `{<service>_port}`,
 * `{<service>_url}`. Unknown names are left as they are, because commands and prompts may hold
 * literal braces (JSON, JavaScript).
 */
export type PlaceholderValues = Readonly<Record<string, string>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => values[name] ?? whole);
}

/** As fillPlaceholders, but each value is single-quoted for a POSIX shell. */
export function fillShellPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : shellQuote(value);
  });
}

export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The values a run provides: the task folder, the workspace and each service's port and URL. */
export function runPlaceholders(taskDir: string, workspace: string, ports: Readonly<Record<string, number>>): PlaceholderValues {
  const values: Record<string, string> = { task_dir: taskDir, workspace };
  for (const [service, port] of Object.entries(ports)) {
    values[`${service}_port`] = String(port);
    values[`${service}_url`] = `http://127.0.0.1:${port}`;
  }
  return values;
}
