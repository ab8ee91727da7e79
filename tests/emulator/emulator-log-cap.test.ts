/**
 * The request log's bounds: bodies cut per entry, entries and bytes capped with the oldest
 * dropped first, drops reported; and the control API answering in its own shape even when
 * it fails (it once answered Kaleyra's WA-500 after the log grew to 2 GB).
 */
import * as http from "node:http";
import {
  DEFAULT_LOG_LIMITS,
  DEMO_SEED,
  EmulatorControl,
  INTERNAL_ERROR_BODY,
  LoggedRequest,
  RequestLogLimits,
  RunningEmulator,
  startEmulator,
} from "../../emulator";
import * as controlModule from "../../emulator/control";

const [IN] = DEMO_SEED.accounts;
const SIGN_UP = "1234567890123451";
const KiB = 1024;
const MiB = 1024 * KiB;

const started: RunningEmulator[] = [];
async function emulatorWith(requestLog?: Partial<RequestLogLimits>) {
  const emulator = await startEmulator({ quiet: true, requestLog });
  started.push(emulator);
  return emulator;
}
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(started.splice(0).map((e) => e.close()));
});

/** POSTs `body` to the sign-up flow over one keep-alive agent. */
function post(emulator: RunningEmulator, body: string | Buffer, agent?: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`,
      {
        method: "POST",
        headers: { "api-key": IN.apiKey, "content-length": Buffer.byteLength(body) },
        agent: agent ?? false,
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode!));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function requestsAnswer(emulator: RunningEmulator) {
  const response = await fetch(`${emulator.url}/__emulator/requests`);
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text,
    json: JSON.parse(text) as { requests: LoggedRequest[]; droppedEntries: number },
  };
}

describe("limits", () => {
  test("many large bodies: the log stays under maxBytes, bodies are cut, drops are counted, and the control API answers 200", async () => {
    const emulator = await emulatorWith({ maxBytes: 256 * KiB, maxBodyBytes: 4 * KiB });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const body = JSON.stringify({ name: "x".repeat(64 * KiB) });
    const statuses = await Promise.all(Array.from({ length: 120 }, () => post(emulator, body, agent)));
    agent.destroy();
    expect(new Set(statuses)).toEqual(new Set([200]));

    const stats = emulator.stats();
    expect(stats.totalRequests).toBe(120);
    expect(stats.logBytes).toBeLessThanOrEqual(256 * KiB);
    expect(stats.logBytes).toBeGreaterThan(200 * KiB); // the cap is used, not undershot
    expect(stats.droppedEntries).toBeGreaterThan(0);
    expect(stats.logEntries + stats.droppedEntries).toBe(120);

    const answer = await requestsAnswer(emulator);
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe("application/json");
    expect(answer.json.droppedEntries).toBe(stats.droppedEntries);
    const { requests } = answer.json;
    expect(requests).toHaveLength(stats.logEntries);
    // The newest entries are the ones kept, in order.
    expect(requests.map((r) => r.seq)).toEqual(
      Array.from({ length: requests.length }, (_, i) => 121 - requests.length + i),
    );
    for (const entry of requests) {
      expect(entry.body).toBe(body.slice(0, 4 * KiB));
      expect(entry.bodyBytes).toBe(Buffer.byteLength(body));
      expect(entry.bodyTruncated).toBe(true);
      expect(entry.status).toBe(200);
    }
    expect(await new EmulatorControl(emulator.url).requestLog()).toEqual(answer.json);
  });

  test("the defaults: 64 KiB of each body, 16 MiB, 10,000 entries", async () => {
    const emulator = await emulatorWith();
    expect(emulator.requestLogLimits).toEqual({ maxEntries: 10_000, maxBytes: 16 * MiB, maxBodyBytes: 64 * KiB });
    expect(DEFAULT_LOG_LIMITS).toEqual(emulator.requestLogLimits);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const big = Buffer.alloc(1000 * KiB, "a"); // under the 1 MiB a request may carry
    for (let i = 0; i < 24; i++) await post(emulator, big, agent);
    agent.destroy();
    const stats = emulator.stats();
    expect(stats.droppedEntries).toBe(0);
    expect(stats.logBytes).toBeLessThan(24 * 66 * KiB); // without the cut: 24 MB
    const [first] = emulator.requests();
    expect(first.body).toHaveLength(64 * KiB);
    expect(first).toMatchObject({ bodyBytes: 1000 * KiB, bodyTruncated: true, status: 400 });
  });

  test("more than 16 MiB of cut bodies: the default byte cap drops the oldest", async () => {
    const emulator = await emulatorWith();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const big = Buffer.alloc(300 * KiB, "b");
    const count = Math.ceil((16 * MiB) / (64 * KiB)) + 20;
    await Promise.all(Array.from({ length: count }, () => post(emulator, big, agent)));
    agent.destroy();
    const stats = emulator.stats();
    expect(stats.logBytes).toBeLessThanOrEqual(16 * MiB);
    expect(stats.droppedEntries).toBeGreaterThanOrEqual(20);
    expect(stats.logEntries + stats.droppedEntries).toBe(count);
  });

  test("maxEntries: exactly the newest N are kept", async () => {
    const emulator = await emulatorWith({ maxEntries: 5 });
    for (let i = 0; i < 8; i++)
      await fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}?n=${i}`, { headers: { "api-key": IN.apiKey } });
    expect(emulator.requests().map((r) => r.query.n)).toEqual(["3", "4", "5", "6", "7"]);
    expect(emulator.stats()).toMatchObject({ totalRequests: 8, logEntries: 5, droppedEntries: 3 });
  });

  test("a short body is kept whole, without bodyBytes or bodyTruncated", async () => {
    const emulator = await emulatorWith({ maxBodyBytes: 64 });
    await post(emulator, '{"name": "short"}');
    const [entry] = emulator.requests();
    expect(entry.body).toBe('{"name": "short"}');
    expect(entry).not.toHaveProperty("bodyBytes");
    expect(entry).not.toHaveProperty("bodyTruncated");
  });

  test("a cut never splits a character", async () => {
    const emulator = await emulatorWith({ maxBodyBytes: 101 });
    const body = `{"name": "${"é".repeat(200)}"}`; // 10 ASCII bytes, then 2-byte characters
    await post(emulator, body);
    const [entry] = emulator.requests();
    expect(Buffer.byteLength(entry.body)).toBe(100); // 101 would split an é
    expect(entry.body).toBe(body.slice(0, 10 + 45));
    expect(entry.body).not.toContain("\uFFFD");
    expect(entry.bodyBytes).toBe(Buffer.byteLength(body));
  });

  test("a body over the 1 MiB request limit: the log says how large it really was", async () => {
    const emulator = await emulatorWith({ maxBodyBytes: 1024 });
    const status = await post(emulator, Buffer.alloc(MiB + 10, "z"));
    expect(status).toBe(400);
    const [entry] = emulator.requests();
    expect(entry).toMatchObject({ bodyBytes: MiB + 10, bodyTruncated: true });
    expect(entry.body).toHaveLength(1024);
  });

  test("clearing the log empties it and zeroes the size and the drop count", async () => {
    const emulator = await emulatorWith({ maxEntries: 2 });
    for (let i = 0; i < 4; i++) await post(emulator, '{"name": "n"}');
    expect(emulator.stats()).toMatchObject({ logEntries: 2, droppedEntries: 2 });
    expect(emulator.stats().logBytes).toBeGreaterThan(0);
    await new EmulatorControl(emulator.url).clearRequests();
    expect(emulator.stats()).toMatchObject({ totalRequests: 4, logEntries: 0, logBytes: 0, droppedEntries: 0 });
  });

  test("a request dropped before its body arrived does not count when the body comes", async () => {
    const emulator = await emulatorWith({ maxEntries: 1 });
    // A request whose body is held back: its entry is made at once, its body comes later.
    const slow = http.request(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`, {
      method: "POST",
      headers: { "api-key": IN.apiKey, "content-length": 40 * KiB },
      agent: false,
    });
    const slowDone = new Promise<number>((resolve, reject) => {
      slow.on("response", (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode!));
      });
      slow.on("error", reject);
    });
    slow.flushHeaders();
    for (let i = 0; i < 100 && emulator.stats().totalRequests === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await post(emulator, '{"name": "quick"}'); // pushes the slow one out of the log
    const quickBytes = emulator.stats().logBytes;
    slow.end(`{"name": "${"s".repeat(40 * KiB - 12)}"}`);
    expect(await slowDone).toBe(200);
    expect(emulator.stats()).toMatchObject({ logEntries: 1, droppedEntries: 1, logBytes: quickBytes });
    expect(emulator.requests()[0].body).toBe('{"name": "quick"}');
  });
});

describe("options", () => {
  test.each([
    [{ maxBytes: 0 }, "options.requestLog: maxBytes: must be a whole number of at least 1, got 0"],
    [{ maxEntries: 1.5 }, "options.requestLog: maxEntries: must be a whole number of at least 1, got 1.5"],
    [{ maxBodyBytes: "64k" }, 'options.requestLog: maxBodyBytes: must be a whole number of at least 1, got "64k"'],
    [
      { maxBytes: 1000, maxBodyBytes: 2000 },
      "options.requestLog: maxBodyBytes: must not exceed maxBytes (1000), got 2000",
    ],
    [{ maxbytes: 10 }, 'options.requestLog: maxbytes: unknown field; did you mean "maxBytes"?'],
  ])("%j is refused before listening", async (requestLog, message) => {
    await expect(startEmulator({ quiet: true, requestLog: requestLog as never })).rejects.toThrow(message);
  });

  test("a partial object keeps the other defaults", async () => {
    const emulator = await emulatorWith({ maxEntries: 7 });
    expect(emulator.requestLogLimits).toEqual({ ...DEFAULT_LOG_LIMITS, maxEntries: 7 });
  });
});

describe("the control API answers in its own shape", () => {
  test("a failure while serialising the log (as at 2 GB): 500 {error}, never Kaleyra's WA-500; then 200 again", async () => {
    const emulator = await emulatorWith();
    await post(emulator, '{"name": "n"}');
    const stringify = JSON.stringify;
    jest.spyOn(JSON, "stringify").mockImplementation(function (this: unknown, value: unknown, ...rest: unknown[]) {
      if (typeof value === "object" && value !== null && "requests" in value)
        throw new RangeError("Invalid string length");
      return (stringify as (...args: unknown[]) => string).call(JSON, value, ...rest);
    } as typeof JSON.stringify);
    const failed = await requestsAnswer(emulator);
    jest.restoreAllMocks();
    expect(failed.status).toBe(500);
    expect(failed.contentType).toBe("application/json");
    expect(failed.json).toEqual({ error: "the emulator's control API failed: RangeError: Invalid string length" });
    expect(failed.json).not.toHaveProperty("code");
    expect(failed.text).not.toContain(INTERNAL_ERROR_BODY.message);

    const again = await requestsAnswer(emulator);
    expect(again.status).toBe(200);
    expect(again.json.requests).toHaveLength(1);
  });

  test("any unexpected error in a control route: 500 {error}", async () => {
    const emulator = await emulatorWith();
    jest.spyOn(controlModule, "handleControl").mockImplementationOnce(() => {
      throw new TypeError("boom");
    });
    const response = await fetch(`${emulator.url}/__emulator/stats`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "the emulator's control API failed: TypeError: boom" });
    expect((await fetch(`${emulator.url}/__emulator/health`)).status).toBe(200);
  });

  test("/v2 keeps Kaleyra's voice: the same failure there is the WA-500 body", async () => {
    const emulator = await emulatorWith();
    const kaleyra = await import("../../emulator/kaleyra-api");
    jest.spyOn(kaleyra, "handleV2").mockImplementationOnce(() => {
      throw new TypeError("boom");
    });
    const response = await fetch(`${emulator.url}/v2/${IN.sid}/whatsapp/${SIGN_UP}`, {
      headers: { "api-key": IN.apiKey },
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual(INTERNAL_ERROR_BODY);
    expect(emulator.requests().map((r) => r.status)).toEqual([500]);
    expect(emulator.stats().inFlight).toBe(0);
  });
});
