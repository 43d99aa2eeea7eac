/**
 * MLflow's `/health` answers 200 "OK" without auth. A failure here is only a warning: the eval's
 * results land on disk either way and `clawbench log-mlflow` can send them later.
 */
export async function mlflowHealthProblem(trackingUri: string, timeoutMs = 5000): Promise<string | null> {
  const base = URL.canParse(trackingUri) ? new URL(trackingUri) : null;
  if (base === null || (base.protocol !== 'http:' && base.protocol !== 'https:')) {
    return `MLFLOW_TRACKING_URI "${trackingUri}" is not an http(s) url: expected http(s)://host:port`;
  }
  // /health needs no auth, and credentials in the uri must not reach the pod log.
  base.username = '';
  base.password = '';
  const healthUrl = new URL('health', base.href.endsWith('/') ? base : `${base.href}/`);
  try {
    const response = await fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.text()).trim();
    if (response.ok && body === 'OK') return null;
    return `GET ${healthUrl.href} answered ${response.status} ${JSON.stringify(body.slice(0, 80))}, expected 200 "OK"`;
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    const reason = error instanceof Error ? error.message : String(error);
    return `GET ${healthUrl.href} failed: ${reason}${cause ? ` (${cause})` : ''}`;
  }
}
