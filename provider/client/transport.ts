/**
 * The client's HTTP: node's own http and https, with keep-alive agents. A general HTTP library
 * cost the provider more CPU per request than all of its own work (bench/RESULTS.md), and the
 * client needs little of one: it never follows a redirect, decompresses nothing and reads
 * at most {@link MAX_RESPONSE_BYTES} of text.
 */
import * as http from "node:http";
import * as https from "node:https";
import { getProxyForUrl } from "proxy-from-env";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version";
import { MAX_FLOW_JSON_BYTES } from "../flow-json/limits";

/** The User-Agent header: this package and its version, and the Node version. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION} (node ${process.version})`;

/** The most of a response body read: Kaleyra's JSON is a few kilobytes; more is not its answer. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

// One TCP/TLS handshake per socket, not per flow. The limiter, not the agent, bounds
// concurrency. The agents hold no credentials: the key goes on each request.
const HTTP_AGENT = new http.Agent({ keepAlive: true });
const HTTPS_AGENT = new https.Agent({ keepAlive: true });
/** One tunnelling agent per proxy URL, made when a proxy is first named. */
const proxyAgents = new Map<string, Promise<http.Agent>>();

/** One HTTP exchange as the client makes it. */
export interface HttpExchange {
  readonly method: "GET" | "POST" | "DELETE";
  /** The origin, already checked (https, or http to this machine). */
  readonly origin: string;
  readonly path: string;
  /** The query, already serialized by {@link queryString} (`?fields=...`); none when left out. */
  readonly query?: string;
  /** The body: JSON text unless `contentType` says otherwise. */
  readonly data?: string | Buffer;
  /** The body's content type; `application/json` when left out. */
  readonly contentType?: string;
  readonly apiKey: string;
  /**
   * How long the whole exchange may take, from now to the last byte. Past it the request is
   * destroyed. A timer, not an AbortSignal: a signal per request cost a third of the request.
   */
  readonly timeoutMs: number;
}

/** What came back: the status, the headers (names in lower case) and the body as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Why no response came: node's own error code where it gave one (`ECONNRESET`), its message,
 * and whether the exchange's `timeoutMs` ran out.
 */
export class TransportFailure extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "TransportFailure";
  }
}

/**
 * A query as the request line carries it: `?fields=id,name`. Each part is percent-encoded
 * except `:`, `$` and `,`, and a space is `+`, as axios wrote it before 0.3.0, so the bytes
 * Kaleyra receives did not change.
 */
export function queryString(query: Readonly<Record<string, string>>): string {
  const parts = Object.entries(query).map(([name, value]) => `${encodePart(name)}=${encodePart(value)}`);
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}

function encodePart(text: string): string {
  return encodeURIComponent(text).replace(/%3A/gi, ":").replace(/%24/g, "$").replace(/%2C/gi, ",").replace(/%20/g, "+");
}

/**
 * Sends one request and resolves with the response, whatever its status. Rejects with a
 * {@link TransportFailure} only when no whole response came (no connection, a reset, the
 * exchange's time up, a body over {@link MAX_RESPONSE_BYTES}).
 */
export async function send(exchange: HttpExchange): Promise<HttpResponse> {
  const { method, origin, path, query, data, apiKey, timeoutMs } = exchange;
  const url = new URL(query === undefined ? path : path + query, origin);
  const headers: http.OutgoingHttpHeaders = { "api-key": apiKey, accept: "application/json", "user-agent": USER_AGENT };
  if (data !== undefined) {
    headers["content-type"] = exchange.contentType ?? "application/json";
    headers["content-length"] = Buffer.byteLength(data);
  }
  return request(url, { method, headers, data, timeoutMs, maxBytes: MAX_RESPONSE_BYTES });
}

/** The most of a downloaded asset read: Meta's cap on a Flow JSON (a larger one cannot be a flow's). */
export const MAX_DOWNLOAD_BYTES = MAX_FLOW_JSON_BYTES;

/**
 * GETs a URL a response named (an asset's `download_url`) as a stranger would: no API key and
 * no header of this package's (not even its User-Agent), since the host is not Kaleyra's.
 * The URL must already be checked (https, or http to this machine). A redirect is answered
 * as what it is, a 3xx, and never followed; the body is cut at {@link MAX_DOWNLOAD_BYTES}.
 */
export async function download(url: URL, timeoutMs: number): Promise<HttpResponse> {
  return request(url, { method: "GET", headers: {}, timeoutMs, maxBytes: MAX_DOWNLOAD_BYTES });
}

interface RequestOptions {
  readonly method: HttpExchange["method"];
  readonly headers: http.OutgoingHttpHeaders;
  readonly data?: string | Buffer;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

async function request(url: URL, options: RequestOptions): Promise<HttpResponse> {
  const { method, headers, data, timeoutMs, maxBytes } = options;
  const agent = await agentFor(url);
  const open = (url.protocol === "https:" ? https : http).request;
  return new Promise<HttpResponse>((resolve, reject) => {
    const fail = (error: unknown) => {
      clearTimeout(timer);
      reject(asFailure(error));
    };
    const req = open(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) {
          // Settled first, so the abort that destroying causes is not what the caller sees.
          fail(new TransportFailure(`the response is larger than ${maxBytes} bytes`, "ERR_RESPONSE_TOO_LARGE"));
          res.destroy();
        } else {
          chunks.push(chunk);
        }
      });
      res.on("error", fail);
      res.on("aborted", () => fail(new TransportFailure("the response was cut short", "ECONNRESET")));
      res.on("end", () => {
        if (!res.complete) return fail(new TransportFailure("the response was cut short", "ECONNRESET"));
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    const timer = setTimeout(() => {
      fail(new TransportFailure(`no whole response within ${timeoutMs} ms`, undefined, true));
      req.destroy();
    }, timeoutMs);
    req.on("error", fail);
    req.end(data);
  });
}

/**
 * The agent for `url`. Plain http goes only to this machine (the client checks the origin)
 * and never through a proxy, which would carry the key unencrypted to another host. https
 * honours HTTPS_PROXY / NO_PROXY (and the other variables proxy-from-env reads) through a
 * CONNECT tunnel, so the key stays inside TLS to Kaleyra.
 */
function agentFor(url: URL): Promise<http.Agent> | http.Agent {
  if (url.protocol === "http:") return HTTP_AGENT;
  const proxy = getProxyForUrl(url.href);
  if (!proxy) return HTTPS_AGENT;
  let agent = proxyAgents.get(proxy);
  if (!agent) {
    // Loaded only when a proxy is named: most runs never need it.
    agent = import("https-proxy-agent").then(({ HttpsProxyAgent }) => new HttpsProxyAgent(proxy, { keepAlive: true }));
    proxyAgents.set(proxy, agent);
  }
  return agent;
}

function asFailure(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  const own = typeof error === "object" && error !== null ? (error as { message?: unknown; code?: unknown }) : {};
  const message = typeof own.message === "string" ? own.message : String(error);
  return new TransportFailure(message, typeof own.code === "string" ? own.code : undefined);
}
