/**
 * The emulator's HTTP server: routes `/v2` traffic through faults, logging and the
 * Kaleyra logic, and `/__emulator` to the control API.
 */
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { EmulatorClock, SYSTEM_CLOCK } from "./clock";
import { CONTROL_PREFIX, ControlResponse, controlFailure, handleControl } from "./control";
import { DEMO_SEED } from "./demo-seed";
import { ASSET_PREFIX, AssetPath, downloadFault, downloadResponse, parseAssetPath } from "./downloads";
import { DEFAULT_ECHO_STATUS, echoResponse } from "./echo";
import { DOWNLOAD_FAULT_TYPES, FaultRule } from "./faults";
import { DEFAULT_PAGING_NEXT_ORIGIN, validatePagingNextOrigin } from "./flow-list";
import { endpointOf, handleV2, parseV2Path, V2Options } from "./kaleyra-api";
import { OpenEntry, RequestLogLimits, validateLogLimits } from "./request-log";
import {
  BAD_GATEWAY,
  INTERNAL_ERROR,
  NOT_FOUND,
  PreparedResponse,
  rateLimitResponse,
  writeResponse,
} from "./responses";
import type { SeedFile } from "./seed";
import { EmulatorAccess, EmulatorState } from "./state";
import type { Endpoint } from "./vocabulary";

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  readonly host?: string;
  /** Port to listen on. Default `0`: a free port, see {@link RunningEmulator.port}. */
  readonly port?: number;
  /** Accounts and flows to start with. Default {@link DEMO_SEED}. */
  readonly seed?: SeedFile;
  /** Fault rules active from the start. */
  readonly faults?: readonly FaultRule[];
  /** Suppress the emulator's own diagnostics on stderr (a control change, a crash in a handler). */
  readonly quiet?: boolean;
  /**
   * Bounds of the request log; each one left out takes its default: `maxEntries` 10,000,
   * `maxBytes` 16 MiB, `maxBodyBytes` 64 KiB (longer bodies are cut, see `bodyTruncated`).
   */
  readonly requestLog?: Partial<RequestLogLimits>;
  /**
   * Origin of the `paging.next` URLs in "Get Flows by WABA ID" answers. Default
   * `https://graph.facebook.com`, as Meta's own: a client must never follow them (it pages
   * with `after` on the Kaleyra origin), and pointing this at a trap server proves it.
   */
  readonly pagingNextOrigin?: string;
  /**
   * Where the emulator reads the time and waits out injected latency. Default
   * {@link SYSTEM_CLOCK}; a test's own clock can end a latency when the test chooses.
   */
  readonly clock?: EmulatorClock;
}

/** A started emulator: where it listens, how to stop it, and its state in process. */
export interface RunningEmulator extends EmulatorAccess {
  /** Origin to use as the API domain, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** The request log's bounds in force (defaults filled in). */
  readonly requestLogLimits: RequestLogLimits;
  /** The origin `paging.next` URLs point at (no trailing slash). */
  readonly pagingNextOrigin: string;
  /** Stops listening and closes every connection (keep-alive, hanging, mid-latency) at once. */
  close(): Promise<void>;
}

// A request body larger than this is a client bug; it is answered WA-400, not buffered.
const MAX_BODY_BYTES = 1024 * 1024;
// Update Flow JSON and Create Flow carry a Flow JSON of up to 10 MB: their bodies may be
// larger, so that one just over 10 MB arrives and gets Meta's own 139001 "too large".
const MAX_FLOW_JSON_BODY_BYTES = 16 * 1024 * 1024;
// The control API's PUT .../flow-json carries a Flow JSON too.
const CONTROL_FLOW_JSON = /^\/__emulator\/flows\/[^/]+\/[^/]+\/flow-json$/;

/**
 * Starts an emulator. Resolves once it listens.
 *
 * @example
 * const emulator = await startEmulator();               // demo seed, free port
 * process.env.KALEYRA_API_DOMAIN = emulator.url;
 * // ... run the client ...
 * expect(emulator.requests({ method: "POST" })).toHaveLength(1);
 * await emulator.close();
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? "127.0.0.1";
  const limits = validateLogLimits(options.requestLog, "options.requestLog");
  const clock = options.clock ?? SYSTEM_CLOCK;
  const pagingNextOrigin = validatePagingNextOrigin(
    options.pagingNextOrigin ?? DEFAULT_PAGING_NEXT_ORIGIN,
    "options.pagingNextOrigin",
  );
  const state = new EmulatorState(options.seed ?? DEMO_SEED, "options.seed", limits);
  const v2Options: V2Options = { pagingNextOrigin, now: () => clock.now(), assetLinks: state.assetLinks };
  options.faults?.forEach((rule, index) => state.addFault(rule, `options.faults[${index}]`));
  const diagnostics = options.quiet ? undefined : (line: string) => process.stderr.write(`kaleyra-emulator: ${line}\n`);

  // Whatever is pending when close() is called must not keep the process alive: the
  // cancels of the latency delays still running.
  const delays = new Set<() => void>();
  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const url = req.url ?? "/";
    const control =
      url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`) || url.startsWith(`${CONTROL_PREFIX}?`);
    const context = { state, v2Options, clock, delays, diagnostics };
    try {
      const v2 = url.startsWith("/v2/") || url === "/v2" || url.startsWith("/v2?");
      if (v2) serveV2(context, req, res);
      else if (url.startsWith(`${ASSET_PREFIX}/`)) serveDownload(context, req, res);
      else if (control) serveControl(state, req, res, diagnostics);
      else writeResponse(res, NOT_FOUND);
    } catch (error) {
      // Each side fails in its own voice: Kaleyra's WA-500 for /v2, {"error"} for control.
      if (control) failControl(res, error, diagnostics);
      else fail(res, error, diagnostics);
    }
  });
  // Longer than any client's idle timeout, so the client, not the server, closes idle
  // connections: otherwise a request can race the server's close of a reused socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Destroying the sockets fires each pending request's "close", which cancels its
      // delay and settles its log entry; the explicit sweep covers anything left over.
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      for (const cancel of delays) cancel();
      delays.clear();
      state.log.abandonAll();
    }));

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    requestLogLimits: limits,
    pagingNextOrigin: v2Options.pagingNextOrigin,
    close,
    setFlowJson: (sid, flowId, text) => state.setFlowJson(sid, flowId, text),
    setErrorShape: (sid, shape) => state.setErrorShape(sid, shape),
    setCreateShape: (sid, shape) => state.setCreateShape(sid, shape),
    setValidationStyle: (sid, style, flowId) => state.setValidationStyle(sid, style, flowId),
    downloads: () => state.downloads(),
    requests: (filter) => state.requests(filter),
    clearRequests: () => state.clearRequests(),
    stats: () => state.stats(),
    flows: () => state.flows(),
    getFlow: (sid, flowId) => state.getFlow(sid, flowId),
    setFlow: (sid, flow) => state.setFlow(sid, flow),
    patchFlow: (sid, flowId, patch) => state.patchFlow(sid, flowId, patch),
    deleteFlow: (sid, flowId) => state.deleteFlow(sid, flowId),
    publishFlow: (sid, flowId) => state.publishFlow(sid, flowId),
    deprecateFlow: (sid, flowId) => state.deprecateFlow(sid, flowId),
    getAccount: (sid) => state.getAccount(sid),
    patchAccount: (sid, patch) => state.patchAccount(sid, patch),
    setPublishedUpdate: (sid, mode, flowId) => state.setPublishedUpdate(sid, mode, flowId),
    faults: () => state.faults(),
    addFault: (rule) => state.addFault(rule),
    removeFault: (id) => state.removeFault(id),
    clearFaults: () => state.clearFaults(),
    loadSeed: (seed) => state.loadSeed(seed),
  };
}

/** What serving a `/v2` request needs from the running emulator. */
interface V2Context {
  readonly state: EmulatorState;
  readonly v2Options: V2Options;
  readonly clock: EmulatorClock;
  /** The cancels of the latency delays running now. */
  readonly delays: Set<() => void>;
  readonly diagnostics?: (line: string) => void;
}

/** What one served request is: how it is logged and faulted, how large its body may be, and its answer. */
interface Served {
  /** The log entry's `sid`, `flowId`, `wabaId`, `download`. */
  readonly logged: { sid?: string; flowId?: string; wabaId?: string; download?: true };
  /** What fault rules select on. */
  readonly faultKey: { flowId?: string; wabaId?: string; route?: Endpoint };
  readonly maxBodyBytes: number;
  /** The answer when no fault decides otherwise. */
  answer(body: Buffer, text: string, tooLarge: boolean, size: number): PreparedResponse;
  /** The answer of a download-only fault (downloads only). */
  downloadFault?(fault: FaultRule): PreparedResponse;
}

/** One `/v2` request: log, read body, faults, then the Kaleyra logic. */
function serveV2(context: V2Context, req: http.IncomingMessage, res: http.ServerResponse): void {
  const { path, query } = splitUrl(req.url as string);
  const route = parseV2Path(path);
  const method = req.method ?? "GET";
  const apiKey = firstHeader(req.headers["api-key"]);
  const endpoint = endpointOf(route, method);
  const carriesFlowJson = endpoint === "create" || (endpoint === "assets" && method === "POST");
  serve(context, req, res, {
    logged: {
      ...(route.sid !== undefined ? { sid: route.sid } : {}),
      ...(route.flowId !== undefined ? { flowId: route.flowId } : {}),
      ...(route.wabaId !== undefined ? { wabaId: route.wabaId } : {}),
    },
    faultKey: { flowId: route.flowId, wabaId: route.wabaId, route: endpoint },
    maxBodyBytes: carriesFlowJson ? MAX_FLOW_JSON_BODY_BYTES : MAX_BODY_BYTES,
    answer: (rawBody, body, tooLarge, size) =>
      handleV2(
        context.state.store,
        {
          method,
          route,
          apiKey,
          query,
          body: tooLarge ? "" : body,
          rawBody,
          bodyBytes: size,
          bodyTooLarge: tooLarge,
          contentType: firstHeader(req.headers["content-type"]),
          host: firstHeader(req.headers.host) ?? localHost(req),
        },
        context.v2Options,
      ),
  });
}

/**
 * One asset download (`/__assets/<token>`): no api-key asked for, logged as a download with
 * its headers, faulted only by rules for downloads.
 */
function serveDownload(context: V2Context, req: http.IncomingMessage, res: http.ServerResponse): void {
  const path: AssetPath | undefined = parseAssetPath(splitUrl(req.url as string).path);
  const link = path && context.state.assetLinks.get(path.token);
  const origin = `http://${firstHeader(req.headers.host) ?? localHost(req)}`;
  serve(context, req, res, {
    logged: { ...(link ? { sid: link.sid, flowId: link.flowId } : {}), download: true },
    faultKey: { flowId: link?.flowId, route: "download" },
    maxBodyBytes: MAX_BODY_BYTES,
    answer: () => downloadResponse(link),
    downloadFault: (fault) => downloadFault(fault, link, path, origin),
  });
}

/** The plumbing every request shares: log, read the body, faults (latency first), then the answer. */
function serve(context: V2Context, req: http.IncomingMessage, res: http.ServerResponse, served: Served): void {
  const { state, clock, delays, diagnostics } = context;
  const { path, query } = splitUrl(req.url as string);
  const method = req.method ?? "GET";
  const apiKey = firstHeader(req.headers["api-key"]);

  const open = state.log.begin({
    time: new Date(clock.now()).toISOString(),
    method,
    path,
    query: query === "" ? {} : Object.fromEntries(new URLSearchParams(query)),
    ...served.logged,
    headers: maskHeaders(req.headers),
    body: "",
  });

  let cancelDelay: (() => void) | undefined;
  // "close" fires when the response is done or the connection goes away: either way the
  // request leaves the in-flight count, with status null if nothing was sent.
  res.on("close", () => {
    if (cancelDelay) {
      cancelDelay();
      delays.delete(cancelDelay);
    }
    state.log.finish(open, null);
  });

  readBody(req, served.maxBodyBytes, (raw, tooLarge, size) => {
    const body = raw.toString("utf8");
    // The log is served without auth: a client that echoes its key into the body must not
    // leak it there either. Very short values are left alone, or "***" would shred the body.
    const logged = apiKey && apiKey.length >= 8 && body.includes(apiKey) ? body.split(apiKey).join("***") : body;
    state.log.setBody(open, logged, size, !tooLarge);
    const { flowId, wabaId, route } = served.faultKey;
    const decision = state.faultSet.decide(method, flowId, wabaId, route);
    const proceed = () => {
      if (cancelDelay) delays.delete(cancelDelay);
      cancelDelay = undefined;
      if (res.destroyed) return;
      // This runs from a stream or timer callback, outside the request handler's try: a bug
      // here must answer Kaleyra's WA-500, not crash the process.
      try {
        const fault = decision.fault;
        if (fault && DOWNLOAD_FAULT_TYPES.includes(fault.type) && served.downloadFault)
          return respond(res, served.downloadFault(fault), open, state);
        const answer = () => served.answer(raw, body, tooLarge, size);
        if (fault) return injectFault(fault, req, res, open, state, apiKey, clock, answer);
        respond(res, answer(), open, state);
      } catch (error) {
        const answerable = !res.headersSent;
        fail(res, error, diagnostics);
        state.log.finish(open, answerable ? INTERNAL_ERROR.status : null);
      }
    };
    if (decision.latencyMs > 0) {
      cancelDelay = clock.delay(decision.latencyMs, proceed);
      delays.add(cancelDelay);
    } else {
      proceed();
    }
  });
}

function splitUrl(url: string): { path: string; query: string } {
  const q = url.indexOf("?");
  return q < 0 ? { path: url, query: "" } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** `host:port` of the socket the request came in on, for a request without a Host header (HTTP/1.0). */
function localHost(req: http.IncomingMessage): string {
  const address = req.socket.localAddress ?? "127.0.0.1";
  const host = address.includes(":") ? `[${address}]` : address;
  return `${host}:${req.socket.localPort ?? 80}`;
}

function injectFault(
  fault: FaultRule,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  open: OpenEntry,
  state: EmulatorState,
  apiKey: string | undefined,
  clock: EmulatorClock,
  /** Carries the request out and makes its answer: only `lostAnswer` calls it, and drops the answer. */
  carryOut: () => PreparedResponse,
): void {
  switch (fault.type) {
    case "echo":
      // The key goes into the answer only: the log keeps its masked headers and body.
      return respond(
        res,
        echoResponse(fault.shape ?? "message", fault.status ?? DEFAULT_ECHO_STATUS, apiKey),
        open,
        state,
      );
    case "error500":
      return respond(res, INTERNAL_ERROR, open, state);
    case "html502":
      return respond(res, BAD_GATEWAY, open, state);
    case "rateLimit": {
      const answer = rateLimitResponse(fault.retryAfter ?? 1, fault.retryAfterFormat ?? "seconds", clock.now());
      return respond(res, answer, open, state);
    }
    case "reset":
      // An RST rather than a FIN, so the client sees ECONNRESET as with a real dropped connection.
      state.log.finish(open, null);
      req.socket.resetAndDestroy();
      return;
    case "lostAnswer":
      // Carried out, then the answer lost on the way back: what a client that retries must cope with.
      carryOut();
      state.log.finish(open, null);
      req.socket.resetAndDestroy();
      return;
    case "hang":
      // Nothing is sent. The "close" listener settles the entry when the client gives up
      // or close() destroys the socket.
      return;
    default:
      return; // latency rules never reach here: they are summed into the delay
  }
}

function respond(res: http.ServerResponse, response: PreparedResponse, open: OpenEntry, state: EmulatorState): void {
  writeResponse(res, response);
  state.log.finish(open, response.status);
}

function serveControl(
  state: EmulatorState,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  diagnostics?: (line: string) => void,
): void {
  const url = new URL(req.url ?? "/", "http://emulator");
  const method = req.method ?? "GET";
  const limit = CONTROL_FLOW_JSON.test(url.pathname) ? MAX_FLOW_JSON_BODY_BYTES : MAX_BODY_BYTES;
  readBody(req, limit, (raw, tooLarge) => {
    const body = raw.toString("utf8");
    try {
      const answer = tooLarge
        ? { status: 413, json: { error: "request body too large" } }
        : handleControl(state, { method, path: url.pathname, query: url.searchParams, body });
      if (method !== "GET" && answer.status < 300)
        diagnostics?.(`control ${method} ${url.pathname} -> ${answer.status}`);
      writeControl(res, answer);
    } catch (error) {
      failControl(res, error, diagnostics);
    }
  });
}

function writeControl(res: http.ServerResponse, answer: ControlResponse): void {
  const text = Buffer.from(`${JSON.stringify(answer.json, null, 2)}\n`, "utf8");
  res.writeHead(answer.status, {
    "content-type": "application/json",
    "content-length": text.length,
    ...answer.headers,
  });
  res.end(text);
}

/** A control request that failed unexpectedly: 500 `{"error": ...}`, never a Kaleyra body. */
function failControl(res: http.ServerResponse, error: unknown, diagnostics?: (line: string) => void): void {
  diagnostics?.(`control API error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  try {
    writeControl(res, controlFailure(error));
  } catch {
    // Even the short answer could not be built (out of memory): a fixed one.
    const text = '{"error": "the emulator\'s control API failed"}\n';
    res.writeHead(500, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }
}

/**
 * Collects the body; past `limit` bytes it keeps draining but stops buffering (what was
 * kept is still passed on, for the log). `size` is what was received.
 */
function readBody(
  req: http.IncomingMessage,
  limit: number,
  done: (body: Buffer, tooLarge: boolean, size: number) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  });
  req.on("end", () => {
    done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), size > limit, size);
  });
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A copy of the headers for the log, the API key masked: the log is served without auth. */
function maskHeaders(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const copy: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) copy[name] = name === "api-key" ? "***" : value;
  }
  return copy;
}

function fail(res: http.ServerResponse, error: unknown, diagnostics?: (line: string) => void): void {
  diagnostics?.(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (!res.headersSent) writeResponse(res, INTERNAL_ERROR);
  else res.destroy();
}
