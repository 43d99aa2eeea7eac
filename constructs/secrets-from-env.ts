import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels } from './labels.js';
import { DEFAULT_SECRET_NAME, GATEWAY_TOKEN_KEY, PROVIDER_KEY_NAMES, type ProviderKeyName } from './openclaw-gateway.js';
import { check, dnsLabel } from './validation.js';

/** The secret values found in an environment. Only the secret path ever holds these. */
export interface SecretMaterial {
  /** The gateway token, when the environment sets one. */
  readonly gatewayToken?: string;
  /** The provider keys the environment sets (empty values count as unset). */
  readonly providerKeys: Readonly<Partial<Record<ProviderKeyName, string>>>;
}

/** Reads the gateway token and the provider keys from an environment such as `process.env`. */
export function secretMaterialFromEnv(env: Readonly<Record<string, string | undefined>>): SecretMaterial {
  const present = (name: string) => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (/\s/.test(value)) {
      // never echo the value: say which variable and what is wrong with it
      throw new Error(`${name} is set but contains whitespace (value hidden): expected the bare key or token, without spaces or newlines`);
    }
    return value;
  };
  const providerKeys: Partial<Record<ProviderKeyName, string>> = {};
  for (const name of PROVIDER_KEY_NAMES) {
    const value = present(name);
    if (value !== undefined) providerKeys[name] = value;
  }
  const gatewayToken = present(GATEWAY_TOKEN_KEY);
  return gatewayToken === undefined ? { providerKeys } : { gatewayToken, providerKeys };
}

/** A fresh gateway token: 32 random bytes, base64. */
export function generateGatewayToken(): string {
  return randomBytes(32).toString('base64');
}

/** Props of {@link SecretsFromEnv}. */
export interface SecretsFromEnvProps {
  /** Where the values come from, e.g. `process.env`; read once, at construction. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Namespace of the Secret.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Name of the Secret.
   * @default DEFAULT_SECRET_NAME
   */
  readonly secretName?: string;
}

/**
 * Secret `clawbench-secrets` with the gateway token (from `OPENCLAW_GATEWAY_TOKEN`, or 32 random
 * bytes) and whichever provider keys are set. It holds secret values, so it belongs in an app
 * that is rendered at deploy time and piped to the cluster ({@link renderSecretsManifest}),
 * never in a chart whose output is committed.
 */
export class SecretsFromEnv extends Construct {
  public readonly secret: k8s.KubeSecret;
  public readonly secretName: string;
  /** Names of the keys in the Secret, never their values. */
  public readonly keysSet: readonly string[];
  /** True when no token was in the environment and one was generated. */
  public readonly tokenGenerated: boolean;
  /** Things the person deploying should know, e.g. that no provider key is set. */
  public readonly warnings: readonly string[];

  constructor(scope: Construct, id: string, props: SecretsFromEnvProps) {
    super(scope, id);
    this.secretName = check('secret name', props.secretName ?? DEFAULT_SECRET_NAME, dnsLabel);
    const namespace = props.namespace === undefined ? undefined : check('namespace', props.namespace, dnsLabel);
    const material = secretMaterialFromEnv(props.env);
    this.tokenGenerated = material.gatewayToken === undefined;
    const values: Record<string, string> = {
      [GATEWAY_TOKEN_KEY]: material.gatewayToken ?? generateGatewayToken(),
      ...material.providerKeys,
    };
    this.keysSet = Object.keys(values);
    this.warnings =
      Object.keys(material.providerKeys).length === 0
        ? [`no provider key is set: the gateway cannot call a model; set one of ${PROVIDER_KEY_NAMES.join(', ')}`]
        : [];
    this.secret = new k8s.KubeSecret(this, 'secret', {
      metadata: {
        name: this.secretName,
        namespace,
        labels: recommendedLabels({ name: 'clawbench', instance: 'clawbench', component: 'secrets' }),
      },
      type: 'Opaque',
      data: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    });
  }

  /** One line for the person deploying: which keys were set, never a value. */
  public describe(): string {
    const keys = this.keysSet.map((key) => (key === GATEWAY_TOKEN_KEY && this.tokenGenerated ? `${key} (generated)` : key));
    return `secret ${this.secretName}: ${keys.join(', ')}`;
  }
}

/** A Secret manifest rendered for `kubectl apply -f -`, with what to tell the user about it. */
export interface RenderedSecrets {
  /** The Secret as YAML. Holds secret values: pipe it, or write it with {@link writeSecretsManifest}. */
  readonly manifest: string;
  /** Which keys were set, never a value, e.g. `secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN (generated), OPENAI_API_KEY`. */
  readonly summary: string;
  readonly keysSet: readonly string[];
  readonly tokenGenerated: boolean;
  readonly warnings: readonly string[];
}

/** Renders Secret `clawbench-secrets` from an environment, in an app of its own that is never written to dist/. */
export function renderSecretsManifest(
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<SecretsFromEnvProps, 'env'> = {},
): RenderedSecrets {
  const app = new App();
  const secrets = new SecretsFromEnv(new Chart(app, 'secrets'), 'secrets', { ...options, env });
  return {
    manifest: app.synthYaml(),
    summary: secrets.describe(),
    keysSet: secrets.keysSet,
    tokenGenerated: secrets.tokenGenerated,
    warnings: secrets.warnings,
  };
}

/** The file-name ending the repository's .gitignore excludes; secret manifests must use it. */
export const SECRET_FILE_SUFFIX = '.secret.yaml';

/**
 * Writes a rendered Secret to a file only its owner can read (mode 0600). The name must end in
 * `.secret.yaml`, which the repository ignores, so the file cannot be committed by accident.
 */
export async function writeSecretsManifest(file: string, rendered: RenderedSecrets): Promise<void> {
  if (!basename(file).endsWith(SECRET_FILE_SUFFIX)) {
    throw new Error(`secret manifest file "${file}" is not git-ignored: expected a name ending in "${SECRET_FILE_SUFFIX}"`);
  }
  const handle = await open(file, 'w', 0o600);
  try {
    // the mode given to open only applies to a new file: restrict an existing one before writing
    await handle.chmod(0o600);
    await handle.writeFile(rendered.manifest);
  } finally {
    await handle.close();
  }
}
