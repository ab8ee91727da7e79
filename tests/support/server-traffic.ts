import * as diagnostics from "node:diagnostics_channel";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** A request a watched server answered. */
export interface AnsweredRequest {
  readonly method: string;
  /** The path and query, as the client sent them. */
  readonly url: string;
  readonly status: number;
}

/** The traffic of one HTTP server of this process, as events; see {@link watchServer}. */
export interface ServerTraffic {
  /** Every request answered so far, oldest first. */
  readonly answered: readonly AnsweredRequest[];
  /**
   * Resolves once `enough(answered)` holds, checked now and after each answer: the moment
   * the server has answered the request a test waits for.
   */
  whenAnswered(enough: (answered: readonly AnsweredRequest[]) => boolean): Promise<void>;
  /**
   * Resolves once no connection to the server is open (at once if none is). After the
   * clients are killed, this is when none of their requests can still be in progress.
   */
  whenNoConnections(): Promise<void>;
  /** Stops watching. */
  stop(): void;
}

type Message = { socket: Socket; request?: IncomingMessage; response?: ServerResponse };

/**
 * Watches the HTTP server of this process that listens on `port` (such as an in-process
 * emulator) through Node's built-in diagnostics channels, so a test can act when the server
 * has answered a given request and wait until its clients' connections are all gone,
 * instead of sleeping. Only connections accepted after this call are seen: call it before
 * starting the clients.
 */
export function watchServer(port: number): ServerTraffic {
  const answered: AnsweredRequest[] = [];
  const open = new Set<Socket>();
  let waiters: Array<() => void> = [];
  const wake = () => {
    const now = waiters;
    waiters = [];
    for (const check of now) check();
  };
  // Re-checks `done` on every change until it holds.
  const when = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (done() ? resolve() : waiters.push(check));
      check();
    });

  const onSocket = (message: unknown) => {
    const { socket } = message as Message;
    if (socket.localPort !== port) return;
    open.add(socket);
    socket.once("close", () => {
      open.delete(socket);
      wake();
    });
  };
  const onAnswer = (message: unknown) => {
    const { socket, request, response } = message as Message;
    if (socket.localPort !== port || !request || !response) return;
    answered.push({ method: request.method ?? "", url: request.url ?? "", status: response.statusCode });
    wake();
  };
  diagnostics.subscribe("net.server.socket", onSocket);
  diagnostics.subscribe("http.server.response.finish", onAnswer);

  return {
    answered,
    whenAnswered: (enough) => when(() => enough(answered)),
    whenNoConnections: () => when(() => open.size === 0),
    stop: () => {
      diagnostics.unsubscribe("net.server.socket", onSocket);
      diagnostics.unsubscribe("http.server.response.finish", onAnswer);
    },
  };
}
