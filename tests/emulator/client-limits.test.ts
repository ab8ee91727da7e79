/**
 * Bounded everywhere, and the key over plain http only to this machine: the call's deadline
 * also ends its wait in the account's queue (and says how long it queued); a client refuses
 * any origin that would carry the key unencrypted off the machine, and never sends loopback
 * traffic through an HTTP proxy; https goes through HTTPS_PROXY only as a CONNECT tunnel; a
 * response is read up to 1 MiB and no further; a redirect is never followed.
 */
import * as http from "node:http";
import * as net from "node:net";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { ConfigurationError, KaleyraClient, KaleyraError, NetworkError, TimeoutError } from "../../provider";
import { ClientSettings } from "../../provider/client/kaleyra-client";
import { Limiter, QueueTimeoutError } from "../../provider/client/limiter";

const SID = "HXAP16DEMO0097IN";
const KEY = DEMO_SEED.accounts[0].apiKey;
const FLOW = "1234567890123451";
let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
});
afterAll(async () => emulator.close());
beforeEach(() => emulator.loadSeed(DEMO_SEED));

function settings(overrides: Partial<ClientSettings> = {}): ClientSettings {
  return {
    apiDomain: emulator.url,
    sid: SID,
    apiKey: KEY,
    timeoutMs: 5000,
    deadlineMs: 10_000,
    maxRetries: 0,
    retryBaseMs: 5,
    retryMaxDelayMs: 10,
    maxRetryAfterMs: 10,
    concurrency: 1,
    ...overrides,
  };
}

describe("the deadline bounds the wait in the queue", () => {
  test("a call stuck behind a slow one gives up at its deadline, without being sent, saying how long it queued", async () => {
    // A SID of its own, so no other test's limiter is involved; concurrency 1.
    const account = { sid: "HXAP16QUEUE001IN" };
    emulator.loadSeed({
      accounts: [
        { sid: account.sid, apiKey: KEY, flows: [{ id: FLOW, name: "Q", categories: ["OTHER"], status: "DRAFT" }] },
      ],
    });
    emulator.addFault({ type: "latency", latencyMs: 1200 });
    let slowSettled = false;
    const slow = new KaleyraClient(settings({ ...account })).getFlow(FLOW).finally(() => (slowSettled = true));
    let caught: unknown;
    try {
      await new KaleyraClient(settings({ ...account, deadlineMs: 300 })).getFlow(FLOW);
    } catch (error) {
      caught = error;
    }
    // It gave up while the slow call (1200 ms) still held the only slot: it did not wait for it.
    expect(slowSettled).toBe(false);
    expect(caught).toBeInstanceOf(TimeoutError);
    const error = caught as TimeoutError;
    expect(error.limit).toBe("deadline");
    expect(error.queuedMs).toBeGreaterThan(0);
    expect(error.message).toMatch(/gave up at the 300 ms deadline, \d+ ms of it waiting in the account's queue/);
    expect(error.hint).toContain("kaleyra:deadlineMs");
    await slow;
    expect(emulator.requests()).toHaveLength(1); // the queued call was never sent
  });

  test("the limiter takes a waiter out of the queue when its wait is up, and lets the next one run", async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limiter.run(async () => "second ran", 50);
    const third = limiter.run(async () => "third ran");
    expect(limiter.queued).toBe(2);
    await expect(second).rejects.toBeInstanceOf(QueueTimeoutError);
    expect(limiter.queued).toBe(1);
    release();
    await first;
    await expect(third).resolves.toBe("third ran");
    expect(limiter.active).toBe(0);
  });

  test("no wait left: refused at once if it would have to queue; run at once if a slot is free", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => 1, 0)).resolves.toBe(1);
    let release!: () => void;
    const busy = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(limiter.run(async () => 2, 0)).rejects.toBeInstanceOf(QueueTimeoutError);
    expect(limiter.queued).toBe(0);
    release();
    await busy;
  });
});

describe("the key over plain http only to this machine", () => {
  test.each([
    ["http to another host", "http://api.in.kaleyra.io", "plain http to a host that is not this machine"],
    ["http to a private address", "http://10.0.0.5:4010", "plain http to a host that is not this machine"],
    ["scheme-relative", "//api.in.kaleyra.io", "starts with //"],
    ["credentials", "https://user:pass@api.in.kaleyra.io", "holds credentials"],
    ["a path", "https://api.in.kaleyra.io/v2", "has a path, query or fragment"],
    ["a query", "https://api.in.kaleyra.io?x=1", "has a path, query or fragment"],
    ["another scheme", "ftp://api.in.kaleyra.io", "uses the scheme ftp"],
  ])("%s: refused before anything is sent", (_title, apiDomain, reason) => {
    let caught: unknown;
    try {
      new KaleyraClient(settings({ apiDomain }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    expect(caught).toBeInstanceOf(KaleyraError);
    expect((caught as Error).message).toContain(reason);
    expect((caught as ConfigurationError).setting).toBe("apiDomain");
  });

  test.each([
    "http://127.0.0.1:4010",
    "http://127.8.9.10",
    "http://localhost:4010",
    "http://[::1]:4010",
    "https://api.eu.kaleyra.io",
    "api.ap.kaleyra.io",
  ])("%s is accepted", (apiDomain) => {
    expect(() => new KaleyraClient(settings({ apiDomain }))).not.toThrow();
  });

  test("loopback traffic never goes through HTTP_PROXY (it would carry the key to the proxy in clear)", async () => {
    // A proxy that does not exist: if the client used it, the call would fail.
    await withEnv({ HTTP_PROXY: "http://127.0.0.1:9", http_proxy: "http://127.0.0.1:9" }, async () => {
      await expect(new KaleyraClient(settings({ concurrency: 4 })).getFlow(FLOW)).resolves.toMatchObject({ id: FLOW });
    });
  });
});

/** Sets environment variables for the length of `run`, then puts back what was there. */
async function withEnv(vars: Record<string, string>, run: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    await run();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** A proxy on loopback that records each request's head and refuses it. */
async function refusingProxy(): Promise<{ url: string; heads: string[]; close(): Promise<void> }> {
  const heads: string[] = [];
  const server = net.createServer((socket) => {
    let head = "";
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      heads.push(head);
      socket.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    heads,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("https through a proxy, as a tunnel", () => {
  test("HTTPS_PROXY: the proxy is asked for a CONNECT to Kaleyra's host and never sees the key", async () => {
    const proxy = await refusingProxy();
    try {
      const vars = { HTTPS_PROXY: proxy.url, https_proxy: proxy.url, NO_PROXY: "", no_proxy: "" };
      await withEnv(vars, async () => {
        const client = new KaleyraClient(settings({ apiDomain: "https://api.in.kaleyra.io", sid: "HXAP16PROXY01IN" }));
        // The proxy's refusal comes back as the response (a 403 that is not Kaleyra's JSON).
        await expect(client.getFlow(FLOW)).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 403 });
      });
      expect(proxy.heads).toHaveLength(1);
      expect(proxy.heads[0]).toMatch(/^CONNECT api\.in\.kaleyra\.io:443 HTTP\/1\.1\r\n/);
      expect(proxy.heads[0]).not.toContain(KEY);
      expect(proxy.heads[0].toLowerCase()).not.toContain("api-key");
    } finally {
      await proxy.close();
    }
  });

  test("NO_PROXY naming the host: the proxy is not used", async () => {
    const proxy = await refusingProxy();
    try {
      // Port 9 on this machine: nothing listens, so the direct connection fails at once.
      await withEnv(
        { HTTPS_PROXY: proxy.url, https_proxy: proxy.url, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1" },
        async () => {
          const client = new KaleyraClient(settings({ apiDomain: "https://127.0.0.1:9", sid: "HXAP16PROXY02IN" }));
          await expect(client.getFlow(FLOW)).rejects.toMatchObject({ name: "NetworkError", errno: "ECONNREFUSED" });
        },
      );
      expect(proxy.heads).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe("a response is read up to 1 MiB", () => {
  test("a longer body fails the attempt as a network failure, and none of it is kept", async () => {
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      // JSON that would parse, were it read whole: the cap, not a parse error, must stop it.
      response.end(`{"id":"${FLOW}","name":"${"x".repeat(2 * 1024 * 1024)}","status":"DRAFT"}`);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const client = new KaleyraClient(settings({ apiDomain: `http://127.0.0.1:${port}`, sid: "HXAP16LARGE01IN" }));
      const failure = await client.getFlow(FLOW).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(NetworkError);
      expect((failure as NetworkError).message).toContain("the response is larger than 1048576 bytes");
      expect((failure as NetworkError).message).not.toContain("xxxx");
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe("a redirect is never followed", () => {
  test("a 302 to another origin is the response: nothing, and no key, goes where it points", async () => {
    const elsewhere: http.IncomingHttpHeaders[] = [];
    const target = http.createServer((request, response) => {
      elsewhere.push(request.headers);
      response.end("{}");
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    const targetPort = (target.address() as net.AddressInfo).port;
    const redirecting = http.createServer((_request, response) => {
      response.writeHead(302, { location: `http://127.0.0.1:${targetPort}/v2/HXAP16REDIR01IN/whatsapp/${FLOW}` });
      response.end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, "127.0.0.1", resolve));
    const { port } = redirecting.address() as net.AddressInfo;
    try {
      const client = new KaleyraClient(settings({ apiDomain: `http://127.0.0.1:${port}`, sid: "HXAP16REDIR01IN" }));
      await expect(client.getFlow(FLOW)).rejects.toMatchObject({ name: "UnexpectedResponseError", status: 302 });
      expect(elsewhere).toEqual([]);
    } finally {
      for (const server of [target, redirecting]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    }
  });
});
