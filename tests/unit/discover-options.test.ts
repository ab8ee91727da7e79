/**
 * discover's command line and settings: the flags, the environment behind them, the API key
 * from the environment only, the provider's strict tunables, and messages that name the flag
 * or variable at fault but never repeat a value. Also the command's usage exits, in-process.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDiscover } from "../../provider/discover/command";
import { UsageError } from "../../provider/cli/usage-error";
import { DISCOVER_HELP } from "../../provider/discover/help";
import { parseDiscoverArgs, resolveDiscoverSettings, type DiscoverFlags } from "../../provider/discover/options";
import { SETTINGS, TUNING } from "../../provider/settings";

const SID = "HXAP16XXXXXX97IN";
const KEY = "Aunit0000000000000000000000000003";
const WABA = "1029384756102938";
const ENV = { KALEYRA_SID: SID, KALEYRA_API_KEY: KEY };

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-options-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The problems a usage error carries, or fails. */
function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).command).toBe("discover");
    return [...(error as UsageError).problems];
  }
  throw new Error("expected a usage error");
}

const resolve = (flags: Partial<DiscoverFlags>, env: Record<string, string | undefined> = ENV) =>
  resolveDiscoverSettings({ help: false, force: false, ...flags }, env, work, () => undefined);

describe("parseDiscoverArgs", () => {
  test("every flag, as --flag value and --flag=value", () => {
    expect(
      parseDiscoverArgs([
        "--waba",
        WABA,
        "--out",
        "f.yaml",
        "--force",
        "--sid",
        SID,
        "--region",
        "eu",
        "--api-domain",
        "api.x.io",
        "--page-size",
        "50",
      ]),
    ).toEqual({
      help: false,
      force: true,
      waba: WABA,
      out: "f.yaml",
      sid: SID,
      region: "eu",
      apiDomain: "api.x.io",
      pageSize: "50",
    });
    expect(parseDiscoverArgs([`--waba=${WABA}`, "-o", "x.yaml", "--api-domain=http://127.0.0.1:4010"])).toEqual({
      help: false,
      force: false,
      waba: WABA,
      out: "x.yaml",
      apiDomain: "http://127.0.0.1:4010",
    });
  });

  test("--help or -h anywhere is help", () => {
    expect(parseDiscoverArgs(["--waba", WABA, "--help"]).help).toBe(true);
    expect(parseDiscoverArgs(["-h"]).help).toBe(true);
  });

  test.each([
    [["--api-key", KEY], "--api-key is refused: the API key is never taken from a flag"],
    [[`--api-key=${KEY}`], "--api-key is refused"],
    [["--waba", WABA, "--apikey", KEY], "--apikey is refused"],
    [["--API_KEY", KEY], "--API_KEY is refused"],
    [["--key", KEY], "--key is refused"],
    [["--kaleyra-api-key", KEY], "--kaleyra-api-key is refused"],
    [["--token", KEY], "--token is refused"],
    [["--help", "--api-key", KEY], "--api-key is refused"],
    [[KEY, "--api-key"], "--api-key is refused"],
  ])(
    "a credential flag is refused first, pointing at the environment, never echoing the value: %j",
    (args, message) => {
      const [problem] = problemsOf(() => parseDiscoverArgs(args));
      expect(problem).toContain(message);
      expect(problem).toContain("KALEYRA_API_KEY_<SID> (or KALEYRA_API_KEY) in the environment");
      expect(problem).toContain("shell history and process lists");
      expect(problem).not.toContain(KEY);
    },
  );

  test.each([
    [
      ["--wab", WABA],
      "unknown option --wab. The options are --waba, --out, --force, --with-json, --import-file, --sid, --region, --api-domain, --page-size and --help.",
    ],
    [["--verbose=1"], "unknown option --verbose."],
    [["-x"], "unknown option -x. The options are"],
    [["--waba"], "--waba needs a value, e.g. --waba 1029384756102938."],
    [["-o"], "--out needs a value, e.g. --out flows.yaml."],
    [
      ["--out", "--force"],
      "--out needs a value, e.g. --out flows.yaml. If the value starts with a dash, write it as --out=VALUE.",
    ],
    [["--out", "x.yaml", "-o", "y.yaml"], "--out is given twice."],
    [["--waba", "1", "--waba", "2"], "--waba is given twice."],
    [["--force", "--force"], "--force is given twice."],
    [["--force=yes"], "--force takes no value."],
    [["--help=yes"], "--help takes no value."],
    [
      ["--waba", WABA, "stray"],
      "unexpected argument at position 3 (not shown: it may be a secret): discover takes only options",
    ],
    [["-"], "unexpected argument at position 1"],
    [["--waba", WABA, "--", "x"], "unexpected argument at position 4"],
    [["--\u202Eevil"], 'unknown option "--\\u{202e}evil".'],
  ])("structural mistakes: %j", (args, message) => {
    expect(problemsOf(() => parseDiscoverArgs(args))[0]).toContain(message);
  });

  test("a stray argument is never shown (it may be a pasted key)", () => {
    expect(problemsOf(() => parseDiscoverArgs(["--waba", WABA, KEY])).join("\n")).not.toContain(KEY);
  });

  test.each([
    [["--bogus", KEY]],
    [[`--bogus=${KEY}`]],
    [[`--force=${KEY}`]],
    [["--waba", `-${KEY}`]],
    [["--waba", WABA, "--", KEY]],
    [["--sid", KEY, "--sid", KEY]],
  ])("no structural message shows what was typed as a value: %j", (args) => {
    const problems = problemsOf(() => parseDiscoverArgs(args)).join("\n");
    expect(problems).not.toContain(KEY);
    expect(problems).not.toContain(KEY.slice(0, 8));
  });
});

describe("resolveDiscoverSettings", () => {
  test("from the environment: SID, key, default region IN (not recorded), provider tunables", () => {
    const settings = resolve({ waba: WABA });
    expect(settings).toMatchObject({
      wabaId: WABA,
      sid: SID,
      region: undefined,
      apiDomainSource: undefined,
      force: false,
      out: undefined,
      pageSize: undefined,
    });
    expect(settings.client).toMatchObject({
      sid: SID,
      apiDomain: "https://api.in.kaleyra.io",
      apiKey: KEY,
      timeoutMs: TUNING.timeoutMs.default,
      deadlineMs: TUNING.deadlineMs.default,
      maxRetries: TUNING.maxRetries.default,
      concurrency: TUNING.concurrency.default,
      log: undefined,
    });
  });

  test("flags beat variables; an explicit region is recorded; the API domain beats the region", () => {
    const env = { ...ENV, KALEYRA_REGION: "SG", KALEYRA_SID: "HXOTHER0001", KALEYRA_API_KEY_HXAP16XXXXXX97IN: KEY };
    expect(resolve({ waba: WABA, sid: SID, region: "eu" }, env)).toMatchObject({
      sid: SID,
      region: "EU",
      client: { apiDomain: "https://api.eu.kaleyra.io" },
    });
    expect(resolve({ waba: WABA }, { ...ENV, KALEYRA_REGION: "sg" })).toMatchObject({
      region: "SG",
      client: { apiDomain: "https://api.ap.kaleyra.io" },
    });
    const domain = resolve({ waba: WABA, region: "EU", apiDomain: "http://127.0.0.1:4010" });
    expect(domain).toMatchObject({
      region: "EU",
      apiDomainSource: "--api-domain",
      client: { apiDomain: "http://127.0.0.1:4010" },
    });
    expect(resolve({ waba: WABA }, { ...ENV, KALEYRA_API_DOMAIN: "api.na.kaleyra.ai" })).toMatchObject({
      apiDomainSource: "KALEYRA_API_DOMAIN",
      client: { apiDomain: "https://api.na.kaleyra.ai" },
    });
  });

  test("empty variables count as not set", () => {
    expect(resolve({ waba: WABA }, { ...ENV, KALEYRA_REGION: "", KALEYRA_API_DOMAIN: "" })).toMatchObject({
      region: undefined,
      client: { apiDomain: "https://api.in.kaleyra.io" },
    });
  });

  test("the key: KALEYRA_API_KEY_<SID> first, then KALEYRA_API_KEY; every other known key is masked too", () => {
    const perSid = "Apersid000000000000000000000000003";
    const other = "Aother00000000000000000000000000003";
    const settings = resolve(
      { waba: WABA },
      { ...ENV, [`KALEYRA_API_KEY_${SID}`]: perSid, KALEYRA_API_KEY_HXSOMEONEELSE: other },
    );
    expect(settings.client.apiKey).toBe(perSid);
    expect(settings.client.otherSecrets).toEqual(expect.arrayContaining([KEY, perSid, other]));
  });

  test("the tunables come from the provider's variables, with its strict checks", () => {
    const settings = resolve(
      { waba: WABA },
      {
        ...ENV,
        KALEYRA_TIMEOUT_MS: "2500",
        KALEYRA_MAX_RETRIES: "0",
        KALEYRA_CONCURRENCY: "2",
        KALEYRA_RETRY_BASE_MS: "7",
        KALEYRA_DEADLINE_MS: "9000",
      },
    );
    expect(settings.client).toMatchObject({
      timeoutMs: 2500,
      maxRetries: 0,
      concurrency: 2,
      retryBaseMs: 7,
      deadlineMs: 9000,
    });
    const problems = problemsOf(() =>
      resolve(
        { waba: WABA },
        {
          ...ENV,
          KALEYRA_TIMEOUT_MS: "1e3",
          KALEYRA_MAX_RETRIES: " 3",
          KALEYRA_CONCURRENCY: "0x10",
          KALEYRA_DEBUG: "maybe",
        },
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^KALEYRA_TIMEOUT_MS must be a whole number from 100 to 600000, .*\(the value is not shown/,
      ),
      expect.stringMatching(/^KALEYRA_MAX_RETRIES must be a whole number .* it has white space around it/),
      expect.stringMatching(/^KALEYRA_CONCURRENCY must be a whole number/),
      expect.stringMatching(/^KALEYRA_DEBUG must be 1, true, yes or on/),
    ]);
  });

  test("KALEYRA_DEBUG turns on the client's per-request log", () => {
    const lines: string[] = [];
    const settings = resolveDiscoverSettings(
      { help: false, force: false, waba: WABA },
      { ...ENV, KALEYRA_DEBUG: "1" },
      work,
      (line) => lines.push(line),
    );
    settings.client.log!("kaleyra GET /v2/... -> 200");
    expect(lines).toEqual(["kaleyra GET /v2/... -> 200"]);
  });

  test("every problem at once, each naming the flag or variable, none showing a value", () => {
    const secretish = "Asecret00000000000000000000000003";
    const problems = problemsOf(() =>
      resolve(
        {
          waba: `12${secretish}`,
          region: secretish,
          apiDomain: `http://example.com/${secretish}`,
          pageSize: "500",
          force: true,
        },
        { KALEYRA_SID: `${secretish}!` },
      ),
    );
    expect(problems).toEqual([
      "--waba is not a WhatsApp Business Account id: it holds something other than digits (the value is not shown). A WABA id is digits only, e.g. --waba 1029384756102938.",
      expect.stringMatching(/^KALEYRA_SID is not a Kaleyra SID: it holds a character other than a letter or digit/),
      expect.stringMatching(/^--region is not a Kaleyra pod/),
      expect.stringMatching(/^--api-domain has a path, query or fragment after the host/),
      expect.stringMatching(/^--page-size must be a whole number from 1 to 100, .* it is above that range/),
      "--force only applies with --out FILE: without --out the file goes to standard output.",
    ]);
    expect(problems.join("\n")).not.toContain(secretish);
  });

  test("plain http is refused to any host but this machine", () => {
    const [problem] = problemsOf(() => resolve({ waba: WABA, apiDomain: "http://kaleyra.example.com" }));
    expect(problem).toMatch(/^--api-domain uses plain http to a host that is not this machine/);
    expect(
      problemsOf(() => resolve({ waba: WABA }, { ...ENV, KALEYRA_API_DOMAIN: "http://10.0.0.5:4010" }))[0],
    ).toMatch(/^KALEYRA_API_DOMAIN uses plain http/);
  });

  test.each([
    ["--waba is required", {}, ENV],
    ["--waba is not a WhatsApp Business Account id: it is empty", { waba: "" }, ENV],
    ["it has more than 20 digits", { waba: "1".repeat(21) }, ENV],
    ["it holds something other than digits", { waba: "-12" }, ENV],
    ["no Kaleyra account SID: give --sid SID or set KALEYRA_SID.", { waba: WABA }, { KALEYRA_API_KEY: KEY }],
    [
      `no API key for Kaleyra account ${SID}: set KALEYRA_API_KEY_${SID} or KALEYRA_API_KEY in the environment (never a flag`,
      { waba: WABA },
      { KALEYRA_SID: SID },
    ],
    [
      "KALEYRA_API_KEY is not an API key: it holds white space",
      { waba: WABA },
      { KALEYRA_SID: SID, KALEYRA_API_KEY: "has space 00000000000000000000003" },
    ],
    ["--page-size must be a whole number from 1 to 100", { waba: WABA, pageSize: "0" }, ENV],
    ["it starts with 0", { waba: WABA, pageSize: "010" }, ENV],
  ])("%s", (message, flags, env) => {
    expect(problemsOf(() => resolve(flags, env)).join("\n")).toContain(message);
  });

  test("--out: relative to the folder given; an existing file needs --force; a missing folder or a folder is refused", () => {
    writeFileSync(join(work, "exists.yaml"), "hand edited\n");
    mkdirSync(join(work, "dir"), { recursive: true });
    expect(resolve({ waba: WABA, out: "new.yaml" }).out).toEqual({ given: "new.yaml", path: join(work, "new.yaml") });
    expect(problemsOf(() => resolve({ waba: WABA, out: "exists.yaml" }))).toEqual([
      "exists.yaml already exists: discover never replaces a file unless asked (it may be a flows file edited by hand). Pass --force to replace it, or choose another --out.",
    ]);
    expect(resolve({ waba: WABA, out: "exists.yaml", force: true }).force).toBe(true);
    expect(problemsOf(() => resolve({ waba: WABA, out: "nowhere/flows.yaml" }))).toEqual([
      "cannot write nowhere/flows.yaml: its folder does not exist.",
    ]);
    expect(problemsOf(() => resolve({ waba: WABA, out: "dir", force: true }))[0]).toMatch(
      /^cannot write dir: it is a folder/,
    );
  });
});

describe("runDiscover: usage exits, nothing sent", () => {
  async function run(args: string[], env: Record<string, string> = ENV) {
    let stdout = "";
    let stderr = "";
    const code = await runDiscover(
      args,
      env,
      { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      { cwd: work },
    );
    return { code, stdout, stderr };
  }

  test("--help: everything documented, on stdout, exit 0", async () => {
    const { code, stdout, stderr } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toBe(DISCOVER_HELP);
    for (const text of [
      "--waba",
      "--out",
      "--force",
      "--sid",
      "--region",
      "--api-domain",
      "--page-size",
      "KALEYRA_API_KEY_<SID>",
      "KALEYRA_API_KEY",
      "KALEYRA_SID",
      "KALEYRA_REGION",
      "KALEYRA_API_DOMAIN",
      "KALEYRA_DEBUG",
      "Exit status: 0",
      "DEPRECATED",
      "standard error",
    ]) {
      expect(stdout).toContain(text);
    }
    for (const setting of Object.values(TUNING)) expect(stdout).toContain(setting.env);
  });

  test("the help's environment section names every setting's variable, with its meaning", () => {
    const section = /\nEnvironment\b[^\n]*\n(?:[^\n]+\n)+/.exec(DISCOVER_HELP)?.[0] ?? "";
    // One paragraph per setting: the section ends at the first blank line.
    const flat = section.replace(/\s+/g, " ");
    for (const setting of SETTINGS) {
      expect(section).toMatch(new RegExp(`^  ${setting.env.replace(/[<>]/g, "\\$&")}(?: |$)`, "m"));
      expect(flat).toContain(setting.meaning);
    }
    for (const line of DISCOVER_HELP.split("\n").filter((l) => !l.startsWith("Usage: ")))
      expect(line.length).toBeLessThanOrEqual(100);
  });

  test.each([
    [["--api-key", KEY, "--waba", WABA], "--api-key is refused"],
    [["--bogus"], "unknown option --bogus"],
    [[], "--waba is required"],
    [["--waba", WABA, "--api-domain", "http://example.com"], "--api-domain uses plain http"],
  ])("%j: exit 2, the problem and a pointer to --help on stderr, nothing on stdout", async (args, message) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`pulumi-kaleyra-flows discover: ${message}`);
    expect(stderr).toContain('Run "pulumi-kaleyra-flows discover --help" for usage.');
    expect(stderr).not.toContain(KEY);
  });

  test("no SID anywhere: exit 2", async () => {
    const { code, stderr } = await run(["--waba", WABA], { KALEYRA_API_KEY: KEY });
    expect(code).toBe(2);
    expect(stderr).toContain("no Kaleyra account SID");
  });
});
