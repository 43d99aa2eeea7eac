/**
 * The recommended `app.kubernetes.io/*` labels, shared by every object these constructs create.
 *
 * Selectors use only `name` + `instance`: those never change for a given object, so a selector
 * built from them stays valid across upgrades (a Deployment's selector is immutable).
 */

/** What identifies one application instance in its labels. */
export interface AppIdentity {
  /** `app.kubernetes.io/name`, e.g. `openclaw`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`; unique per installation in a namespace. */
  readonly instance: string;
  /** `app.kubernetes.io/component`, e.g. `gateway`. */
  readonly component: string;
}

/** `app.kubernetes.io/part-of` of everything this library creates. */
export const PART_OF = 'clawbench';
/** `app.kubernetes.io/managed-by` of everything this library creates. */
export const MANAGED_BY = 'clawbench-k8s';

/** The fixed labels a Deployment selects its pods by. */
export function selectorLabels(identity: AppIdentity): Record<string, string> {
  return {
    'app.kubernetes.io/name': identity.name,
    'app.kubernetes.io/instance': identity.instance,
  };
}

/** Every recommended label: the selector labels plus component, part-of and managed-by. */
export function recommendedLabels(identity: AppIdentity): Record<string, string> {
  return {
    ...selectorLabels(identity),
    'app.kubernetes.io/component': identity.component,
    'app.kubernetes.io/part-of': PART_OF,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
