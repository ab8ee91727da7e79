import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The compiled `pulumi-kaleyra-flows` bin, run as a user runs it: a child process, no
 * credentials, no Pulumi. Compiled by the repository's own build in beforeAll.
 */
const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "provider", "cli", "index.js");
const EXAMPLE = join(ROOT, "examples", "gitops", "flows.yaml");

let work: string;
let guard: string;

/** Runs the CLI with a preload that throws if it ever requires @pulumi/pulumi or the HTTP client's proxy support. */
function run(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, ["--require", guard, CLI, ...args], {
    cwd: options.cwd ?? work,
    input: options.input,
    encoding: "utf8",
    // No credentials or Kaleyra settings: the command must not need any.
    env: { PATH: process.env.PATH ?? "" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  // The repository's build. Other parts of the tree may not compile at every moment of
  // development; what matters here is that the CLI's own files do and were emitted.
  const build = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: ROOT, encoding: "utf8" },
  );
  const ours = build.stdout.split("\n").filter((line) => /^provider\/(cli|gitops)\//.test(line));
  expect(ours).toEqual([]);

  work = mkdtempSync(join(tmpdir(), "kaleyra-cli-"));
  guard = join(work, "no-pulumi.js");
  writeFileSync(
    guard,
    `const Module = require("module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(@pulumi\\/pulumi|proxy-from-env|https-proxy-agent)(\\/|$)/.test(request)) throw new Error("the CLI loaded " + request);
  return load.call(this, request, ...rest);
};
`,
  );
  writeFileSync(join(work, "good.yaml"), "version: 1\nflows:\n  a:\n    flowId: '1234567890123451'\n    name: A\n");
  writeFileSync(
    join(work, "bad.yaml"),
    [
      "version: 1",
      "flows:",
      "  sign-up:",
      "    flowId: 12345678901234567890",
      "    categories: [SIGN_UP, SIGNUP]",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(work, "flows.json"),
    JSON.stringify({ version: 1, flows: { b: { flowId: "1234567890123402", categories: ["OTHER"] } } }),
  );
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("pulumi-kaleyra-flows validate", () => {
  test("is an executable node script", () => {
    expect(readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(manifest.bin["pulumi-kaleyra-flows"]).toBe("dist/provider/cli/index.js");
  });

  test("a good file: exit 0 and one OK line, nothing on stderr", () => {
    expect(run(["validate", EXAMPLE], { cwd: ROOT })).toEqual({
      code: 0,
      stdout: `${EXAMPLE}: 4 flows OK (1 Flow JSON file)\n`,
      stderr: "",
    });
    expect(run(["validate", "good.yaml", "flows.json"])).toEqual({
      code: 0,
      stdout: "good.yaml: 1 flow OK\nflows.json: 1 flow OK\n",
      stderr: "",
    });
  });

  test("a bad file: exit 1, each problem as file:line:col path: message, then a count", () => {
    const { code, stdout, stderr } = run(["validate", "bad.yaml"]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^bad\.yaml:4:13 flows\.sign-up\.flowId: flowId 12345678901234567890 is not a safe integer: .* Quote it: flowId: "12345678901234567890"\.$/,
    );
    expect(lines[1]).toMatch(
      /^bad\.yaml:5:27 flows\.sign-up\.categories\[1\]: "SIGNUP" is not a Kaleyra flow category \(did you mean SIGN_UP\?\)/,
    );
    expect(lines[2]).toBe("bad.yaml: 2 problems");
  });

  test("several files: good ones OK on stdout, problems on stderr, a total", () => {
    const { code, stdout, stderr } = run(["validate", "good.yaml", "bad.yaml"]);
    expect(code).toBe(1);
    expect(stdout).toBe("good.yaml: 1 flow OK\n");
    expect(stderr.trimEnd().split("\n").slice(-1)).toEqual(["2 problems in 1 of 2 files"]);
  });

  test("--json: the result as JSON on stdout, same exit codes", () => {
    const bad = run(["validate", "--json", "bad.yaml"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("");
    const report = JSON.parse(bad.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({ file: "bad.yaml", line: 4, column: 13, path: "flows.sign-up.flowId" }),
      expect.objectContaining({
        file: "bad.yaml",
        line: 5,
        column: 27,
        path: "flows.sign-up.categories[1]",
        message: expect.stringContaining("did you mean SIGN_UP?"),
      }),
    ]);
    expect(report.files).toEqual([{ file: "bad.yaml", flows: 0, problems: report.problems }]);

    const good = run(["validate", "good.yaml", "--json"]);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toEqual({
      ok: true,
      files: [{ file: "good.yaml", flows: 1, problems: [] }],
      problems: [],
    });
  });

  test.each([
    [[], "no command given"],
    [["check", "flows.yaml"], 'unknown command "check"'],
    [["validate"], "needs at least one flows file"],
    [["validate", "--fix", "good.yaml"], "unknown option --fix. The options are --json, --flow-json and --help."],
    [["validate", "--json=yes", "good.yaml"], "--json takes no value."],
    [["validate", "--json", "good.yaml", "--json"], "--json is given twice."],
    [["validate", "missing.yaml"], "cannot read missing.yaml: no such file"],
  ])("usage error %j: exit 2", (args, message) => {
    const { code, stdout, stderr } = run(args as string[]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
    expect(stderr).toContain("--help");
  });

  test("a mistyped flag is named without what follows its = (it may be a key)", () => {
    const { code, stderr } = run(["validate", "--api-key=Asecret00000000000000000000000003", "good.yaml"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown option --api-key.");
    expect(stderr).not.toContain("Asecret");
  });

  test("after --, an argument that starts with a dash is a file", () => {
    writeFileSync(join(work, "-dash.yaml"), "version: 1\nflows:\n  a:\n    flowId: '1234567890123451'\n    name: A\n");
    expect(run(["validate", "--", "-dash.yaml"])).toEqual({ code: 0, stdout: "-dash.yaml: 1 flow OK\n", stderr: "" });
  });

  test("--help: usage on stdout, exit 0", () => {
    const { code, stdout } = run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: pulumi-kaleyra-flows validate [--json] [--flow-json] FILE [FILE...]");
    expect(run(["validate", "-h"]).code).toBe(0);
  });

  test("a flows file's Flow JSON is checked too: its problems name the JSON file, line and pointer; --flow-json alone", () => {
    mkdirSync(join(work, "flows"), { recursive: true });
    const fixture = readFileSync(join(ROOT, "tests", "fixtures", "flow-json", "sign-up.json"), "utf8");
    const broken = JSON.stringify(JSON.parse(fixture), null, 2).replace('"TextHeading"', '"TextHeadng"');
    writeFileSync(join(work, "flows", "broken.json"), broken);
    const line = broken.split("\n").findIndex((text) => text.includes("TextHeadng")) + 1;
    writeFileSync(
      join(work, "whole.yaml"),
      'version: 1\ndefaults: {wabaId: "1029384756102938"}\nflows:\n  a: {name: A, categories: [OTHER], flowJson: flows/broken.json}\n',
    );

    const flowsFile = run(["validate", "whole.yaml"]);
    expect(flowsFile.code).toBe(1);
    expect(flowsFile.stderr).toMatch(
      new RegExp(
        `^flows/broken\\.json:${line}:\\d+: flowJson of flows\\.a \\(whole\\.yaml line 4\\): /screens/0/layout/children/\\d+/type: "TextHeadng" is not a component type; did you mean "TextHeading"\\?$`,
        "m",
      ),
    );
    const alone = run(["validate", "--flow-json", "flows/broken.json"]);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(
      new RegExp(`^flows/broken\\.json:${line}:\\d+: /screens/0/layout/children/\\d+/type: `, "m"),
    );

    writeFileSync(join(work, "flows", "broken.json"), fixture);
    expect(run(["validate", "whole.yaml"])).toEqual({
      code: 0,
      stdout: "whole.yaml: 1 flow OK (1 Flow JSON file)\n",
      stderr: "",
    });
    expect(run(["validate", "--flow-json", "flows/broken.json"])).toEqual({
      code: 0,
      stdout: "flows/broken.json: Flow JSON OK\n",
      stderr: "",
    });
  });

  test("reads stdin as -", () => {
    const { code, stdout } = run(["validate", "-"], {
      input: "version: 1\nflows:\n  a: {flowId: '1234567890123401', name: A}\n",
    });
    expect(code).toBe(0);
    expect(stdout).toBe("-: 1 flow OK\n");
  });

  test("loads neither @pulumi/pulumi nor the HTTP client: and the JSON Schema validator only for Flow JSON", () => {
    // The guard above would make every run fail if either were required; check that it does fire, so a passing run
    // means something.
    const probe = spawnSync(process.execPath, ["--require", guard, "-e", "require('proxy-from-env')"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain("the CLI loaded proxy-from-env");

    // A pre-commit hook runs it on every commit: what keeps it quick is what it loads. A preload records every module
    // in the process as it exits.
    const recorder = join(work, "record-modules.js");
    const record = join(work, "modules.json");
    writeFileSync(
      recorder,
      `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const packagesLoaded = (file: string, cwd: string) => {
      const result = spawnSync(process.execPath, ["--require", recorder, CLI, "validate", file], {
        cwd,
        encoding: "utf8",
        env: { PATH: process.env.PATH ?? "" },
      });
      expect(result.status).toBe(0);
      const modules = JSON.parse(readFileSync(record, "utf8")) as string[];
      expect(modules).toContain(CLI);
      return new Set(modules.flatMap((path) => /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path)?.[1] ?? []));
    };
    // FlowMetadata entries only: the JSON Schema validator (the costly load: it compiles the schema) is not loaded.
    expect([...packagesLoaded("good.yaml", work)].sort()).toEqual(["jsonc-parser", "yaml"]);
    // The example names a Flow JSON file: its checks load jsonc-parser and ajv (with ajv's own dependencies).
    const withJson = packagesLoaded(EXAMPLE, ROOT);
    for (const name of ["yaml", "jsonc-parser", "ajv"]) expect(withJson.has(name)).toBe(true);
    const ajvDependencies = Object.keys(
      JSON.parse(readFileSync(join(ROOT, "node_modules", "ajv", "package.json"), "utf8")).dependencies ?? {},
    );
    expect([...withJson].filter((name) => !["yaml", "jsonc-parser", "ajv", ...ajvDependencies].includes(name))).toEqual(
      [],
    );
  });
});
