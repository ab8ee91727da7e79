import * as http from "node:http";
import * as https from "node:https";
import axios, { AxiosResponse } from "axios";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../version";

/** The User-Agent header: this package and its version, and the Node version. */
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION} (node ${process.version})`;

// One axios instance for the process, holding everything that is the same for every
// request (merging it into each request's config is most of axios's cost per request), with
// keep-alive agents: one TCP/TLS handshake per socket, not per flow. The limiter, not the
// agent, bounds concurrency. It holds no credentials: the key goes on each request. It never
// follows a redirect: the key must go to the configured origin and nowhere else.
const instance = axios.create({
  responseType: "text",
  transformResponse: [(raw: string) => raw],
  validateStatus: () => true,
  maxRedirects: 0,
  maxContentLength: 1024 * 1024,
  httpAgent: new http.Agent({ keepAlive: true }),
  httpsAgent: new https.Agent({ keepAlive: true }),
});

/** One HTTP exchange as the client makes it. */
export interface HttpExchange {
  readonly method: "GET" | "POST";
  /** The origin, already checked (https, or http to this machine). */
  readonly origin: string;
  readonly path: string;
  /** The query, already serialized by {@link queryString} (`?fields=...`); none when left out. */
  readonly query?: string;
  /** A JSON body, sent with `content-type: application/json`. */
  readonly data?: string;
  readonly apiKey: string;
  readonly signal: AbortSignal;
}

/**
 * `query` as a request line carries it (`?fields=id,name`), serialized by axios itself, so the
 * bytes are those axios sends for `params`. A query that never changes (Get Flow Details'
 * fields) is serialized once, not by axios on every request.
 */
export function queryString(query: Readonly<Record<string, string>>): string {
  return instance.getUri({ params: query });
}

/**
 * Sends one request and resolves with the response, whatever its status, its body as text.
 * Rejects only when no response came (an axios error, which holds the request config and so
 * the key: callers must never let it out).
 */
export function send(exchange: HttpExchange): Promise<AxiosResponse<string>> {
  const { method, origin, path, query, data, apiKey, signal } = exchange;
  return instance.request<string>({
    method,
    baseURL: origin,
    url: query === undefined ? path : path + query,
    data,
    // Plain http goes only to this machine (the client checks the origin): never through a
    // proxy from HTTP_PROXY, which would carry the key unencrypted to another host.
    ...(origin.startsWith("http:") ? { proxy: false as const } : {}),
    headers: {
      "api-key": apiKey,
      accept: "application/json",
      "user-agent": USER_AGENT,
      ...(data !== undefined ? { "content-type": "application/json" } : {}),
    },
    signal,
  });
}
