import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { ApiProxy, deploymentPath } from './api-proxy.js';
import { DeployError } from './errors.js';
import { firstLines, type Kubectl } from './kubectl.js';

/** The field manager of everything the charts declare (also their app.kubernetes.io/managed-by). */
export const FIELD_MANAGER = 'clawbench-k8s';

export const kubeObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string().optional(),
    resourceVersion: z.string().optional(),
  }),
});
export type KubeObject = z.infer<typeof kubeObjectSchema>;

const listSchema = z.object({ items: z.array(kubeObjectSchema) });

export type Change = 'created' | 'configured' | 'unchanged';

export interface AppliedObject {
  readonly ref: string;
  readonly change: Change;
}

export interface ApplyOptions {
  readonly manager: string;
  /** Take over fields another manager set to a different value; only for values the user set explicitly. */
  readonly forceConflicts?: boolean;
  /** Print one line per object (off where the caller says it in its own words). */
  readonly report?: boolean;
}

/** `deployment/openclaw -n clawbench-eval`, how a person would name the object to kubectl. */
export function describeObject(object: KubeObject): string {
  const where = object.metadata.namespace === undefined ? '' : ` -n ${object.metadata.namespace}`;
  return `${object.kind.toLowerCase()}/${object.metadata.name}${where}`;
}

/**
 * Objects as a stream of JSON documents. Not a `List`: kubectl validates a List client-side
 * against the full schema, which rejects the partial Deployment of --add-sidecar.
 */
function asStream(objects: readonly KubeObject[]): string {
  return objects.map((object) => JSON.stringify(object)).join('\n---\n');
}

function byRef(stdout: string): Map<string, KubeObject> {
  if (stdout.trim() === '') return new Map();
  const parsed: unknown = JSON.parse(stdout);
  const items = typeof parsed === 'object' && parsed !== null && 'items' in parsed ? listSchema.parse(parsed).items : [kubeObjectSchema.parse(parsed)];
  return new Map(items.map((item) => [describeObject(item), item]));
}

/** An object as stored, minus what every write bumps (resourceVersion, the managers' timestamps). */
function storedContent(object: KubeObject): unknown {
  const { resourceVersion: _version, managedFields, ...metadata } = object.metadata;
  const managers = Array.isArray(managedFields) ? managedFields.map((entry: Record<string, unknown>) => ({ ...entry, time: undefined })) : managedFields;
  return { ...object, metadata: { ...metadata, managedFields: managers } };
}

async function applyBatch(kubectl: Kubectl, objects: readonly KubeObject[], options: ApplyOptions): Promise<AppliedObject[]> {
  if (objects.length === 0) return [];
  const applyArgs = ['apply', '--server-side', `--field-manager=${options.manager}`, '-f', '-', '-o', 'json', '--show-managed-fields'];
  if (options.forceConflicts === true) applyArgs.push('--force-conflicts');
  const run = async (args: readonly string[], batch: readonly KubeObject[]): Promise<Map<string, KubeObject>> => {
    const result = await kubectl.run(args, { input: asStream(batch) });
    if (result.code !== 0) throw new DeployError(`server-side apply of ${batch.map(describeObject).join(', ')} failed: ${firstLines(result.stderr, 6)}`);
    // admission warnings (PodSecurity "would violate", deprecations) are the user's to see
    if (result.stderr.trim() !== '') process.stderr.write(result.stderr);
    return byRef(result.stdout);
  };
  const live = byRef((await kubectl.must('reading the current objects', ['get', '-f', '-', '-o', 'json', '--show-managed-fields', '--ignore-not-found'], { input: asStream(objects) })).stdout);
  // Some kinds (PersistentVolumeClaims) get a new resourceVersion on every apply, even an
  // identical one: a dry run first, and only objects whose stored content would change are applied.
  const wouldStore = await run([...applyArgs, '--dry-run=server'], objects);
  const changing = objects.filter((object) => {
    const ref = describeObject(object);
    const now = live.get(ref);
    const next = wouldStore.get(ref);
    return now === undefined || next === undefined || !isDeepStrictEqual(storedContent(now), storedContent(next));
  });
  if (changing.length > 0) await run(applyArgs, changing);
  return objects.map((object): AppliedObject => {
    const ref = describeObject(object);
    if (!live.has(ref)) return { ref, change: 'created' };
    return { ref, change: changing.includes(object) ? 'configured' : 'unchanged' };
  });
}

/**
 * Server-side apply, Namespaces first (everything else lives in them), reporting per object
 * whether the API server stored a change: an identical re-apply keeps every resourceVersion.
 */
export async function applyObjects(kubectl: Kubectl, objects: readonly KubeObject[], options: ApplyOptions): Promise<AppliedObject[]> {
  const namespaces = objects.filter((object) => object.kind === 'Namespace');
  const rest = objects.filter((object) => object.kind !== 'Namespace');
  const applied = [...(await applyBatch(kubectl, namespaces, options)), ...(await applyBatch(kubectl, rest, options))];
  if (options.report !== false) for (const { ref, change } of applied) process.stdout.write(`${ref} ${change}\n`);
  return applied;
}

/**
 * Server-side apply of a partial Deployment into a live one, through {@link ApiProxy} rather than
 * `kubectl apply` (see there why), applied only when the stored content would change.
 */
export async function applyIntoDeployment(kubectl: Kubectl, intent: KubeObject, options: ApplyOptions): Promise<AppliedObject> {
  const ref = describeObject(intent);
  const { name, namespace } = intent.metadata;
  if (namespace === undefined) throw new DeployError(`${ref} has no namespace`);
  const live = await kubectl.get('deployment', name, namespace);
  if (live === undefined) throw new DeployError(`${ref} does not exist`);
  const proxy = await ApiProxy.start(kubectl.env);
  let change: Change = 'unchanged';
  try {
    const path = deploymentPath(name, namespace);
    const next = await proxy.applyPatch(path, intent, { manager: options.manager, dryRun: true });
    if (!isDeepStrictEqual(storedContent(kubeObjectSchema.parse(live)), storedContent(next))) {
      await proxy.applyPatch(path, intent, { manager: options.manager, dryRun: false });
      change = 'configured';
    }
  } finally {
    await proxy.close();
  }
  if (options.report !== false) process.stdout.write(`${ref} ${change} (fields of ${options.manager})\n`);
  return { ref, change };
}

/** Namespaces the objects live in (or are) that do not exist yet. */
async function missingNamespaces(kubectl: Kubectl, objects: readonly KubeObject[]): Promise<Set<string>> {
  const wanted = new Set(objects.flatMap((object) => (object.kind === 'Namespace' ? [object.metadata.name] : object.metadata.namespace ?? [])));
  const missing = new Set<string>();
  for (const namespace of wanted) {
    if ((await kubectl.get('namespace', namespace)) === undefined) missing.add(namespace);
  }
  return missing;
}

/**
 * What applying would change, as `kubectl diff --server-side` shows it. Objects in a namespace that
 * does not exist yet cannot be dry-run, so they are listed as to be created.
 * Returns whether anything would change.
 */
export async function diffObjects(kubectl: Kubectl, objects: readonly KubeObject[], options: ApplyOptions): Promise<boolean> {
  const missing = await missingNamespaces(kubectl, objects);
  const inNewNamespace = (object: KubeObject): boolean => missing.has(object.kind === 'Namespace' ? object.metadata.name : object.metadata.namespace ?? '');
  for (const object of objects.filter(inNewNamespace)) process.stdout.write(`${describeObject(object)} would be created\n`);
  const existing = objects.filter((object) => !inNewNamespace(object));
  if (existing.length === 0) return missing.size > 0;
  const args = ['diff', '--server-side', `--field-manager=${options.manager}`, '-f', '-'];
  if (options.forceConflicts === true) args.push('--force-conflicts');
  const result = await kubectl.run(args, { input: asStream(existing) });
  // kubectl diff: 0 = no differences, 1 = differences, more = an error.
  if (result.code > 1) throw new DeployError(`kubectl diff failed: ${firstLines(result.stderr, 6)}`);
  process.stdout.write(result.stdout);
  return result.code === 1 || missing.size > 0;
}
