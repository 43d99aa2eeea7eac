import { z } from 'zod';
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
}

/** `deployment/openclaw -n clawbench-eval`, how a person would name the object to kubectl. */
export function describeObject(object: KubeObject): string {
  const where = object.metadata.namespace === undefined ? '' : ` -n ${object.metadata.namespace}`;
  return `${object.kind.toLowerCase()}/${object.metadata.name}${where}`;
}

function asList(objects: readonly KubeObject[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects });
}

function resourceVersions(stdout: string): Map<string, string | undefined> {
  if (stdout.trim() === '') return new Map();
  const parsed: unknown = JSON.parse(stdout);
  const items = 'items' in (parsed as object) ? listSchema.parse(parsed).items : [kubeObjectSchema.parse(parsed)];
  return new Map(items.map((item) => [describeObject(item), item.metadata.resourceVersion]));
}

async function applyBatch(kubectl: Kubectl, objects: readonly KubeObject[], options: ApplyOptions): Promise<AppliedObject[]> {
  if (objects.length === 0) return [];
  const input = asList(objects);
  const before = await kubectl.must('reading the current objects', ['get', '-f', '-', '-o', 'json', '--ignore-not-found'], { input });
  const args = ['apply', '--server-side', `--field-manager=${options.manager}`, '-f', '-', '-o', 'json'];
  if (options.forceConflicts === true) args.push('--force-conflicts');
  const after = await kubectl.run(args, { input });
  if (after.code !== 0) {
    throw new DeployError(`server-side apply of ${objects.map(describeObject).join(', ')} failed: ${firstLines(after.stderr, 6)}`);
  }
  // Admission warnings (PodSecurity "would violate", deprecations) are the user's to see.
  if (after.stderr.trim() !== '') process.stderr.write(after.stderr);
  const previous = resourceVersions(before.stdout);
  return [...resourceVersions(after.stdout)].map(([ref, version]): AppliedObject => {
    if (!previous.has(ref)) return { ref, change: 'created' };
    return { ref, change: previous.get(ref) === version ? 'unchanged' : 'configured' };
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
  for (const { ref, change } of applied) process.stdout.write(`${ref} ${change}\n`);
  return applied;
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
  const result = await kubectl.run(args, { input: asList(existing) });
  // kubectl diff: 0 = no differences, 1 = differences, more = an error.
  if (result.code > 1) throw new DeployError(`kubectl diff failed: ${firstLines(result.stderr, 6)}`);
  process.stdout.write(result.stdout);
  return result.code === 1 || missing.size > 0;
}
