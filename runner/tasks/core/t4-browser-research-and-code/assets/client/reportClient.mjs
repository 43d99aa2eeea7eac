// Client for the Ledgerly Reports API, used by our nightly export job to upload reports.
// Written against the v1 quickstart; see the API docs for the current contract.

export const REPORTS_PATH = '/api/v1/report';
/** Largest report body, in bytes, the API accepts. */
export const MAX_PAYLOAD_BYTES = 5 * 1024 * 1024;
/** Requests per minute the API allows for one workspace. */
export const REQUESTS_PER_MINUTE = 60;

export class ReportTooLargeError extends Error {
  constructor(size) {
    super(`report body is ${size} bytes; the API accepts at most ${MAX_PAYLOAD_BYTES}`);
    this.name = 'ReportTooLargeError';
    this.size = size;
  }
}

/** The HTTP request for one report: { method, path, headers, body }. */
export function buildReportRequest(report, { token, workspaceId, adminToken }) {
  const headers = {
    'Content-Type': 'application/json',
    Authorization: `Token ${token}`,
  };
  if (adminToken) headers['X-Admin-Token'] = adminToken;
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
