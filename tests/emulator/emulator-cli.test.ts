/**
 * The `kaleyra-emulator` command as a child process. The CLI is compiled on its own into
 * a temporary directory first: the package build also compiles provider/, and this suite
 * must not depend on that.
 */
import { ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { DEMO_SEED, EmulatorControl, startEmulator } from "../../emulator";

const ROOT = path.join(__dirname, "..", "..");
let outDir: string;
let cli: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), "kaleyra-emulator-cli-"));
  const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
  await promisify(execFile)(
    process.execPath,
    [
      tsc,
      "emulator/cli.ts",
      "--outDir",
      outDir,
      "--module",
      "commonjs",
      "--target",
      "ES2022",
      "--esModuleInterop",
      "--skipLibCheck",
      "--strict",
      "--types",
      "node",
    ],
    { cwd: ROOT },
  );
  cli = path.join(outDir, "cli.js");
}, 60_000);

afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.clear();
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function launch(args: string[]) {
  // The compiled CLI lives outside the repository: NODE_PATH lets it find the package's dependencies (ajv).
  const env = { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") };
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  /** Resolves the stdout lines once `count` full lines (or the exit) are there. */
  const lines = async (count: number): Promise<string[]> => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      const full = stdout.split("\n").slice(0, -1);
      if (full.length >= count || child.exitCode !== null) return full;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no ${count} lines from the CLI; stdout: ${stdout}; stderr: ${stderr}`);
  };
  return { child, exited, lines, output: () => ({ stdout, stderr }) };
}

/** Starts the CLI and waits for its first line; returns its URL. */
async function start(args: string[]) {
  const run = launch(args);
  const [first] = await run.lines(1);
  const match = /^Kaleyra emulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first ?? "");
  if (!match) throw new Error(`unexpected first line ${JSON.stringify(first)}; stderr: ${run.output().stderr}`);
  return { ...run, first, url: match[1], port: Number(match[2]) };
}

test("the compiled file starts with a node shebang (it is the package's bin)", () => {
  expect(readFileSync(cli, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
});

test("--port 0: first line names the real port; the API answers; the demo hint shows the public keys", async () => {
  const run = await start(["--port", "0"]);
  expect(run.port).toBeGreaterThan(0);
  const lines = await run.lines(4);
  expect(lines.join("\n")).toContain(`account HXAP16DEMO0097IN: 3 flows, api-key ${DEMO_SEED.accounts[0].apiKey}`);

  const answer = await fetch(`${run.url}/v2/HXAP16DEMO0097IN/whatsapp/1234567890123451`, {
    method: "POST",
    headers: { "api-key": DEMO_SEED.accounts[0].apiKey },
    body: '{"name": "From the CLI test"}',
  });
  expect(answer.status).toBe(200);
  const control = new EmulatorControl(run.url);
  expect((await control.getFlow("HXAP16DEMO0097IN", "1234567890123451"))!.name).toBe("From the CLI test");
  expect(await control.requests()).toHaveLength(1);

  run.child.kill("SIGTERM");
  const exit = await run.exited;
  expect(exit).toMatchObject({ code: 0, signal: null });
});

test.each(["SIGTERM", "SIGINT"] as const)(
  "%s stops it cleanly (exit 0), even with a hanging request",
  async (signal) => {
    const run = await start(["--port", "0", "--hang-rate", "1", "--quiet"]);
    const hanging = fetch(`${run.url}/v2/HXAP16DEMO0097IN/whatsapp/1234567890123451`).catch((e: unknown) => e);
    const control = new EmulatorControl(run.url);
    const inFlight = async () => (await control.stats()).inFlight;
    for (let i = 0; i < 100 && (await inFlight()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await inFlight()).toBe(1);
    // The hanging request is never answered: an exit at all shows the stop did not wait for it.
    run.child.kill(signal);
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    expect(await hanging).toMatchObject({ message: "fetch failed" });
    expect(exit.stderr).toBe("");
  },
);

test("--quiet prints only the first line", async () => {
  const run = await start(["--port", "0", "-q"]);
  run.child.kill("SIGTERM");
  const exit = await run.exited;
  expect(exit.stdout).toBe(`${run.first}\n`);
});

test("--help prints usage and exits 0", async () => {
  const exit = await launch(["--help"]).exited;
  expect(exit.code).toBe(0);
  expect(exit.stdout).toMatch(/^Usage: kaleyra-emulator \[options\]/);
  for (const flag of [
    "--host",
    "--port",
    "--seed",
    "--latency",
    "--error-rate",
    "--rate-limit-rate",
    "--retry-after",
    "--reset-rate",
    "--hang-rate",
    "--html502-rate",
  ]) {
    expect(exit.stdout).toContain(flag);
  }
});

describe("a seed file", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "kaleyra-cli-seed-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("is loaded, and its keys are never printed", async () => {
    const seed = path.join(dir, "mine.json");
    const key = "Amine0000000000000000000000000042";
    writeFileSync(
      seed,
      JSON.stringify({ accounts: [{ sid: "HXMINE01", apiKey: key, flows: [{ id: "42" }, { id: "43" }] }] }),
    );
    const run = await start(["--port", "0", "--seed", seed]);
    await run.lines(3);
    const flows = await new EmulatorControl(run.url).flows();
    expect(flows).toEqual([
      {
        sid: "HXMINE01",
        flowApi: true,
        publishedUpdate: "refuse",
        pageSize: 25,
        listShape: "envelope",
        detailsShape: "envelope",
        flows: [
          { id: "42", status: "DRAFT" },
          { id: "43", status: "DRAFT" },
        ],
      },
    ]);
    run.child.kill("SIGTERM");
    const exit = await run.exited;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain("account HXMINE01: 2 flows");
    expect(exit.stdout + exit.stderr).not.toContain(key);
  });

  test("that does not validate: exit 2, one line naming the file and the entry", async () => {
    const seed = path.join(dir, "seed.json");
    writeFileSync(
      seed,
      JSON.stringify({
        accounts: [{ sid: "HX1", apiKey: "Ak1", flows: [{ id: "1", categories: ["SIGN_UP", "FOO"] }] }],
      }),
    );
    const exit = await launch(["--seed", seed, "--port", "0"]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stdout).toBe("");
    expect(exit.stderr).toBe(
      `kaleyra-emulator: ${seed}: accounts[0].flows[0].categories[1]: must be a Kaleyra flow category (one of SIGN_UP, SIGN_IN, APPOINTMENT_BOOKING, LEAD_GENERATION, SHOPPING, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER), got "FOO" (see --help)\n`,
    );
  });

  test("with several problems: exit 2, a line for each", async () => {
    const seed = path.join(dir, "two-problems.json");
    writeFileSync(
      seed,
      JSON.stringify({ accounts: [{ sid: "HX1", apiKey: "Ak1", flows: [{ id: "x", status: "GONE" }] }] }),
    );
    const exit = await launch(["--seed", seed, "--port", "0"]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr.trimEnd().split("\n")).toEqual([
      `kaleyra-emulator: ${seed}: accounts[0].flows[0].id: must be a string of digits (a JSON number only if it is a safe integer), got "x"`,
      `kaleyra-emulator: ${seed}: accounts[0].flows[0].status: must be a flow status (one of DRAFT, PUBLISHED, DEPRECATED, BLOCKED, THROTTLED), got "GONE" (see --help)`,
    ]);
  });

  test("that is missing: exit 2", async () => {
    const exit = await launch(["--seed", path.join(dir, "absent.json")]).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toMatch(/absent\.json: cannot read the seed file \(ENOENT\)/);
  });
});

test.each([
  [["--bogus"], /Unknown option '--bogus'/],
  [["--port", "abc"], /--port must be a whole number from 0 to 65535, got "abc"/],
  [["--port", "70000"], /--port must be a whole number/],
  [["--error-rate", "1.5"], /--error-rate must be a number from 0 to 1, got "1.5"/],
  [["--latency=-1"], /--latency must be a number of 0 or more/],
  [["--latency", "-1"], /Option '--latency' argument is ambiguous/],
  [["--retry-after", "2"], /--retry-after needs --rate-limit-rate/],
  [["extra"], /positional/i],
])("bad flags %j: exit 2 with one line on stderr", async (args, message) => {
  const exit = await launch(args).exited;
  expect(exit.code).toBe(2);
  expect(exit.stderr).toMatch(message);
  expect(exit.stderr.trimEnd().split("\n")).toHaveLength(1);
});

test("fault flags become fault rules", async () => {
  const run = await start([
    "--port",
    "0",
    "-q",
    "--rate-limit-rate",
    "1",
    "--retry-after",
    "3",
    "--latency",
    "20",
    "--reset-rate",
    "0",
  ]);
  const control = new EmulatorControl(run.url);
  expect((await control.faults()).map(({ id: _id, ...rule }) => rule)).toEqual([
    { type: "latency", latencyMs: 20 },
    { type: "rateLimit", rate: 1, retryAfter: 3 },
  ]);
  const answer = await fetch(`${run.url}/v2/HXAP16DEMO0097IN/whatsapp/1234567890123451`, {
    method: "POST",
    body: "{}",
  });
  expect(answer.status).toBe(429);
  expect(answer.headers.get("retry-after")).toBe("3");
  run.child.kill("SIGTERM");
  expect((await run.exited).code).toBe(0);
});

test("a port already in use: exit 1 with a hint", async () => {
  const busy = await startEmulator({ quiet: true });
  try {
    const exit = await launch(["--port", String(busy.port)]).exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toBe(
      `kaleyra-emulator: cannot listen on 127.0.0.1:${busy.port}: port ${busy.port} is already in use (try --port 0)\n`,
    );
  } finally {
    await busy.close();
  }
});

describe("account settings, paging and log flags", () => {
  test("--help lists them", async () => {
    const exit = await launch(["--help"]).exited;
    for (const flag of [
      "--published-update",
      "--page-size",
      "--list-shape",
      "--details-shape",
      "--paging-next-origin",
      "--log-max-entries",
      "--log-max-bytes",
      "--log-max-body-bytes",
    ]) {
      expect(exit.stdout).toContain(flag);
    }
  });

  test("they apply to every account of the seed, and to the log and paging", async () => {
    const run = await start([
      "--port",
      "0",
      "--published-update",
      "refuse",
      "--page-size",
      "1",
      "--list-shape",
      "bare",
      "--details-shape",
      "bare",
      "--paging-next-origin",
      "http://127.0.0.1:9",
      "--log-max-entries",
      "2",
    ]);
    const lines = await run.lines(6);
    expect(lines).toContain("Every account: publishedUpdate refuse, pageSize 1, listShape bare, detailsShape bare");
    const control = new EmulatorControl(run.url);
    for (const account of await control.flows()) {
      expect(account).toMatchObject({
        publishedUpdate: "refuse",
        pageSize: 1,
        listShape: "bare",
        detailsShape: "bare",
      });
    }
    const [IN] = DEMO_SEED.accounts;
    const headers = { "api-key": IN.apiKey };
    // The demo's own revert-to-draft is overridden: its PUBLISHED flow now refuses.
    const refused = await fetch(`${run.url}/v2/${IN.sid}/whatsapp/1234567890123452`, {
      method: "POST",
      headers,
      body: '{"name": "x"}',
    });
    expect(refused.status).toBe(400);
    const listed = (await (await fetch(`${run.url}/v2/${IN.sid}/whatsapp/${IN.wabaId}/flows`, { headers })).json()) as {
      data: unknown[];
      paging: { next: string };
    };
    expect(listed.data).toHaveLength(1);
    expect(listed.paging.next.startsWith(`http://127.0.0.1:9/v19.0/${IN.wabaId}/flows?`)).toBe(true);
    const details = await (
      await fetch(`${run.url}/v2/${IN.sid}/whatsapp/1234567890123451?fields=name`, { headers })
    ).json();
    expect(details).toEqual({ id: "1234567890123451", name: "Sign up" });
    expect(await control.stats()).toMatchObject({ totalRequests: 3, logEntries: 2, droppedEntries: 1 });
    run.child.kill("SIGTERM");
    expect((await run.exited).code).toBe(0);
  });

  test.each([
    [
      ["--published-update", "maybe"],
      /^kaleyra-emulator: --published-update must be one of refuse, revert-to-draft, got "maybe" \(see --help\)$/,
    ],
    [["--page-size", "0"], /--page-size must be a whole number from 1 to 100, got "0"/],
    [["--list-shape", "flat"], /--list-shape must be one of bare, envelope, envelope-flat, got "flat"/],
    [["--details-shape", "envelope-flat"], /--details-shape must be one of envelope, bare/],
    [["--log-max-entries", "0"], /--log-max-entries must be a whole number of at least 1, got "0"/],
    [
      ["--log-max-bytes", "10", "--log-max-body-bytes", "20"],
      /--log-max-\*: maxBodyBytes: must not exceed maxBytes \(10\), got 20/,
    ],
    [["--paging-next-origin", "ftp://example.com"], /--paging-next-origin: must be an absolute http\(s\) URL/],
  ])("bad %j: exit 2 with one line", async (args, message) => {
    const exit = await launch(args).exited;
    expect(exit.code).toBe(2);
    expect(exit.stderr.trimEnd()).toMatch(message);
    expect(exit.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
