import { k8s } from 'cdk8s-plus-28';

/**
 * Security settings that satisfy the Kubernetes PodSecurity `restricted` profile.
 *
 * Both levels carry `runAsNonRoot` and the seccomp profile: the pod level covers our own pods,
 * the container level keeps a sidecar compliant when it joins a pod someone else wrote.
 */

/** The numeric identity a pod runs as; `fsGroup` makes mounted volumes writable by it. */
export interface RunAsIdentity {
  readonly user: number;
  readonly group: number;
}

/** The `node` user of the official OpenClaw image, also used by the ClawBench runner image. */
export const NODE_USER: RunAsIdentity = { user: 1000, group: 1000 };

export function restrictedPodSecurityContext(identity: RunAsIdentity): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    fsGroup: identity.group,
    // a large home volume is only re-chowned when its root has the wrong group
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function restrictedContainerSecurityContext(identity: RunAsIdentity): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: identity.user,
    runAsGroup: identity.group,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Requests and limits in Kubernetes quantity notation, e.g. `{ cpu: '250m', memory: '1Gi' }`. */
export interface ResourceAmounts {
  readonly cpu: string;
  readonly memory: string;
}

/** Container resources from plain quantity strings. */
export function containerResources(requests: ResourceAmounts, limits: ResourceAmounts): k8s.ResourceRequirements {
  const toQuantities = (amounts: ResourceAmounts) => ({
    cpu: k8s.Quantity.fromString(amounts.cpu),
    memory: k8s.Quantity.fromString(amounts.memory),
  });
  return { requests: toQuantities(requests), limits: toQuantities(limits) };
}

/** Labels that make the API server reject any pod that does not meet PodSecurity `restricted`. */
export const RESTRICTED_NAMESPACE_LABELS: Readonly<Record<string, string>> = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
};
