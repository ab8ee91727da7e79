/**
 * The log of `/v2` requests and the in-flight counters, read by tests through the control
 * API. Entries are recorded when a request arrives and completed when it is answered, so
 * a reset or hung request stays in the log with `status: null`.
 */

/** One `/v2` request as the emulator received it. */
export interface LoggedRequest {
  /** 1, 2, 3... in order of arrival; not reset when the log is cleared. */
  readonly seq: number;
  /** When the request arrived, ISO 8601. */
  readonly time: string;
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  /** The query string's parameters (the last value of a repeated one). */
  readonly query: Readonly<Record<string, string>>;
  /** The `<sid>` of `/v2/<sid>/...`, when the path has one. */
  readonly sid?: string;
  /** The `<flow_id>` of `/v2/<sid>/whatsapp/<flow_id>`, when the path is a flow path. */
  readonly flowId?: string;
  /** Header names in lower case; the `api-key` value replaced by `***`. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /** The raw request body as text (`""` when none). */
  readonly body: string;
  /** The HTTP status answered, or `null` while unanswered or when none was sent (reset, hang). */
  readonly status: number | null;
}

/** Narrows the log; every given field must match exactly (method case-insensitively). */
export interface RequestFilter {
  readonly sid?: string;
  readonly flowId?: string;
  readonly method?: string;
}

/** Request counters. */
export interface EmulatorStats {
  /** `/v2` requests received since start (or the last seed load). */
  readonly totalRequests: number;
  /** `/v2` requests received and not yet answered (a request under injected latency counts). */
  readonly inFlight: number;
  /** The highest `inFlight` seen since start, the last seed load or the last log clear. */
  readonly maxInFlight: number;
}

/** A log entry while its request is being handled. */
export interface OpenEntry {
  readonly entry: { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };
  open: boolean;
}

// Bounded so a long benchmark cannot grow the emulator without limit; dropped in chunks
// so trimming stays cheap (one splice per thousand requests, not a shift per request).
const MAX_ENTRIES = 10_000;
const TRIM_SLACK = 1_000;

/** The request log and counters. */
export class RequestLog {
  private entries: OpenEntry["entry"][] = [];
  private seq = 0;
  private total = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private readonly pending = new Set<OpenEntry>();

  /** Records an arriving request; it counts as in flight until {@link finish}. */
  begin(request: Omit<LoggedRequest, "seq" | "status">): OpenEntry {
    const entry = { seq: ++this.seq, ...request, status: null };
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES + TRIM_SLACK) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    this.total++;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    const open = { entry, open: true };
    this.pending.add(open);
    return open;
  }

  /** Marks a request answered (`status`) or abandoned (`null`). Idempotent. */
  finish(open: OpenEntry, status: number | null): void {
    if (!open.open) return;
    open.open = false;
    open.entry.status = status;
    this.inFlight--;
    this.pending.delete(open);
  }

  /**
   * Settles every unanswered request with `status: null`. Called when the server closes,
   * so the counters are final as soon as `close()` resolves rather than a tick later.
   */
  abandonAll(): void {
    for (const open of [...this.pending]) this.finish(open, null);
  }

  /** Copies of the entries, oldest first, optionally filtered. At most the last 10,000 are kept. */
  list(filter: RequestFilter = {}): LoggedRequest[] {
    const method = filter.method?.toUpperCase();
    return this.entries
      .filter((e) => (filter.sid === undefined || e.sid === filter.sid) && (filter.flowId === undefined || e.flowId === filter.flowId) && (method === undefined || e.method === method))
      .map((e) => ({ ...e, query: { ...e.query }, headers: { ...e.headers } }));
  }

  /** Empties the log; `maxInFlight` starts again from the requests in flight now. */
  clear(): void {
    this.entries = [];
    this.maxInFlight = this.inFlight;
  }

  /** Empties the log and zeroes the counters (requests still in flight stay counted). */
  reset(): void {
    this.clear();
    this.total = 0;
  }

  /** The counters. */
  stats(): EmulatorStats {
    return { totalRequests: this.total, inFlight: this.inFlight, maxInFlight: this.maxInFlight };
  }
}
