/**
 * Fault injection over real HTTP: every fault type, scoping by flow and method, `times`
 * and `rate`, Retry-After, connection resets and hangs, in-flight counting, and close()
 * staying prompt whatever is pending.
 */
import * as http from "node:http";
import {
  DEMO_SEED,
  EmulatorClock,
  INTERNAL_ERROR_BODY,
  RATE_LIMIT_BODY,
  RunningEmulator,
  startEmulator,
  SUCCESS_BODY,
  SYSTEM_CLOCK,
} from "../../emulator";

const [IN] = DEMO_SEED.accounts;
const SIGN_UP = "1234567890123451";
const SURVEY = "1234567890123453";
const HTML_502 =
  "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>";

/** A latency delay the emulator asked for; it runs on only when the test calls `end`. */
interface Delay {
  readonly ms: number;
  cancelled: boolean;
  end(): void;
}

/**
 * A clock that stands still and whose delays end when the test says: a test sees which
 * delay a request waits for, and that the answer comes only after it, without timing anything.
 */
class ManualClock implements EmulatorClock {
  readonly delays: Delay[] = [];
  private readonly waiting = new Set<() => void>();

  constructor(readonly time: number) {}

  now(): number {
    return this.time;
  }

  delay(ms: number, callback: () => void): () => void {
    const delay: Delay = {
      ms,
      cancelled: false,
      end: () => {
        if (!delay.cancelled) setImmediate(callback);
      },
    };
    this.delays.push(delay);
    for (const check of [...this.waiting]) check();
    return () => {
      delay.cancelled = true;
    };
  }

  /** Resolves with the delays once the emulator has asked for `count` of them in all. */
  asked(count: number): Promise<Delay[]> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.delays.length < count) return;
        this.waiting.delete(check);
        resolve(this.delays.slice(0, count));
      };
      this.waiting.add(check);
      check();
    });
  }
}

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
let clock: ManualClock;
let emulator: RunningEmulator;
beforeAll(async () => {
  clock = new ManualClock(NOW);
  emulator = await startEmulator({ quiet: true, clock });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED)); // also clears faults and counters

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

interface SendOptions {
  key?: string;
  signal?: AbortSignal;
  target?: RunningEmulator;
  agent?: http.Agent;
}

let sent = 0;

/** One request with node:http, so transport errors (ECONNRESET...) come through as they are. */
function send(method: "GET" | "POST", flow = SIGN_UP, options: SendOptions = {}): Promise<Answer> {
  const target = options.target ?? emulator;
  const body = method === "POST" ? JSON.stringify({ name: `n${++sent}` }) : undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${target.url}/v2/${IN.sid}/whatsapp/${flow}`,
      {
        method,
        headers: { "api-key": options.key ?? IN.apiKey },
        agent: options.agent ?? false,
        signal: options.signal,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, text }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

/** Waits (up to 2 s) for a condition the server reaches asynchronously. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 2000; !condition() && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const statuses = () => emulator.requests().map((r) => r.status);

describe("error500, html502, rateLimit", () => {
  test("error500 answers the seed's WA-500 and changes nothing", async () => {
    emulator.addFault({ type: "error500" });
    const answer = await send("POST");
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.text).toBe(JSON.stringify(INTERNAL_ERROR_BODY, null, 4));
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up");
  });

  test("html502 answers an HTML page as a proxy would", async () => {
    emulator.addFault({ type: "html502" });
    const answer = await send("GET");
    expect(answer.status).toBe(502);
    expect(answer.headers["content-type"]).toBe("text/html");
    expect(answer.text).toBe(HTML_502);
  });

  test("rateLimit: 429, WA-429 body, Retry-After 1 by default or as configured", async () => {
    emulator.addFault({ type: "rateLimit", times: 1 });
    emulator.addFault({ type: "rateLimit", times: 1, retryAfter: 7 });
    const first = await send("POST");
    expect(first.status).toBe(429);
    expect(first.headers["retry-after"]).toBe("1");
    expect(JSON.parse(first.text)).toEqual({
      code: "WA-429",
      message: "Too many requests",
      data: {},
      error: { error: "Rate limit exceeded" },
    });
    expect(JSON.parse(first.text)).toEqual(RATE_LIMIT_BODY);
    const second = await send("POST");
    expect(second.headers["retry-after"]).toBe("7");
    expect((await send("POST")).status).toBe(200);
  });

  test("rateLimit with retryAfterFormat date sends the HTTP date that far ahead of the emulator's clock", async () => {
    emulator.addFault({ type: "rateLimit", retryAfter: 30, retryAfterFormat: "date" });
    const answer = await send("GET");
    expect(answer.headers["retry-after"]).toBe("Thu, 02 Jan 2025 03:04:35 GMT"); // NOW + 30 s
  });

  test("faults come before authentication", async () => {
    emulator.addFault({ type: "error500" });
    expect((await send("POST", SIGN_UP, { key: "wrong" })).status).toBe(500);
    expect((await send("POST", "999")).status).toBe(500);
  });

  test("the control API is never faulted", async () => {
    emulator.addFault({ type: "error500" });
    emulator.addFault({ type: "hang" });
    const response = await fetch(`${emulator.url}/__emulator/health`);
    expect(response.status).toBe(200);
  });
});

describe("matching: scope, times, rate, precedence", () => {
  test("flowId scopes a rule to one flow", async () => {
    emulator.addFault({ type: "error500", flowId: SURVEY });
    expect((await send("POST", SIGN_UP)).status).toBe(200);
    expect((await send("POST", SURVEY)).status).toBe(500);
    expect((await send("GET", SURVEY)).status).toBe(500);
  });

  test("method scopes a rule to GET or POST", async () => {
    emulator.addFault({ type: "html502", method: "GET" });
    expect((await send("POST")).status).toBe(200);
    expect((await send("GET")).status).toBe(502);
  });

  test("times: the first N matching requests, then the rule expires", async () => {
    const id = emulator.addFault({ type: "error500", times: 2, flowId: SIGN_UP });
    expect(emulator.faults()).toEqual([{ id, type: "error500", times: 2, flowId: SIGN_UP, remaining: 2 }]);
    await send("POST", SURVEY); // out of scope: does not use up the rule
    for (let i = 0; i < 4; i++) await send("POST");
    expect(statuses()).toEqual([200, 500, 500, 200, 200]);
    expect(emulator.faults()).toEqual([]);
  });

  test("rate 0 never fires; rate 0.5 fires about half the time", async () => {
    emulator.addFault({ type: "error500", rate: 0 });
    for (let i = 0; i < 20; i++) expect((await send("GET")).status).toBe(200);
    emulator.clearFaults();
    emulator.clearRequests();
    emulator.addFault({ type: "error500", rate: 0.5 });
    const agent = new http.Agent({ keepAlive: true });
    for (let i = 0; i < 200; i++) await send("GET", SIGN_UP, { agent });
    agent.destroy();
    const failed = statuses().filter((s) => s === 500).length;
    // Binomial(200, 0.5): outside 60..140 has a probability around 1e-8.
    expect(failed).toBeGreaterThan(60);
    expect(failed).toBeLessThan(140);
  });

  test("rate and times together: exactly `times` requests are hit", async () => {
    emulator.addFault({ type: "error500", rate: 0.5, times: 3 });
    for (let i = 0; i < 60; i++) await send("GET");
    expect(statuses().filter((s) => s === 500)).toHaveLength(3);
  });

  test("the first matching non-latency rule wins", async () => {
    emulator.addFault({ type: "html502", flowId: SURVEY });
    emulator.addFault({ type: "error500" });
    emulator.addFault({ type: "rateLimit" });
    expect((await send("POST", SIGN_UP)).status).toBe(500);
    expect((await send("POST", SURVEY)).status).toBe(502);
  });

  test("faults given at start are active at once", async () => {
    const other = await startEmulator({ quiet: true, faults: [{ type: "error500", times: 1 }] });
    try {
      expect((await send("POST", SIGN_UP, { target: other })).status).toBe(500);
      expect((await send("POST", SIGN_UP, { target: other })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe("latency and in-flight counts", () => {
  test("latency: no answer until its delay ends; latencies add up; a delayed fault is still a fault", async () => {
    const already = clock.delays.length;
    emulator.addFault({ type: "latency", latencyMs: 120 });
    const slow = send("POST");
    const [delay] = (await clock.asked(already + 1)).slice(already);
    expect(delay.ms).toBe(120);
    expect(statuses()).toEqual([null]); // received, not answered
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up"); // nor applied
    delay.end();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual(SUCCESS_BODY);

    emulator.addFault({ type: "latency", latencyMs: 120, flowId: SIGN_UP });
    emulator.addFault({ type: "error500", flowId: SIGN_UP });
    const slower = send("POST");
    const [both] = (await clock.asked(already + 2)).slice(already + 1);
    expect(both.ms).toBe(240);
    expect(statuses()).toEqual([200, null]);
    both.end();
    expect((await slower).status).toBe(500);
  });

  test("the system clock's delay waits its milliseconds and can be cancelled", () => {
    jest.useFakeTimers({ now: NOW });
    try {
      expect(SYSTEM_CLOCK.now()).toBe(NOW);
      const ended = jest.fn();
      const cancelled = jest.fn();
      SYSTEM_CLOCK.delay(120, ended);
      const cancel = SYSTEM_CLOCK.delay(120, cancelled);
      jest.advanceTimersByTime(119);
      expect(ended).not.toHaveBeenCalled();
      cancel();
      jest.advanceTimersByTime(1);
      expect(ended).toHaveBeenCalledTimes(1);
      expect(cancelled).not.toHaveBeenCalled();
    } finally {
      jest.useRealTimers();
    }
  });

  test("maxInFlight counts concurrent requests, latency included; clearing the log restarts it", async () => {
    const already = clock.delays.length;
    emulator.addFault({ type: "latency", latencyMs: 300 });
    const pending = Array.from({ length: 6 }, (_, i) => send(i % 2 ? "GET" : "POST"));
    const delays = (await clock.asked(already + 6)).slice(already);
    // toMatchObject: stats also report the log's size (see emulator-log-cap.test.ts).
    expect(emulator.stats()).toMatchObject({ totalRequests: 6, inFlight: 6, maxInFlight: 6 });
    expect(statuses()).toEqual([null, null, null, null, null, null]);
    emulator.clearRequests(); // maxInFlight restarts from the 6 still in flight
    expect(emulator.stats().maxInFlight).toBe(6);
    for (const delay of delays) delay.end();
    await Promise.all(pending);
    expect(emulator.stats()).toMatchObject({ totalRequests: 6, inFlight: 0, maxInFlight: 6 });
    emulator.clearRequests();
    expect(emulator.stats()).toMatchObject({ totalRequests: 6, inFlight: 0, maxInFlight: 0 });
    const two = [send("GET"), send("GET")];
    for (const delay of (await clock.asked(already + 8)).slice(already + 6)) delay.end();
    await Promise.all(two);
    expect(emulator.stats().maxInFlight).toBe(2);
  });
});

describe("reset and hang", () => {
  test("reset: the client sees ECONNRESET; logged with status null", async () => {
    emulator.addFault({ type: "reset", times: 1 });
    await expect(send("POST")).rejects.toMatchObject({ code: "ECONNRESET" });
    await expect(fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`)).resolves.toMatchObject({ status: 401 }); // expired
    expect(statuses()).toEqual([null, 401]);
    expect(emulator.stats().inFlight).toBe(0);
    expect(emulator.getFlow(IN.sid, SIGN_UP)!.name).toBe("Sign up");
  });

  test("reset is seen by fetch as a failed request too", async () => {
    emulator.addFault({ type: "reset" });
    // (undici's errors come from another realm than jest's, so match on shape, not class)
    await expect(
      fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`, { method: "POST", body: "{}" }),
    ).rejects.toMatchObject({
      message: "fetch failed",
      cause: { code: "ECONNRESET" },
    });
  });

  test("hang: no answer; the request leaves in-flight when the client gives up", async () => {
    emulator.addFault({ type: "hang", flowId: SIGN_UP });
    const giveUp = new AbortController();
    const hung = send("POST", SIGN_UP, { signal: giveUp.signal });
    await until(() => emulator.stats().inFlight === 1);
    expect(statuses()).toEqual([null]);
    giveUp.abort();
    await expect(hung).rejects.toMatchObject({ name: "AbortError" });
    await until(() => emulator.stats().inFlight === 0); // once the server sees the disconnect
    expect(statuses()).toEqual([null]);
    expect((await send("POST", SURVEY)).status).toBe(200); // other flows are unaffected
  });

  test("close() waits for none of the hanging, delayed and idle keep-alive connections", async () => {
    // The latency's delay never ends by itself: close() resolving at all shows it did not wait.
    const otherClock = new ManualClock(NOW);
    const other = await startEmulator({ quiet: true, clock: otherClock });
    other.addFault({ type: "hang", flowId: SIGN_UP });
    other.addFault({ type: "latency", latencyMs: 60_000, flowId: SURVEY });
    const agent = new http.Agent({ keepAlive: true });
    expect((await send("GET", "1234567890123452", { target: other, agent })).status).toBe(200); // leaves an idle keep-alive socket
    const hung = send("POST", SIGN_UP, { target: other }).catch((e: NodeJS.ErrnoException) => e);
    const slow = send("POST", SURVEY, { target: other }).catch((e: NodeJS.ErrnoException) => e);
    const [latency] = await otherClock.asked(1);
    expect(latency.ms).toBe(60_000);
    await until(() => other.stats().inFlight === 2);

    await other.close();
    expect(latency.cancelled).toBe(true);
    // "socket hang up": the connection closed without an answer
    expect(await hung).toMatchObject({ code: "ECONNRESET" });
    expect(await slow).toMatchObject({ code: "ECONNRESET" });
    expect(other.stats().inFlight).toBe(0);
    expect(other.requests().map((r) => r.status)).toEqual([200, null, null]);
    await other.close(); // idempotent
    await expect(send("GET", SIGN_UP, { target: other })).rejects.toMatchObject({ code: "ECONNREFUSED" });
    agent.destroy();
  });
});
