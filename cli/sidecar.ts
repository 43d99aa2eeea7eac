import { createHash } from 'node:crypto';
import { z } from 'zod';
import { describeObject, kubeObjectSchema, type KubeObject } from './apply.js';
import { DeployError } from './errors.js';

/**
 * The field manager of what --add-sidecar adds to a gateway Deployment (container, volumes, config
 * checksum). Kept apart from the charts' manager so --remove-sidecar can give up exactly these
 * fields: server-side apply deletes what only this manager owns and leaves everything else.
 */
export const SIDECAR_FIELD_MANAGER = 'clawbench-k8s-sidecar';
export const SIDECAR_CONTAINER = 'clawbench';
export const GATEWAY_CONTAINER = 'gateway';
/** Pod-template annotation: a change of the sidecar's ConfigMap rolls the pod and restarts the eval. */
export const SIDECAR_CONFIG_ANNOTATION = 'clawbench-k8s/sidecar-config-sha256';

const namedSchema = z.looseObject({ name: z.string() });
const containerSchema = z.looseObject({
  name: z.string(),
  volumeMounts: z.array(z.looseObject({ name: z.string(), mountPath: z.string() })).optional(),
});
const managedFieldsSchema = z.array(
  z.looseObject({ manager: z.string().optional(), operation: z.string().optional(), fieldsV1: z.record(z.string(), z.unknown()).optional() }),
);

/** The parts of a live (or rendered partial) Deployment the sidecar logic reads. */
export const deploymentSchema = z.looseObject({
  ...kubeObjectSchema.shape,
  metadata: z.looseObject({
    ...kubeObjectSchema.shape.metadata.shape,
    managedFields: managedFieldsSchema.optional(),
  }),
  spec: z.looseObject({
    selector: z.looseObject({ matchLabels: z.record(z.string(), z.string()).optional() }).optional(),
    template: z.looseObject({
      spec: z.looseObject({ containers: z.array(containerSchema), volumes: z.array(namedSchema).optional() }),
    }),
  }),
});
export type Deployment = z.infer<typeof deploymentSchema>;

/** Names of the containers and volumes a field manager owns through server-side apply. */
export interface OwnedByManager {
  readonly containers: ReadonlySet<string>;
  readonly volumes: ReadonlySet<string>;
  /** Whether the manager owns any field of the object at all. */
  readonly anything: boolean;
}

function keyedNames(fields: unknown): Set<string> {
  const names = new Set<string>();
  for (const key of Object.keys((fields as Record<string, unknown> | undefined) ?? {})) {
    if (!key.startsWith('k:')) continue;
    const parsed = namedSchema.safeParse(JSON.parse(key.slice(2)));
    if (parsed.success) names.add(parsed.data.name);
  }
  return names;
}

function descend(fields: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, step) => (node as Record<string, unknown> | undefined)?.[step], fields);
}

/** Every field manager of a live object. */
export function managersOf(live: unknown): string[] {
  const parsed = z.object({ metadata: z.object({ managedFields: managedFieldsSchema.optional() }) }).parse(live);
  return [...new Set((parsed.metadata.managedFields ?? []).flatMap((entry) => entry.manager ?? []))];
}

export function ownedBy(deployment: Deployment, manager: string): OwnedByManager {
  const entries = (deployment.metadata.managedFields ?? []).filter((entry) => entry.manager === manager && entry.operation === 'Apply');
  const podSpec = ['f:spec', 'f:template', 'f:spec'];
  const containers = new Set(entries.flatMap((entry) => [...keyedNames(descend(entry.fieldsV1, [...podSpec, 'f:containers']))]));
  const volumes = new Set(entries.flatMap((entry) => [...keyedNames(descend(entry.fieldsV1, [...podSpec, 'f:volumes']))]));
  const anything = entries.some((entry) => Object.keys(descend(entry.fieldsV1, ['f:spec']) ?? {}).length > 0);
  return { containers, volumes, anything };
}

/** The volume the gateway container mounts at the OpenClaw home, found as deploy.sh did. */
export function gatewayHomeVolume(deployment: Deployment, homePath: string): string {
  const ref = describeObject(deployment);
  const gateway = deployment.spec.template.spec.containers.find((container) => container.name === GATEWAY_CONTAINER);
  if (gateway === undefined) {
    const names = deployment.spec.template.spec.containers.map((container) => container.name).join(', ');
    throw new DeployError(`${ref} has no container named "${GATEWAY_CONTAINER}" (it has: ${names}); expected the OpenClaw gateway container under that name`);
  }
  const home = gateway.volumeMounts?.find((mount) => mount.mountPath === homePath);
  if (home === undefined) {
    throw new DeployError(
      `container "${GATEWAY_CONTAINER}" of ${ref} mounts no volume at ${homePath}; the sidecar shares the gateway's workspaces through that volume, so mount the gateway home there first`,
    );
  }
  return home.name;
}

export function configChecksum(configMap: KubeObject): string {
  return createHash('sha256').update(JSON.stringify(configMap.data ?? {})).digest('hex');
}

/**
 * What --add-sidecar applies (with SIDECAR_FIELD_MANAGER) to a live gateway Deployment: the sidecar
 * container rendered for the gateway's own home volume, and only the volumes the Deployment lacks
 * (or that this manager added before, so a re-apply keeps them).
 */
export function sidecarIntent(live: Deployment, rendered: Deployment, homePath: string, checksum: string): KubeObject {
  const homeVolume = gatewayHomeVolume(live, homePath);
  const container = rendered.spec.template.spec.containers.find((candidate) => candidate.name === SIDECAR_CONTAINER);
  if (container === undefined) throw new DeployError(`the rendered sidecar has no container named "${SIDECAR_CONTAINER}"`);
  const ours = ownedBy(live, SIDECAR_FIELD_MANAGER).volumes;
  const present = new Set((live.spec.template.spec.volumes ?? []).map((volume) => volume.name).filter((name) => !ours.has(name)));
  const volumes = (rendered.spec.template.spec.volumes ?? []).filter((volume) => volume.name !== homeVolume && !present.has(volume.name));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: live.metadata.name, namespace: live.metadata.namespace },
    spec: {
      template: {
        metadata: { annotations: { [SIDECAR_CONFIG_ANNOTATION]: checksum } },
        spec: { containers: [container], ...(volumes.length > 0 ? { volumes } : {}) },
      },
    },
  };
}

/** The PersistentVolumeClaims the volumes of a (partial) Deployment refer to. */
export function claimNames(object: KubeObject): string[] {
  const volumes = z
    .object({ spec: z.object({ template: z.object({ spec: z.object({ volumes: z.array(z.looseObject({ persistentVolumeClaim: z.object({ claimName: z.string() }).optional() })).optional() }) }) }) })
    .parse(object).spec.template.spec.volumes;
  return (volumes ?? []).flatMap((volume) => volume.persistentVolumeClaim?.claimName ?? []);
}

/** Applying this with SIDECAR_FIELD_MANAGER drops every field that manager alone owns. */
export function sidecarRelease(live: Deployment): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: live.metadata.name, namespace: live.metadata.namespace } };
}
