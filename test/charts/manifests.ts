/**
 * Reading and checking synthesized manifests offline: the files of a dist/ folder, schema
 * validation with kubernetes-models, and the PodSecurity `restricted` rules for pod specs.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Yaml } from 'cdk8s';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { k8s } from 'cdk8s-plus-28';

export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
};

/** Every `*.k8s.yaml` of a folder, by file name, each as its list of objects. */
export function loadManifestDir(dir: string): Map<string, KubeObject[]> {
  const files = readdirSync(dir).filter((file) => file.endsWith('.k8s.yaml')).sort();
  return new Map(files.map((file) => [file, Yaml.load(path.join(dir, file)) as KubeObject[]]));
}

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Service': Service,
  'v1/Secret': Secret,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
};

/** Validates one object against the Kubernetes OpenAPI schema; throws naming the object. */
export function validateSchema(object: KubeObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model === undefined) throw new Error(`no schema model for ${object.apiVersion} ${object.kind}: add it to the test's list`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${object.kind} ${object.metadata.name}: ${(error as Error).message}`);
  }
}

/**
 * A partial Deployment (the sidecar for a gateway we did not create) applied over a full one,
 * as server-side apply merges it: containers and volumes by name.
 */
export function applySidecarPatch(deployment: KubeObject, patch: KubeObject): KubeObject {
  const mergeByName = <T extends { name: string }>(live: T[] = [], added: T[] = []) => [
    ...live.filter((item) => !added.some((other) => other.name === item.name)),
    ...added,
  ];
  const livePod = deployment.spec.template.spec;
  const addedPod = patch.spec.template.spec;
  return {
    ...deployment,
    spec: {
      ...deployment.spec,
      template: {
        ...deployment.spec.template,
        spec: {
          ...livePod,
          containers: mergeByName(livePod.containers, addedPod.containers),
          volumes: mergeByName(livePod.volumes, addedPod.volumes),
        },
      },
    },
  };
}

/** The pod template of a workload, if it has one. */
export function podSpecOf(object: KubeObject): k8s.PodSpec | undefined {
  if (object.kind === 'Deployment' || object.kind === 'Job') return object.spec.template.spec;
  return undefined;
}

const RESTRICTED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/**
 * What breaks the PodSecurity `restricted` profile (policy version latest) in a pod spec; empty
 * when it passes. Mirrors the checks of the API server's admission plugin.
 */
export function restrictedViolations(pod: k8s.PodSpec): string[] {
  const problems: string[] = [];
  const podContext = pod.securityContext ?? {};
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  if (pod.hostNetwork || pod.hostPid || pod.hostIpc) problems.push('host namespaces are shared');
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    if (!types.every((type) => RESTRICTED_VOLUME_TYPES.has(type))) problems.push(`volume ${volume.name} has type ${types.join(',')}`);
  }
  if (podContext.runAsUser === 0) problems.push('pod runs as uid 0');
  const podSeccomp = podContext.seccompProfile?.type;
  if (podSeccomp !== undefined && !['RuntimeDefault', 'Localhost'].includes(podSeccomp)) problems.push(`pod seccomp ${podSeccomp}`);
  for (const container of containers) {
    const context = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (context.privileged) problems.push(`${where} is privileged`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${where} allows privilege escalation`);
    if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
    const added = (context.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${where} adds capabilities ${added.join(',')}`);
    if ((context.runAsNonRoot ?? podContext.runAsNonRoot) !== true) problems.push(`${where} may run as root (runAsNonRoot not true)`);
    if (context.runAsUser === 0) problems.push(`${where} runs as uid 0`);
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push(`${where} has no RuntimeDefault/Localhost seccomp profile`);
    if ((container.ports ?? []).some((port) => port.hostPort !== undefined && port.hostPort !== 0)) problems.push(`${where} uses a host port`);
  }
  return problems;
}
