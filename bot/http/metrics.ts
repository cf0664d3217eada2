/** Upper bounds (seconds) of the request-latency histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * Prometheus metrics for GET /metrics: requests by route, method and status; answers by whether
 * the plans answered; a latency histogram per route. Routes are the server's own paths (unknown
 * paths count as "other"), so label sets stay bounded whatever clients send.
 */
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly answers = new Map<string, number>();
  private readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>();

  recordRequest(route: string, method: string, status: number, seconds: number): void {
    const key = labels({ route, method, status: String(status) });
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    let h = this.latency.get(route);
    if (!h) this.latency.set(route, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) h!.buckets[i] += 1;
    });
    h.sum += seconds;
    h.count += 1;
  }

  recordAnswer(answered: boolean): void {
    const key = labels({ answered: String(answered) });
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
  }

  /** The text exposition format, version 0.0.4. */
  render(): string {
    const out = [
      '# HELP planboten_http_requests_total HTTP requests by route, method and status.',
      '# TYPE planboten_http_requests_total counter',
      ...[...this.requests].map(([l, v]) => `planboten_http_requests_total${l} ${v}`),
      '# HELP planboten_answers_total Questions answered from the plans, and "no answer" replies.',
      '# TYPE planboten_answers_total counter',
      ...[...this.answers].map(([l, v]) => `planboten_answers_total${l} ${v}`),
      '# HELP planboten_http_request_duration_seconds Request latency by route.',
      '# TYPE planboten_http_request_duration_seconds histogram',
    ];
    for (const [route, h] of this.latency) {
      BUCKETS.forEach((bound, i) => out.push(`planboten_http_request_duration_seconds_bucket${labels({ route, le: String(bound) })} ${h.buckets[i]}`));
      out.push(`planboten_http_request_duration_seconds_bucket${labels({ route, le: '+Inf' })} ${h.count}`);
      out.push(`planboten_http_request_duration_seconds_sum${labels({ route })} ${h.sum}`);
      out.push(`planboten_http_request_duration_seconds_count${labels({ route })} ${h.count}`);
    }
    return `${out.join('\n')}\n`;
  }
}
