import { Yaml } from 'cdk8s';

type Obj = Record<string, any>;

/**
 * What a pod of a synthesized chart would see: the `clawbench` container's environment (envFrom
 * ConfigMaps and env entries, Secret references resolved from the given values) and the gateway's
 * `openclaw.json`, read from the YAML in dist/ and nothing else.
 */
export interface PodRecipe {
  readonly env: Record<string, string>;
  readonly openclawConfig: Obj;
  readonly container: Obj;
}

export function podRecipe(distFile: string, secretValues: Readonly<Record<string, string>>): PodRecipe {
  const objects = Yaml.load(distFile) as Obj[];
  const configMap = (name: string): Record<string, string> => {
    const found = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === name);
    if (found === undefined) throw new Error(`${distFile} has no ConfigMap "${name}"`);
    return found.data ?? {};
  };
  const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'openclaw');
  const container = (deployment?.spec.template.spec.containers as Obj[] | undefined)?.find((c) => c.name === 'clawbench');
  if (container === undefined) throw new Error(`${distFile} has no Deployment "openclaw" with a container "clawbench"`);

  const env: Record<string, string> = {};
  for (const source of (container.envFrom ?? []) as Obj[]) {
    if (source.configMapRef) Object.assign(env, configMap(source.configMapRef.name));
    else throw new Error(`unsupported envFrom ${JSON.stringify(source)}`);
  }
  for (const entry of (container.env ?? []) as Obj[]) {
    if (typeof entry.value === 'string') env[entry.name] = entry.value;
    else if (entry.valueFrom?.secretKeyRef) {
      const { key, optional } = entry.valueFrom.secretKeyRef;
      const value = secretValues[key];
      if (value !== undefined) env[entry.name] = value;
      else if (optional !== true) throw new Error(`the clawbench container needs secret key ${key}, which the test did not provide`);
    } else if (entry.valueFrom?.configMapKeyRef) {
      const { name, key } = entry.valueFrom.configMapKeyRef;
      const value = configMap(name)[key];
      if (value !== undefined) env[entry.name] = value;
    } else throw new Error(`unsupported env entry ${JSON.stringify(entry)}`);
  }
  const openclawJson = configMap('openclaw-config')['openclaw.json'];
  if (openclawJson === undefined) throw new Error(`${distFile}: ConfigMap openclaw-config has no openclaw.json`);
  return { env, openclawConfig: JSON.parse(openclawJson) as Obj, container };
}
