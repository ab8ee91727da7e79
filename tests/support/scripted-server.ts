import * as http from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted answer. */
export interface ScriptedAnswer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  readonly body?: unknown;
}

/** A request the scripted server received. */
export interface ScriptedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A real HTTP server on loopback that answers whatever a test scripts: for answers Kaleyra's
 * documentation does not show (and the emulator therefore does not play), such as a 200 whose
 * body is not a recognised success, or details about another flow. `answer` is called per
 * request; its requests are recorded.
 */
export async function startScriptedServer(
  answer: (request: ScriptedRequest) => ScriptedAnswer,
): Promise<{ url: string; requests: ScriptedRequest[]; close(): Promise<void> }> {
  const requests: ScriptedRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const request = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers, body };
      requests.push(request);
      const scripted = answer(request);
      const text =
        typeof scripted.body === "string"
          ? scripted.body
          : JSON.stringify(scripted.body === undefined ? {} : scripted.body);
      res.writeHead(scripted.status ?? 200, {
        "content-type": "application/json",
        ...scripted.headers,
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
