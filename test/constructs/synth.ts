/** Small helpers for Testing.synth assertions: find objects and containers by kind and name. */
import assert from 'node:assert/strict';
import { Chart, Testing } from 'cdk8s';
import type { KubeObject } from '../charts/manifests.js';

/** A chart in a fresh test app, with the same naming as ours (no hash suffixes). */
export function testChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', { disableResourceNameHashes: true, namespace });
}

export function synth(chart: Chart): KubeObject[] {
  return Testing.synth(chart) as KubeObject[];
}

export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  assert.ok(found, `no ${kind} ${name} among ${objects.map((object) => `${object.kind}/${object.metadata.name}`).join(', ')}`);
  return found;
}

export function container(deployment: KubeObject, name: string): any {
  const pod = deployment.spec.template.spec;
  const found = [...(pod.initContainers ?? []), ...pod.containers].find((candidate: { name: string }) => candidate.name === name);
  assert.ok(found, `no container ${name} in ${deployment.metadata.name}`);
  return found;
}

/** Asserts a construct prop is rejected with a message naming the value and what was expected. */
export function assertRejects(build: () => void, value: string, expected: RegExp): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.ok(error.message.includes(JSON.stringify(value)) || error.message.includes(value), `message lacks the value: ${error.message}`);
    assert.match(error.message, expected);
    assert.equal(error.message, error.message.charAt(0).toLowerCase() + error.message.slice(1), 'messages start lowercase');
    return true;
  });
}
