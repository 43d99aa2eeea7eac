// Client for the Ledgerly Reports API, used by our nightly export job to upload reports.
// Follows the v2 contract: POST /api/v2/reports, bearer token plus X-Workspace-Id, never an
// admin token, 10 MiB per report, 120 requests per minute per workspace.

export const REPORTS_PATH = '/api/v2/reports';
/** Largest report body, in bytes, the API accepts (10 MiB). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/** Requests per minute the API allows for one workspace. */
export const REQUESTS_PER_MINUTE = 120;

export class ReportTooLargeError extends Error {
  constructor(size) {
    super(`report body is ${size} bytes; the API accepts at most ${MAX_PAYLOAD_BYTES}`);
    this.name = 'ReportTooLargeError';
    this.size = size;
  }
}

/**
 * The HTTP request for one report: { method, path, headers, body }. `adminToken` is accepted for
 * compatibility with old callers but never sent: the reports endpoint refuses admin tokens.
 */
export function buildReportRequest(report, { token, workspaceId }) {
  if (!workspaceId) throw new Error('workspaceId is required by the reports API (X-Workspace-Id)');
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Bearer ${token}`,
    'X-Workspace-Id': workspaceId,
  };
  return { method: 'POST', path: REPORTS_PATH, headers, body: JSON.stringify(report) };
}

/**
 * Sends one report to the API at `baseUrl` and returns the parsed JSON answer. Throws
 * ReportTooLargeError, without sending anything, when the body is over the limit, and an Error
 * naming the status for any other refusal.
 */
export async function submitReport(baseUrl, report, credentials, { fetchImpl = fetch } = {}) {
  const request = buildReportRequest(report, credentials);
  const size = Buffer.byteLength(request.body);
  if (size > MAX_PAYLOAD_BYTES) throw new ReportTooLargeError(size);
  const response = await fetchImpl(new URL(request.path, baseUrl), {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`reports API answered ${response.status}: ${answer.error ?? 'no details'}`);
  return answer;
}

/** Client-side limiter: at most `perMinute` acquisitions in any 60-second window. */
export function createRateLimiter({ perMinute = REQUESTS_PER_MINUTE, now = Date.now } = {}) {
  const taken = [];
  return {
    tryAcquire() {
      const at = now();
      while (taken.length > 0 && at - taken[0] >= 60_000) taken.shift();
      if (taken.length >= perMinute) return false;
      taken.push(at);
      return true;
    },
  };
}
