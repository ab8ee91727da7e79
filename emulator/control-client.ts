/**
 * A typed client for the control API, for tests whose emulator runs in another process
 * (the CLI, or a server started by a global setup). Uses Node's global `fetch`, so it
 * adds no dependency.
 */
import type { ActiveFault, FaultRule } from "./faults";
import type { EmulatorStats, LoggedRequest, RequestFilter } from "./request-log";
import type { AccountPatch, FlowPatch, SeedFile, SeedFlow } from "./seed";
import type { AccountView, FlowView } from "./store";
import type { CreateShape, ErrorShape, PublishedUpdate, ValidationStyle } from "./vocabulary";

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

  /**
   * One flow, or undefined when it (or its account) does not exist. With a Flow JSON it shows
   * `flowJson`, `validationErrors` and, once the API stored one, `uploads`.
   */
  async getFlow(sid: string, flowId: string): Promise<FlowView | undefined> {
    try {
      return await this.call<FlowView>("GET", flowPath(sid, flowId));
    } catch (error) {
      if (error instanceof EmulatorControlError && error.status === 404) return undefined;
      throw error;
    }
  }

  /** Creates or replaces a flow in an existing account. */
  async setFlow(sid: string, flow: SeedFlow): Promise<FlowView> {
    return this.call<FlowView>("PUT", flowPath(sid, String(flow.id)), flow);
  }

  /** Changes some fields of a flow (drift made in the Kaleyra console); `null` removes a field. */
  async patchFlow(sid: string, flowId: string, patch: FlowPatch): Promise<FlowView> {
    return this.call<FlowView>("PATCH", flowPath(sid, flowId), patch);
  }

  /**
   * Replaces a flow's Flow JSON with `text` (any text, valid or not), as an edit in WhatsApp
   * Manager would: re-validated, status unchanged, not counted in `uploads`.
   */
  async setFlowJson(sid: string, flowId: string, text: string): Promise<FlowView> {
    return this.call<FlowView>("PUT", `${flowPath(sid, flowId)}/flow-json`, undefined, text);
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
  async publishFlow(sid: string, flowId: string): Promise<FlowView> {
    return this.call<FlowView>("POST", `${flowPath(sid, flowId)}/publish`);
  }

  /** Deprecates a PUBLISHED or THROTTLED flow; rejects with status 409 for any other status, 404 if absent. */
  async deprecateFlow(sid: string, flowId: string): Promise<FlowView> {
    return this.call<FlowView>("POST", `${flowPath(sid, flowId)}/deprecate`);
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

  /** Sets the shape of Meta's errors on the lifecycle routes (`meta` or `kaleyra`) for an account. */
  async setErrorShape(sid: string, shape: ErrorShape): Promise<void> {
    await this.call("PATCH", accountPath(sid), { errorShape: shape });
  }

  /** Sets what Create Flow answers (`full` or `idOnly`) for an account. */
  async setCreateShape(sid: string, shape: CreateShape): Promise<void> {
    await this.call("PATCH", accountPath(sid), { createShape: shape });
  }

  /**
   * Sets how validation errors are written (`full` or `messageOnly`), for the account or
   * (with `flowId`) one flow; `null` removes a flow's own setting.
   */
  async setValidationStyle(sid: string, style: ValidationStyle | null, flowId?: string): Promise<void> {
    if (flowId === undefined) await this.call("PATCH", accountPath(sid), { validationStyle: style });
    else await this.call("PATCH", flowPath(sid, flowId), { validationStyle: style });
  }

  /** The asset downloads in the request log, oldest first, with the headers each one came with. */
  async downloads(): Promise<LoggedRequest[]> {
    return this.requests({ download: true });
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

  /** One control call: `body` goes as JSON, or `text` as it is. */
  private async call<T = unknown>(method: string, path: string, body?: unknown, text?: string): Promise<T> {
    const sent = text ?? (body === undefined ? undefined : JSON.stringify(body));
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers:
        sent === undefined ? undefined : { "content-type": text === undefined ? "application/json" : "text/plain" },
      body: sent,
    });
    const answer = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(answer);
    } catch {
      throw new EmulatorControlError(
        response.status,
        `${method} ${path}: the emulator answered ${response.status} with non-JSON: ${answer.slice(0, 120)}`,
      );
    }
    if (!response.ok) {
      const message =
        typeof (json as { error?: unknown }).error === "string"
          ? (json as { error: string }).error
          : answer.slice(0, 200);
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
