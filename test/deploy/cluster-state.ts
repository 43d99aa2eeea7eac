import assert from 'node:assert/strict';
import type { ApiServer } from '../support/apiserver.js';

/** The object kinds the deploy creates, as kubectl names them. */
const KINDS = 'namespaces,deployments,services,configmaps,secrets,persistentvolumeclaims,jobs';

export interface LiveObject {
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; resourceVersion: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, string>;
  readonly status?: Record<string, unknown>;
}

export interface PodTemplateSpec {
  metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: {
    containers: { name: string; image?: string; volumeMounts?: { name: string; mountPath: string }[] }[];
    initContainers?: { name: string }[];
    volumes?: { name: string; [key: string]: unknown }[];
  };
}

export interface LiveDeployment extends LiveObject {
  readonly spec: { template: PodTemplateSpec; selector: { matchLabels: Record<string, string> } };
}

export async function getJson<T = LiveObject>(api: ApiServer, args: readonly string[]): Promise<T> {
  const result = await api.kubectl(['get', ...args, '-o', 'json']);
  assert.equal(result.code, 0, `kubectl get ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export function deployment(api: ApiServer, name: string, namespace: string): Promise<LiveDeployment> {
  return getJson<LiveDeployment>(api, ['deployment', name, '-n', namespace]);
}

/** resourceVersion and generation of every object in the namespaces (and of the namespaces). */
export async function versions(api: ApiServer, namespaces: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const namespace of namespaces) {
    const { items } = await getJson<{ items: LiveObject[] }>(api, [KINDS, '-n', namespace]);
    const ns = await getJson(api, ['namespace', namespace]);
    for (const item of [...items, ns]) {
      found.set(`${item.kind}/${item.metadata.namespace ?? ''}/${item.metadata.name}`, `${item.metadata.resourceVersion}@${item.metadata.generation ?? '-'}`);
    }
  }
  return found;
}

/** Every pod template stored in the namespaces (Deployments and Jobs). */
export async function podTemplates(api: ApiServer, namespaces: readonly string[]): Promise<{ owner: string; template: PodTemplateSpec }[]> {
  const templates: { owner: string; template: PodTemplateSpec }[] = [];
  for (const namespace of namespaces) {
    const { items } = await getJson<{ items: (LiveObject & { spec: { template: PodTemplateSpec } })[] }>(api, ['deployments,jobs', '-n', namespace]);
    for (const item of items) templates.push({ owner: `${item.kind}/${namespace}/${item.metadata.name}`, template: item.spec.template });
  }
  return templates;
}

/** A Pod as a controller would create it from a template, for a server-side dry run. */
export function podFrom(template: PodTemplateSpec, name: string, namespace: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels: template.metadata?.labels ?? {} }, spec: template.spec };
}
