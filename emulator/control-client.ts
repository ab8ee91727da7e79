/**
 * A typed client for the control API, for tests whose emulator runs in another process
 * (the CLI, or a server started by a global setup). Uses Node's global `fetch`, so it
 * adds no dependency.
 */
import type { ActiveFault, FaultRule } from "./faults";
import type { EmulatorStats, LoggedRequest, RequestFilter } from "./request-log";
import type { AccountPatch, FlowPatch, FlowRecord, SeedFile, SeedFlow } from "./seed";
import type { AccountView } from "./store";
import type { PublishedUpdate } from "./vocabulary";

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
    return (await this.requestLog(filter)).requests;
  }

  /**
   * The request log and, from the same read, how many entries its limits dropped since
   * the last clear (non-zero: the log is partial).
   */
  async requestLog(filter: RequestFilter = {}): Promise<{ requests: LoggedRequest[]; droppedEntries: number }> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) if (value !== undefined) params.set(key, String(value));
    const query = params.toString() ? `?${params}` : "";
    return this.call<{ requests: LoggedRequest[]; droppedEntries: number }>("GET", `/requests${query}`);
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

  /** Publishes a DRAFT flow; rejects with status 409 (and the reason) for any other status, 404 if absent. */
  async publishFlow(sid: string, flowId: string): Promise<FlowRecord> {
    return this.call<FlowRecord>("POST", `${flowPath(sid, flowId)}/publish`);
  }

  /** Deprecates a PUBLISHED or THROTTLED flow; rejects with status 409 for any other status, 404 if absent. */
  async deprecateFlow(sid: string, flowId: string): Promise<FlowRecord> {
    return this.call<FlowRecord>("POST", `${flowPath(sid, flowId)}/deprecate`);
  }

  /** One account's settings and flows (never its key), or undefined when it does not exist. */
  async getAccount(sid: string): Promise<AccountView | undefined> {
    try {
      return await this.call<AccountView>("GET", accountPath(sid));
    } catch (error) {
      if (error instanceof EmulatorControlError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Changes some settings of an account. */
  async patchAccount(sid: string, patch: AccountPatch): Promise<AccountView> {
    return this.call<AccountView>("PATCH", accountPath(sid), patch);
  }

  /**
   * Sets what updating a PUBLISHED or THROTTLED flow does, for the account or (with
   * `flowId`) one flow; `null` removes a flow's own setting.
   */
  async setPublishedUpdate(sid: string, mode: PublishedUpdate | null, flowId?: string): Promise<void> {
    if (flowId === undefined) await this.call("PATCH", accountPath(sid), { publishedUpdate: mode });
    else await this.call("PATCH", flowPath(sid, flowId), { publishedUpdate: mode });
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
      throw new EmulatorControlError(
        response.status,
        `${method} ${path}: the emulator answered ${response.status} with non-JSON: ${text.slice(0, 120)}`,
      );
    }
    if (!response.ok) {
      const message =
        typeof (json as { error?: unknown }).error === "string"
          ? (json as { error: string }).error
          : text.slice(0, 200);
      throw new EmulatorControlError(response.status, message);
    }
    return json as T;
  }
}

function flowPath(sid: string, flowId: string): string {
  return `/flows/${encodeURIComponent(sid)}/${encodeURIComponent(flowId)}`;
}

function accountPath(sid: string): string {
  return `/accounts/${encodeURIComponent(sid)}`;
}
