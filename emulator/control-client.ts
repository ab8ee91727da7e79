/**
 * A typed client for the control API, for tests whose emulator runs in another process
 * (the CLI, or a server started by a global setup). Uses Node's global `fetch`, so it
 * adds no dependency.
 */
import type { ActiveFault, FaultRule } from "./faults";
import type { EmulatorStats, LoggedRequest, RequestFilter } from "./request-log";
import type { FlowPatch, FlowRecord, SeedFile, SeedFlow } from "./seed";
import type { AccountView } from "./store";

/** A control API call that did not succeed: carries the status and the emulator's message. */
export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "EmulatorControlError";
  }
}

/**
 * The control API of an emulator at `url`, over HTTP: the same operations as the
 * in-process accessors of `RunningEmulator`, as promises.
 *
 * @example
 * const control = new EmulatorControl("http://127.0.0.1:4010");
 * await control.patchFlow("HXAP16DEMO0097IN", "1234567890123451", { name: "Renamed in console" });
 */
export class EmulatorControl {
  private readonly base: string;

  /** @param url the emulator's origin, e.g. `http://127.0.0.1:4010` (a trailing slash is fine). */
  constructor(url: string) {
    this.base = `${url.replace(/\/+$/, "")}/__emulator`;
  }

  /** True when the emulator answers its health check. Never throws. */
  async health(): Promise<boolean> {
    try {
      const body = await this.call<{ ok?: boolean }>("GET", "/health");
      return body.ok === true;
    } catch {
      return false;
    }
  }

  /** The `/v2` request log, oldest first, optionally filtered. */
  async requests(filter: RequestFilter = {}): Promise<LoggedRequest[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
    const query = params.toString() ? `?${params}` : "";
    return (await this.call<{ requests: LoggedRequest[] }>("GET", `/requests${query}`)).requests;
  }

  /** Empties the request log and restarts `maxInFlight`. */
  async clearRequests(): Promise<void> {
    await this.call("DELETE", "/requests");
  }

  /** Request counters. */
  async stats(): Promise<EmulatorStats> {
    return this.call<EmulatorStats>("GET", "/stats");
  }

  /** Every account (without its key) and its flows. */
  async flows(): Promise<AccountView[]> {
    return (await this.call<{ accounts: AccountView[] }>("GET", "/flows")).accounts;
  }

  /** One flow, or undefined when it (or its account) does not exist. */
  async getFlow(sid: string, flowId: string): Promise<FlowRecord | undefined> {
    try {
      return await this.call<FlowRecord>("GET", flowPath(sid, flowId));
    } catch (error) {
      if (error instanceof EmulatorControlError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Creates or replaces a flow in an existing account. */
  async setFlow(sid: string, flow: SeedFlow): Promise<FlowRecord> {
    return this.call<FlowRecord>("PUT", flowPath(sid, String(flow.id)), flow);
  }

  /** Changes some fields of a flow (drift made in the Kaleyra console); `null` removes a field. */
  async patchFlow(sid: string, flowId: string, patch: FlowPatch): Promise<FlowRecord> {
    return this.call<FlowRecord>("PATCH", flowPath(sid, flowId), patch);
  }

  /** Deletes a flow (deleted remotely). Resolves whether it existed. */
  async deleteFlow(sid: string, flowId: string): Promise<boolean> {
    try {
      await this.call("DELETE", flowPath(sid, flowId));
      return true;
    } catch (error) {
      if (error instanceof EmulatorControlError && error.status === 404) return false;
      throw error;
    }
  }

  /** The active fault rules. */
  async faults(): Promise<ActiveFault[]> {
    return (await this.call<{ faults: ActiveFault[] }>("GET", "/faults")).faults;
  }

  /** Adds a fault rule; resolves its id. */
  async addFault(rule: FaultRule): Promise<string> {
    return (await this.addFaults([rule]))[0];
  }

  /** Adds several rules at once (all or none); resolves their ids. */
  async addFaults(rules: readonly FaultRule[]): Promise<string[]> {
    return (await this.call<{ ids: string[] }>("POST", "/faults", { faults: rules })).ids;
  }

  /** Removes one fault rule; resolves whether it existed. */
  async removeFault(id: string): Promise<boolean> {
    try {
      await this.call("DELETE", `/faults/${encodeURIComponent(id)}`);
      return true;
    } catch (error) {
      if (error instanceof EmulatorControlError && error.status === 404) return false;
      throw error;
    }
  }

  /** Removes every fault rule. */
  async clearFaults(): Promise<void> {
    await this.call("DELETE", "/faults");
  }

  /** Replaces every account with a new seed; clears the log, faults and counters. */
  async loadSeed(seed: SeedFile): Promise<void> {
    await this.call("PUT", "/seed", seed);
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new EmulatorControlError(response.status, `${method} ${path}: the emulator answered ${response.status} with non-JSON: ${text.slice(0, 120)}`);
    }
    if (!response.ok) {
      const message = typeof (json as { error?: unknown }).error === "string" ? (json as { error: string }).error : text.slice(0, 200);
      throw new EmulatorControlError(response.status, message);
    }
    return json as T;
  }
}

function flowPath(sid: string, flowId: string): string {
  return `/flows/${encodeURIComponent(sid)}/${encodeURIComponent(flowId)}`;
}
