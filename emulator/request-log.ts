/**
 * The log of `/v2` requests and the in-flight counters, read by tests through the control
 * API. Entries are recorded when a request arrives and completed when it is answered, so
 * a reset or hung request stays in the log with `status: null`.
 *
 * The log is bounded three ways, so a long benchmark or a client sending megabyte bodies
 * cannot grow the emulator until it fails: each entry keeps at most `maxBodyBytes` of its
 * body, and the log keeps at most `maxEntries` entries and `maxBytes` bytes, dropping the
 * oldest first. Drops are counted (`droppedEntries`), so a reader knows the log is partial.
 */
import { Checker, field, isObject, show } from "./check";

/** One `/v2` request (or asset download) as the emulator received it. */
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
  /** The `<waba_id>` of `/v2/<sid>/whatsapp/<waba_id>/flows`, when the path is a flow list. */
  readonly wabaId?: string;
  /** Header names in lower case; the `api-key` value replaced by `***`. */
  readonly headers: Readonly<Record<string, string | string[]>>;
  /**
   * The request body as text (`""` when none), the `api-key` replaced by `***` wherever it
   * appears. Only the first `maxBodyBytes` (UTF-8) of a longer body are kept.
   */
  readonly body: string;
  /** Only on a cut body: the body's length in bytes as received. */
  readonly bodyBytes?: number;
  /** Only on a cut body: `true`. */
  readonly bodyTruncated?: true;
  /** Only on an asset download (a `download_url` of Get Flow Assets, outside `/v2`): `true`. */
  readonly download?: true;
  /** The HTTP status answered, or `null` while unanswered or when none was sent (reset, hang). */
  readonly status: number | null;
}

/** Narrows the log; every given field must match exactly (method case-insensitively). */
export interface RequestFilter {
  readonly sid?: string;
  readonly flowId?: string;
  readonly wabaId?: string;
  readonly method?: string;
  /** `true`: asset downloads only; `false`: `/v2` requests only; omitted: both. */
  readonly download?: boolean;
}

/** Request counters, and how much the log holds. */
export interface EmulatorStats {
  /** `/v2` requests received since start (or the last seed load). */
  readonly totalRequests: number;
  /** `/v2` requests received and not yet answered (a request under injected latency counts). */
  readonly inFlight: number;
  /** The highest `inFlight` seen since start, the last seed load or the last log clear. */
  readonly maxInFlight: number;
  /** Entries the log holds now. */
  readonly logEntries: number;
  /**
   * The log's size as the emulator counts it against `maxBytes`: bodies, headers, paths and
   * query parameters in UTF-8 bytes, plus {@link ENTRY_OVERHEAD_BYTES} per entry.
   */
  readonly logBytes: number;
  /**
   * Entries dropped by the limits since start, the last seed load or the last log clear:
   * non-zero means the log is partial.
   */
  readonly droppedEntries: number;
}

/** The bounds of the request log (options of `startEmulator`). */
export interface RequestLogLimits {
  /** Most entries kept. Default 10,000. */
  readonly maxEntries: number;
  /** Most bytes kept (as counted by `logBytes`). Default 16 MiB. */
  readonly maxBytes: number;
  /** Most bytes of one request's body kept. Default 64 KiB. Must not exceed `maxBytes`. */
  readonly maxBodyBytes: number;
}

/** The limits used when none are given. */
export const DEFAULT_LOG_LIMITS: RequestLogLimits = Object.freeze({
  maxEntries: 10_000,
  maxBytes: 16 * 1024 * 1024,
  maxBodyBytes: 64 * 1024,
});

/** What an entry costs beyond its strings: the keys, seq, time, status and punctuation of its JSON form. */
export const ENTRY_OVERHEAD_BYTES = 160;

type MutableEntry = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };

/** A log entry while its request is being handled. */
export interface OpenEntry {
  readonly entry: MutableEntry;
  open: boolean;
  /** What the entry counts for in `logBytes`. */
  bytes: number;
  /** False once dropped or cleared: a body arriving later must not count then. */
  inLog: boolean;
}

/**
 * Validates partial limits and fills in the defaults. Throws {@link SeedError} naming
 * `source` and the bad field.
 */
export function validateLogLimits(value: unknown, source = "requestLog"): RequestLogLimits {
  if (value === undefined) return DEFAULT_LOG_LIMITS;
  const check: Checker = new Checker(source);
  if (!isObject(value))
    check.fail("", `must be an object with any of maxEntries, maxBytes, maxBodyBytes, got ${show(value)}`);
  check.knownKeys(value, "", ["maxEntries", "maxBytes", "maxBodyBytes"]);
  const limits = { ...DEFAULT_LOG_LIMITS };
  for (const key of ["maxEntries", "maxBytes", "maxBodyBytes"] as const) {
    const given = value[key];
    if (given === undefined) continue;
    if (!Number.isSafeInteger(given) || (given as number) < 1)
      check.fail(field("", key), `must be a whole number of at least 1, got ${show(given)}`);
    limits[key] = given as number;
  }
  if (limits.maxBodyBytes > limits.maxBytes) {
    check.fail("maxBodyBytes", `must not exceed maxBytes (${limits.maxBytes}), got ${limits.maxBodyBytes}`);
  }
  return Object.freeze(limits);
}

// The array is consumed from `start` so dropping the oldest entry is O(1); it is compacted
// once the dropped part outweighs the rest.
const COMPACT_AFTER = 1024;

/** The request log and counters. */
export class RequestLog {
  private entries: (OpenEntry | undefined)[] = [];
  private start = 0;
  private seq = 0;
  private total = 0;
  private inFlight = 0;
  private maxInFlight = 0;
  private bytes = 0;
  private dropped = 0;
  private readonly pending = new Set<OpenEntry>();

  constructor(readonly limits: RequestLogLimits = DEFAULT_LOG_LIMITS) {}

  /**
   * Records an arriving request (its body comes later, {@link setBody}); it counts as in
   * flight until {@link finish}.
   */
  begin(request: Omit<LoggedRequest, "seq" | "status" | "bodyBytes" | "bodyTruncated">): OpenEntry {
    const entry: MutableEntry = { seq: ++this.seq, ...request, status: null };
    const open: OpenEntry = { entry, open: true, bytes: 0, inLog: true };
    open.bytes = entryBytes(entry);
    this.entries.push(open);
    this.bytes += open.bytes;
    this.total++;
    if (++this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
    this.pending.add(open);
    this.trim();
    return open;
  }

  /**
   * Stores a request's body, cut to `maxBodyBytes` (at a character boundary).
   *
   * @param receivedBytes the body's size as received
   * @param complete false when `body` is already only the start of what was received
   */
  setBody(open: OpenEntry, body: string, receivedBytes: number, complete = true): void {
    const { entry } = open;
    const cut = Buffer.byteLength(body, "utf8") > this.limits.maxBodyBytes;
    entry.body = cut ? cutUtf8(body, this.limits.maxBodyBytes) : body;
    if (cut || !complete) {
      entry.bodyBytes = receivedBytes;
      entry.bodyTruncated = true;
    }
    if (!open.inLog) return;
    const bytes = entryBytes(entry);
    this.bytes += bytes - open.bytes;
    open.bytes = bytes;
    this.trim();
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

  /** Copies of the entries, oldest first, optionally filtered. */
  list(filter: RequestFilter = {}): LoggedRequest[] {
    const method = filter.method?.toUpperCase();
    const out: LoggedRequest[] = [];
    for (let i = this.start; i < this.entries.length; i++) {
      const e = (this.entries[i] as OpenEntry).entry;
      if (filter.sid !== undefined && e.sid !== filter.sid) continue;
      if (filter.flowId !== undefined && e.flowId !== filter.flowId) continue;
      if (filter.wabaId !== undefined && e.wabaId !== filter.wabaId) continue;
      if (method !== undefined && e.method !== method) continue;
      if (filter.download !== undefined && (e.download === true) !== filter.download) continue;
      out.push({ ...e, query: { ...e.query }, headers: { ...e.headers } });
    }
    return out;
  }

  /** Empties the log and the drop count; `maxInFlight` starts again from the requests in flight now. */
  clear(): void {
    for (let i = this.start; i < this.entries.length; i++) (this.entries[i] as OpenEntry).inLog = false;
    this.entries = [];
    this.start = 0;
    this.bytes = 0;
    this.dropped = 0;
    this.maxInFlight = this.inFlight;
  }

  /** Empties the log and zeroes the counters (requests still in flight stay counted). */
  reset(): void {
    this.clear();
    this.total = 0;
  }

  /** The counters. */
  stats(): EmulatorStats {
    return {
      totalRequests: this.total,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      logEntries: this.entries.length - this.start,
      logBytes: this.bytes,
      droppedEntries: this.dropped,
    };
  }

  /** Entries dropped since the last clear. */
  droppedEntries(): number {
    return this.dropped;
  }

  /** Drops the oldest entries until both limits hold; the newest entry always stays. */
  private trim(): void {
    const { maxEntries, maxBytes } = this.limits;
    while (
      this.entries.length - this.start > maxEntries ||
      (this.bytes > maxBytes && this.entries.length - this.start > 1)
    ) {
      const oldest = this.entries[this.start] as OpenEntry;
      this.entries[this.start++] = undefined; // let the body go now, not at the next compaction
      oldest.inLog = false;
      this.bytes -= oldest.bytes;
      this.dropped++;
    }
    if (this.start > COMPACT_AFTER && this.start * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.start);
      this.start = 0;
    }
  }
}

/** What an entry counts for: its strings in UTF-8 plus a fixed overhead. */
function entryBytes(entry: MutableEntry): number {
  let bytes =
    ENTRY_OVERHEAD_BYTES + Buffer.byteLength(entry.path) + Buffer.byteLength(entry.body) + entry.method.length;
  if (entry.sid !== undefined) bytes += Buffer.byteLength(entry.sid);
  if (entry.flowId !== undefined) bytes += Buffer.byteLength(entry.flowId);
  if (entry.wabaId !== undefined) bytes += Buffer.byteLength(entry.wabaId);
  for (const key in entry.query) bytes += Buffer.byteLength(key) + Buffer.byteLength(entry.query[key]);
  for (const name in entry.headers) {
    const value = entry.headers[name];
    bytes += name.length;
    if (Array.isArray(value)) for (const v of value) bytes += Buffer.byteLength(v);
    else bytes += Buffer.byteLength(value);
  }
  return bytes;
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends on a character boundary. */
function cutUtf8(text: string, maxBytes: number): string {
  const buffer = Buffer.from(text, "utf8");
  let end = maxBytes;
  // A continuation byte (10xxxxxx) at the cut means a character straddles it: leave it out whole.
  while (end > 0 && (buffer[end] & 0xc0) === 0x80) end--;
  return buffer.toString("utf8", 0, end);
}
