/**
 * The CLI's dispatch to discover: help for both commands, `discover` run through
 * runCliAsync, and the module boundary that keeps `validate` light. The boundary is checked
 * from the TypeScript sources in a child process (through ts-node, so no build and no dist/
 * is needed): `validate` must load neither the HTTP client nor @pulumi/pulumi, and `discover` must load
 * no @pulumi/pulumi at all.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as ts from "typescript";
import { runCli, runCliAsync } from "../../provider/cli";
import { DISCOVER_HELP, DISCOVER_USAGE } from "../../provider/discover/help";

const ROOT = join(__dirname, "..", "..");

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kaleyra-discover-cli-"));
  writeFileSync(join(work, "good.yaml"), "version: 1\nflows:\n  a:\n    flowId: '1234567890123451'\n    name: A\n");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe("dispatch", () => {
  test("general help documents both commands, discover in full", () => {
    const { out, io } = capture();
    expect(runCli(["--help"], io)).toBe(0);
    expect(out.stdout).toContain("Usage: pulumi-kaleyra-flows validate [--json] [--flow-json] FILE [FILE...]");
    expect(out.stdout).toContain(DISCOVER_USAGE);
    expect(out.stdout).toContain(DISCOVER_HELP.slice(DISCOVER_HELP.indexOf("Brings an existing account")));
  });

  test("discover --help is discover's own help", async () => {
    const { out, io } = capture();
    expect(await runCliAsync(["discover", "--help"], io, {})).toBe(0);
    expect(out.stdout).toBe(DISCOVER_HELP);
  });

  test("runCliAsync runs validate as runCli does", async () => {
    const { out, io } = capture();
    expect(await runCliAsync(["validate", join(work, "good.yaml")], io, {})).toBe(0);
    expect(out.stdout).toBe(`${join(work, "good.yaml")}: 1 flow OK\n`);
  });

  test("discover gets the environment given, not the process's", async () => {
    const { out, io } = capture();
    expect(
      await runCliAsync(["discover", "--waba", "1029384756102938"], io, {
        KALEYRA_API_KEY: "Aenv00000000000000000000000000003",
      }),
    ).toBe(2);
    expect(out.stderr).toContain("no Kaleyra account SID: give --sid SID or set KALEYRA_SID.");
  });

  test("an unknown command names every command; the synchronous runCli points discover at runCliAsync", () => {
    const unknown = capture();
    expect(runCli(["discovr"], unknown.io)).toBe(2);
    expect(unknown.out.stderr).toContain(
      'unknown command "discovr"; the commands are validate, discover, plugin install and migrate-to-native.',
    );
    const sync = capture();
    expect(runCli(["discover", "--waba", "1"], sync.io)).toBe(2);
    expect(sync.out.stderr).toContain("run it through runCliAsync");
  });
});

describe("module boundary (child process, from source)", () => {
  /** Runs `script` with the sources compiled on the fly; it prints JSON on its last line. */
  function node(script: string): { result: Record<string, unknown>; stderr: string } {
    const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
      cwd: ROOT,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
      timeout: 60_000,
    });
    const lines = child.stdout.trim().split("\n");
    if (child.status !== 0) throw new Error(`child failed (${child.status}): ${child.stderr}`);
    return { result: JSON.parse(lines[lines.length - 1]), stderr: child.stderr };
  }
  const heavy = (loaded: string[], pattern: RegExp) => loaded.filter((path) => pattern.test(path));

  /** The provider files `file`'s static imports name, from the source text. */
  function importsOf(file: string): string[] {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, false);
    return importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith("."))
      .map((name) => resolve(file, "..", name));
  }
  const filesOf = (dir: string) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => name.endsWith(".ts"))
      .map((name) => join(ROOT, dir, name));

  test("the CLI and discover's command do not import each other: the shared pieces have their own modules", () => {
    const cliIndex = join(ROOT, "provider", "cli");
    for (const file of filesOf("provider/discover")) {
      expect({
        file,
        imports: importsOf(file).filter((path) => path === cliIndex || path === join(cliIndex, "index")),
      }).toEqual({ file, imports: [] });
    }
    const cliToDiscover = filesOf("provider/cli")
      .flatMap((file) => importsOf(file))
      .filter((path) => path.startsWith(join(ROOT, "provider", "discover")));
    // The general help includes discover's help, which is text; the command is required only
    // when run (its `typeof import` is the require's type); nothing else of discover.
    expect([...new Set(cliToDiscover)].sort()).toEqual(
      ["command", "help"].map((name) => join(ROOT, "provider", "discover", name)),
    );
  });

  test("validate loads neither the HTTP client nor @pulumi/pulumi, nor discover's command", () => {
    const { result } = node(`
      const cli = require("./provider/cli");
      const code = cli.runCli(["validate", ${JSON.stringify(join(work, "good.yaml"))}], { stdout() {}, stderr() {} });
      console.log(JSON.stringify({ code, loaded: Object.keys(require.cache) }));
    `);
    const loaded = result.loaded as string[];
    expect(result.code).toBe(0);
    // The patterns below do match what is loaded, so an empty match means something.
    expect(heavy(loaded, /provider[\\/]gitops[\\/]flows-file\.ts$/)).toHaveLength(1);
    expect(heavy(loaded, /provider[\\/]discover[\\/]help\.ts$/)).toHaveLength(1);
    expect(heavy(loaded, /node_modules[\\/]yaml[\\/]/).length).toBeGreaterThan(0);
    expect(heavy(loaded, /node_modules[\\/](@pulumi|proxy-from-env|https-proxy-agent|@grpc|protobufjs)/)).toEqual([]);
    expect(heavy(loaded, /provider[\\/]settings[\\/]table\.ts$/)).toHaveLength(1);
    expect(
      heavy(
        loaded,
        /provider[\\/](discover[\\/](command|discover|options|output)|client[\\/]|errors[\\/](?!kaleyra-error\.ts$))/,
      ),
    ).toEqual([]);
    expect(heavy(loaded, /provider[\\/]settings[\\/](?!table\.ts$)/)).toEqual([]);
  });

  test("discover loads the HTTP client (it talks to Kaleyra) but never @pulumi/pulumi", () => {
    const { result } = node(`
      const cli = require("./provider/cli");
      cli.runCliAsync(["discover", "--waba", "1029384756102938"], { stdout() {}, stderr() {} }, { KALEYRA_SID: "HXAP16XXXXXX97IN" }).then((code) => {
        console.log(JSON.stringify({ code, loaded: Object.keys(require.cache) }));
      });
    `);
    const loaded = result.loaded as string[];
    expect(result.code).toBe(2);
    expect(heavy(loaded, /provider[\\/]discover[\\/]command\.ts$/)).toHaveLength(1);
    expect(heavy(loaded, /provider[\\/]client[\\/]transport\.ts$/)).toHaveLength(1);
    expect(heavy(loaded, /node_modules[\\/](@pulumi|@grpc|protobufjs)/)).toEqual([]);
    expect(heavy(loaded, /provider[\\/](index|runtime|shim|lifecycle[\\/])/)).toEqual([]);
    // Of the resources, only the Flow's reading of a remote Flow JSON (--with-json reuses it), which loads no Pulumi.
    expect(heavy(loaded, /provider[\\/]resources[\\/]/).map((path) => path.slice(ROOT.length + 1))).toEqual([
      join("provider", "resources", "flow", "remote-json.ts"),
    ]);
  });
});
