/**
 * The control API under `/__emulator`: how tests (and people with curl) inspect and steer
 * a running emulator. No authentication, JSON in and out, errors as `{"error": message}`.
 * It is never logged, faulted or counted: only `/v2` traffic is.
 *
 * | route                                          | methods                   |
 * | ---------------------------------------------- | ------------------------- |
 * | `/__emulator/health`                           | GET                       |
 * | `/__emulator/requests`                         | GET (?sid&flowId&wabaId&method&download), DELETE |
 * | `/__emulator/stats`                            | GET                       |
 * | `/__emulator/flows`                            | GET                       |
 * | `/__emulator/flows/<sid>/<flowId>`             | GET, PUT, PATCH, DELETE   |
 * | `/__emulator/flows/<sid>/<flowId>/publish`     | POST                      |
 * | `/__emulator/flows/<sid>/<flowId>/deprecate`   | POST                      |
 * | `/__emulator/flows/<sid>/<flowId>/flow-json`   | PUT (the raw Flow JSON text) |
 * | `/__emulator/accounts/<sid>`                   | GET, PATCH                |
 * | `/__emulator/seed`                             | PUT                       |
 * | `/__emulator/faults`                           | GET, POST, DELETE         |
 * | `/__emulator/faults/<id>`                      | DELETE                    |
 */
import { EmulatorError } from "./errors";
import { FLOW_TRANSITIONS, FlowTransition } from "./flow-status";
import type { EmulatorState } from "./state";

/** The path prefix of the control API. */
export const CONTROL_PREFIX = "/__emulator";

/** A control API answer: status, JSON value, extra headers. */
export interface ControlResponse {
  readonly status: number;
  readonly json: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One control API request. `path` has no query string; `body` is the raw text. */
export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: string;
}

/** Answers one control API request. Never throws. */
export function handleControl(state: EmulatorState, request: ControlRequest): ControlResponse {
  try {
    return route(state, request);
  } catch (error) {
    if (error instanceof EmulatorError) return { status: error.status, json: { error: error.message } };
    if (error instanceof BodyError) return { status: 400, json: { error: error.message } };
    throw error;
  }
}

/**
 * The control API's answer to a failure of its own (a bug, or a log too large to
 * serialise): a 500 in the control API's shape, never one of Kaleyra's bodies, so a test
 * reading the log can tell "the emulator broke" from "Kaleyra answered WA-500".
 */
export function controlFailure(error: unknown): ControlResponse {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { status: 500, json: { error: `the emulator's control API failed: ${reason}` } };
}

function route(state: EmulatorState, request: ControlRequest): ControlResponse {
  const { method, query } = request;
  const segments = request.path
    .slice(CONTROL_PREFIX.length)
    .split("/")
    .filter((s) => s !== "")
    .map(decode);
  const [resource, a, b, ...rest] = segments;
  const where = `${method} ${request.path}`;

  switch (segments.length > 0 ? resource : "") {
    case "health":
      if (segments.length !== 1) break;
      return only(method, ["GET"], () => ok({ ok: true }));

    case "requests":
      if (segments.length !== 1) break;
      return only(method, ["GET", "DELETE"], () => {
        if (method === "DELETE") {
          state.clearRequests();
          return ok({ ok: true });
        }
        const filter = {
          sid: query.get("sid") ?? undefined,
          flowId: query.get("flowId") ?? undefined,
          wabaId: query.get("wabaId") ?? undefined,
          method: query.get("method") ?? undefined,
          download: booleanParam(query.get("download"), "download"),
        };
        // droppedEntries beside the list, so a reader of the list alone knows it is partial.
        return ok({ requests: state.requests(filter), droppedEntries: state.stats().droppedEntries });
      });

    case "stats":
      if (segments.length !== 1) break;
      return only(method, ["GET"], () => ok(state.stats()));

    case "flows":
      if (segments.length === 1) return only(method, ["GET"], () => ok({ accounts: state.flows() }));
      if (segments.length === 4 && (FLOW_TRANSITIONS as readonly string[]).includes(rest[0])) {
        return only(method, ["POST"], () => ok(state.transitionFlow(a, b, rest[0] as FlowTransition)));
      }
      if (segments.length === 4 && rest[0] === "flow-json") {
        // The body is the Flow JSON itself, as text: invalid JSON is a legitimate value here.
        return only(method, ["PUT"], () => ok(state.setFlowJson(a, b, request.body, where)));
      }
      if (segments.length !== 3) break;
      return only(method, ["GET", "PUT", "PATCH", "DELETE"], () => flow(state, method, a, b, request.body, where));

    case "accounts":
      if (segments.length !== 2) break;
      return only(method, ["GET", "PATCH"], () => {
        if (method === "PATCH") return ok(state.patchAccount(a, parseBody(request.body, where), where));
        const account = state.getAccount(a);
        return account ? ok(account) : notFound(`no account ${a} in the seed`);
      });

    case "seed":
      if (segments.length !== 1) break;
      return only(method, ["PUT"], () => {
        const seed = parseBody(request.body, where);
        state.loadSeed(seed, where);
        return ok({ ok: true, accounts: state.flows().length });
      });

    case "faults":
      if (segments.length === 1) {
        return only(method, ["GET", "POST", "DELETE"], () => {
          if (method === "GET") return ok({ faults: state.faults() });
          if (method === "DELETE") {
            state.clearFaults();
            return ok({ ok: true });
          }
          return { status: 201, json: { ids: state.addFaults(parseBody(request.body, where), where) } };
        });
      }
      if (segments.length !== 2) break;
      return only(method, ["DELETE"], () => (state.removeFault(a) ? ok({ deleted: true }) : notFound(`no fault ${a}`)));
  }
  return notFound(
    `no control route ${request.path} (see ${CONTROL_PREFIX}/health, requests, stats, flows, accounts, seed, faults)`,
  );
}

function flow(
  state: EmulatorState,
  method: string,
  sid: string,
  flowId: string,
  body: string,
  where: string,
): ControlResponse {
  switch (method) {
    case "GET": {
      const found = state.getFlow(sid, flowId);
      return found ? ok(found) : notFound(`no flow ${flowId} in account ${sid}`);
    }
    case "PUT": {
      const result = state.putFlow(sid, parseBody(body, where), where, flowId);
      return { status: result.created ? 201 : 200, json: result.flow };
    }
    case "PATCH":
      return ok(state.patchFlow(sid, flowId, parseBody(body, where), where));
    default:
      return state.deleteFlow(sid, flowId) ? ok({ deleted: true }) : notFound(`no flow ${flowId} in account ${sid}`);
  }
}

function only(method: string, allowed: readonly string[], handler: () => ControlResponse): ControlResponse {
  if (allowed.includes(method)) return handler();
  return {
    status: 405,
    json: { error: `method ${method} not allowed here (allowed: ${allowed.join(", ")})` },
    headers: { allow: allowed.join(", ") },
  };
}

function ok(json: unknown): ControlResponse {
  return { status: 200, json };
}

function notFound(message: string): ControlResponse {
  return { status: 404, json: { error: message } };
}

class BodyError extends Error {}

function booleanParam(value: string | null, name: string): boolean | undefined {
  if (value === null) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new BodyError(`?${name} must be true or false, got ${JSON.stringify(value)}`);
}

function parseBody(body: string, where: string): unknown {
  if (body.trim() === "") throw new BodyError(`${where}: the request body is empty; send JSON`);
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new BodyError(`${where}: the request body is not JSON (${(error as Error).message})`);
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
