import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Upper bounds (seconds) of the request-latency histogram. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Prometheus metrics for GET /metrics (prom-client, one registry per server): requests by route,
 * method and status; answers by whether the plans answered; a latency histogram per route; and
 * Node's process metrics (CPU, memory, heap, event-loop lag, GC, handles). Routes are the server's
 * own paths (unknown paths count as "other"), so label sets stay bounded whatever clients send.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'planboten_http_requests_total',
    help: 'HTTP requests by route, method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly answers = new Counter({
    name: 'planboten_answers_total',
    help: 'Questions answered from the plans, and "no answer" replies.',
    labelNames: ['answered'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'planboten_http_request_duration_seconds',
    help: 'Request latency by route.',
    labelNames: ['route'] as const,
    buckets: BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordRequest(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.latency.observe({ route }, seconds);
  }

  recordAnswer(answered: boolean): void {
    this.answers.inc({ answered: String(answered) });
  }

  /**
   * A gauge read when /metrics is scraped, e.g. whether Redis answers or the feedback counts.
   * `read` returns the value per label set; if it throws, the gauge is left out of that scrape
   * (and `onError` hears why), so one failing engine never takes /metrics down.
   */
  gauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: () => Promise<Array<[Partial<Record<L, string>>, number]>>,
    onError: (error: unknown) => void,
  ): void {
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [labels, value] of await read()) this.set(labels, value);
        } catch (error) {
          onError(error);
        }
      },
    });
  }

  /** The text exposition format, version 0.0.4. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
