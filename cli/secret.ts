import { z } from 'zod';

/** The keys of Secret `clawbench-secrets` as they are now and as this run wants them. */
export interface SecretPlan {
  /** Every key with its value after this run (existing keys the user did not set are kept as they are). */
  readonly values: Readonly<Record<string, string>>;
  readonly created: boolean;
  /** Keys whose value this run writes (new, or set by the user to a different value). */
  readonly changed: readonly string[];
  /** Whether the gateway token was generated here because neither the env nor the Secret had one. */
  readonly generatedToken: boolean;
}

const liveSecretSchema = z.object({ data: z.record(z.string(), z.string()).optional() });

/** The decoded data of a live Secret read with `kubectl get -o json`. */
export function secretValues(live: unknown): Record<string, string> {
  const { data } = liveSecretSchema.parse(live);
  return Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')]));
}

/**
 * deploy.sh never touched an existing Secret, so a key rotated in the environment was silently
 * ignored; here a key the user sets wins, and every other existing key (a token another tool
 * generated, a provider key set last time) is kept.
 */
export function planSecret(
  existing: Readonly<Record<string, string>> | undefined,
  setByUser: Readonly<Record<string, string>>,
  tokenKey: string,
  generateToken: () => string,
): SecretPlan {
  const values: Record<string, string> = { ...existing, ...setByUser };
  const generatedToken = values[tokenKey] === undefined;
  if (generatedToken) values[tokenKey] = generateToken();
  const changed = Object.keys(values).filter((key) => existing?.[key] !== values[key]).sort();
  return { values, created: existing === undefined, changed, generatedToken };
}

/** What a person reads about the Secret: key names only, never a value. */
export function describeSecretPlan(name: string, plan: SecretPlan, providerKeys: readonly string[], dryRun: boolean): string[] {
  const keys = Object.keys(plan.values).sort();
  const verb = dryRun ? 'would be' : 'was';
  const lines: string[] = [];
  if (plan.created) lines.push(`secret/${name} ${dryRun ? 'would be created' : 'created'} with keys: ${keys.join(', ')}`);
  else if (plan.changed.length > 0) {
    const kept = keys.filter((key) => !plan.changed.includes(key));
    lines.push(`secret/${name}: ${plan.changed.join(', ')} ${verb} updated${kept.length > 0 ? `; kept ${kept.join(', ')}` : ''}`);
  } else lines.push(`secret/${name} unchanged (keys: ${keys.join(', ')})`);
  if (plan.generatedToken) lines.push(`the gateway token ${dryRun ? 'would be' : 'was'} generated (OPENCLAW_GATEWAY_TOKEN was not set)`);
  if (!keys.some((key) => providerKeys.includes(key))) {
    lines.push(`warning: no provider key is set (${providerKeys.join(', ')}); the gateway cannot call a model until one is in secret/${name}`);
  }
  return lines;
}
