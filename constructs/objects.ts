/** Small L1 building blocks the constructs share. */
import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import type { Construct } from 'constructs';

/** What every object a construct creates carries. */
export interface ObjectMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
}

/** A ReadWriteOnce claim of the given size, on the given storage class or the cluster default. */
export function readWriteOnceClaim(
  scope: Construct,
  id: string,
  metadata: ObjectMetadata,
  storage: Size,
  storageClassName: string | undefined,
): k8s.KubePersistentVolumeClaim {
  return new k8s.KubePersistentVolumeClaim(scope, id, {
    metadata,
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName,
      resources: { requests: { storage: k8s.Quantity.fromString(storage.asString()) } },
    },
  });
}

/** An environment variable taken from a key of an existing Secret, named like the key. */
export function secretKeyEnv(secretName: string, key: string, optional: boolean): k8s.EnvVar {
  return { name: key, valueFrom: { secretKeyRef: { name: secretName, key, optional } } };
}
