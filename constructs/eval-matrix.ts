import { createHash } from 'node:crypto';
import type { Size } from 'cdk8s';
import { Construct } from 'constructs';
import { EvalJob, EvalRunnerTemplate, evalJobName, type EvalRunnerProps } from './eval-job.js';
import { check, dnsLabel, modelRef } from './validation.js';

/** Props of {@link EvalMatrix}. */
export interface EvalMatrixProps {
  /** The models to evaluate, `provider/model` each: one Job per model. */
  readonly models: readonly string[];
  /**
   * Shared by every job as `CLAWBENCH_MATRIX_ID` (an MLflow tag) and label `clawbench/matrix-id`.
   * @default - `matrix-` + a hash of the sorted model list, so a re-synth keeps it
   */
  readonly matrixId?: string;
  /**
   * Settings of every job's runner (runs, tasks, lanes, timeouts, MLflow), as ConfigMap
   * `clawbench-config`; each job overrides its `CLAWBENCH_MODEL` with its own model.
   * @default - the runner's defaults, with the first model as the ConfigMap's model
   */
  readonly runner?: EvalRunnerProps;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The OpenClaw image of every job's gateway.
   * @default DEFAULT_OPENCLAW_IMAGE
   */
  readonly gatewayImage?: string;
  /**
   * An OpenAI-compatible endpoint for the gateways' `openai` provider.
   * @default - OpenAI's public endpoint
   */
  readonly openaiApiBase?: string;
  /**
   * The existing Secret with the gateway token and provider keys.
   * @default DEFAULT_SECRET_NAME
   */
  readonly secretName?: string;
  /**
   * Size of each job's results PVC.
   * @default Size.gibibytes(1)
   */
  readonly resultsStorage?: Size;
  /**
   * Storage class of the results PVCs.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/** The default matrix id: stable for a given set of models, whatever their order. */
export function defaultMatrixId(models: readonly string[]): string {
  return `matrix-${createHash('sha256').update([...models].sort().join('\n')).digest('hex').slice(0, 10)}`;
}

/**
 * N models -> N {@link EvalJob}s that the cluster runs in parallel, each pod with its own gateway,
 * all sharing ConfigMap `clawbench-config`, the MLflow experiment it names and one matrix id.
 * Gather the results with `clawbench compare` over the jobs' benchmark.json files.
 */
export class EvalMatrix extends Construct {
  public readonly matrixId: string;
  public readonly runner: EvalRunnerTemplate;
  public readonly jobs: readonly EvalJob[];

  constructor(scope: Construct, id: string, props: EvalMatrixProps) {
    super(scope, id);
    if (props.models.length === 0) throw new Error('models [] is empty: expected at least one "provider/model"');
    const models = props.models.map((model) => check('model', model, modelRef));
    const names = models.map(evalJobName);
    const clash = names.find((name, index) => names.indexOf(name) !== index);
    if (clash !== undefined) {
      const clashing = models.filter((_, index) => names[index] === clash);
      throw new Error(`models ${JSON.stringify(clashing)} both map to job "${clash}": expected each model once`);
    }
    this.matrixId = check('matrix id', props.matrixId ?? defaultMatrixId(models), dnsLabel);
    this.runner = new EvalRunnerTemplate(this, 'runner', { ...props.runner, model: props.runner?.model ?? models[0], namespace: props.namespace });
    this.jobs = models.map(
      (model, index) =>
        new EvalJob(this, names[index]!, {
          runner: this.runner,
          model,
          jobName: names[index],
          namespace: props.namespace,
          gatewayImage: props.gatewayImage,
          openaiApiBase: props.openaiApiBase,
          secretName: props.secretName,
          matrixId: this.matrixId,
          resultsStorage: props.resultsStorage,
          storageClassName: props.storageClassName,
        }),
    );
  }
}
