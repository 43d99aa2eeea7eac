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

/**
 * Splits a command line into argv the way a POSIX shell would for plain words, single and double
 * quotes and backslash escapes (no expansion), for commands that run without a shell.
 */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < command.length; index++) {
    const char = command[index]!;
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
    } else if (char === '\\' && index + 1 < command.length && (quote === null || '"\\$`'.includes(command[index + 1]!))) {
      word = (word ?? '') + command[++index];
    } else if (quote === '"') {
      if (char === '"') quote = null;
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote !== null) throw new Error(`command has an unclosed ${quote} quote: ${command}`);
  if (word !== null) words.push(word);
  return words;
}
