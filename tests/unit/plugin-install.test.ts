/**
 * `pulumi-kaleyra-flows plugin install` without the real Pulumi CLI (tests/e2e/plugin-install.test.ts
 * runs it with the real one): its command line and help, finding pulumi, the launcher it hands
 * to `pulumi plugin install --file` (a sh script that runs, quoting any path; the Windows .cmd
 * as text), and what it does with each answer of a stand-in pulumi that records its arguments.
 * Also the module boundary: validate never loads the command.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, runCliAsync } from "../../provider/cli";
import { findPulumi } from "../../provider/plugin/find-pulumi";
import { PLUGIN_INSTALL_HELP, PLUGIN_INSTALL_USAGE } from "../../provider/plugin/help";
import { launcherFor } from "../../provider/plugin/launcher";
import { PLUGIN_ENTRY } from "../../provider/plugin/command";
import { PACKAGE_VERSION } from "../../provider/version";

const ROOT = join(__dirname, "..", "..");
const posix = process.platform !== "win32";
const onPosix = posix ? test : test.skip;

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "kaleyra-plugin-install-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

async function plugin(args: string[], env: NodeJS.ProcessEnv) {
  const { out, io } = capture();
  const code = await runCliAsync(["plugin", ...args], io, env);
  return { code, ...out };
}

/** A folder of its own under `work`. */
function folder(name: string): string {
  const dir = join(work, `${name}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("help and the command line", () => {
  test("plugin install --help, plugin --help and -h print the command's help; the general help includes it", async () => {
    for (const args of [["install", "--help"], ["--help"], ["install", "-h"], ["help"]]) {
      const { code, stdout, stderr } = await plugin(args, {});
      expect({ args, code, stdout, stderr }).toEqual({ args, code: 0, stdout: PLUGIN_INSTALL_HELP, stderr: "" });
    }
    const { out, io } = capture();
    expect(runCli(["--help"], io)).toBe(0);
    expect(out.stdout).toContain(`       ${PLUGIN_INSTALL_USAGE}\n`);
    expect(out.stdout).toContain(PLUGIN_INSTALL_HELP.slice(PLUGIN_INSTALL_HELP.indexOf("Installs this package's")));
  });

  test("the help says what it runs, that the plugin runs this install, and to reinstall after moving it", () => {
    expect(PLUGIN_INSTALL_USAGE).toBe("pulumi-kaleyra-flows plugin install [--reinstall] [--pulumi PATH]");
    const text = PLUGIN_INSTALL_HELP.replace(/\s+/g, " ");
    expect(text).toContain("pulumi plugin install resource kaleyra VERSION --exact --file FOLDER [--reinstall]");
    expect(text).toContain("The launcher runs THIS install of the package (its dist/provider/native/main.js)");
    expect(text).toContain(
      'After upgrading, moving or removing the package (or that node), run "pulumi-kaleyra-flows plugin install --reinstall" again.',
    );
    for (const line of PLUGIN_INSTALL_HELP.split("\n").slice(1)) expect(line.length).toBeLessThanOrEqual(100);
  });

  test.each<[string[], string]>([
    [[], "plugin needs a subcommand: plugin install."],
    [["instal"], 'unknown plugin subcommand "instal": plugin has one subcommand, install.'],
    [["install", "--force"], "unknown option --force. The options are --reinstall, --pulumi and --help."],
    [["install", "--pulumi"], "--pulumi needs a value, e.g. --pulumi /usr/local/bin/pulumi."],
    [["install", "--reinstall=yes"], "--reinstall takes no value."],
    [["install", "--reinstall", "--reinstall"], "--reinstall is given twice."],
    [
      ["install", "Asecret00000000000000000000000003"],
      "unexpected argument at position 1 (not shown: it may be a secret)",
    ],
  ])("usage error: %j", async (args, message) => {
    const { code, stdout, stderr } = await plugin(args, { PATH: "" });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`pulumi-kaleyra-flows plugin install: ${message}`);
    expect(stderr).toContain('Run "pulumi-kaleyra-flows plugin install --help" for usage.');
    expect(stderr).not.toContain("Asecret");
  });

  test("the synchronous runCli points plugin at runCliAsync", () => {
    const { out, io } = capture();
    expect(runCli(["plugin", "install"], io)).toBe(2);
    expect(out.stderr).toContain("plugin install runs pulumi, so it is asynchronous: run it through runCliAsync.");
  });
});

describe("finding pulumi", () => {
  test("no pulumi on PATH: a usage error saying how to install it or use --pulumi; nothing runs", async () => {
    const empty = folder("empty");
    const { code, stdout, stderr } = await plugin(["install"], { PATH: empty });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "pulumi-kaleyra-flows plugin install: no pulumi on PATH. Install the Pulumi CLI " +
        "(https://www.pulumi.com/docs/install/), or give the one to run with --pulumi PATH (the executable, or " +
        'the folder that holds it).\nRun "pulumi-kaleyra-flows plugin install --help" for usage.\n',
    );
  });

  onPosix(
    "the first executable pulumi on PATH; --pulumi an executable or its folder, relative to the working folder",
    () => {
      const first = folder("first");
      const second = folder("second");
      writeFileSync(join(first, "pulumi"), "#!/bin/sh\n", { mode: 0o644 }); // not executable: skipped
      writeFileSync(join(second, "pulumi"), "#!/bin/sh\n", { mode: 0o755 });
      const PATH = ["", "relative/bin", first, second].join(":");
      expect(findPulumi(undefined, { PATH }, work)).toEqual({ found: true, path: join(second, "pulumi") });
      expect(findPulumi(undefined, { PATH: first }, work)).toEqual({ found: false, why: "not-on-path" });
      expect(findPulumi(undefined, {}, work)).toEqual({ found: false, why: "not-on-path" });

      expect(findPulumi(second, {}, "/")).toEqual({ found: true, path: join(second, "pulumi") });
      expect(findPulumi(join(second, "pulumi"), {}, "/")).toEqual({ found: true, path: join(second, "pulumi") });
      expect(findPulumi("pulumi", {}, second)).toEqual({ found: true, path: join(second, "pulumi") });
      expect(findPulumi(join(first, "pulumi"), {}, "/")).toEqual({ found: false, why: "not-executable" });
      expect(findPulumi(first, {}, "/")).toEqual({ found: false, why: "not-there" });
      expect(findPulumi(join(first, "nope"), {}, "/")).toEqual({ found: false, why: "not-there" });
    },
  );

  test("on Windows: PATHEXT's extensions, PATH spelled as Windows likes", () => {
    const bin = folder("windows");
    writeFileSync(join(bin, "pulumi.exe"), "");
    expect(findPulumi(undefined, { Path: bin, PATHEXT: ".COM;.EXE" }, work, "win32")).toEqual({
      found: true,
      path: join(bin, "pulumi.exe"),
    });
    expect(findPulumi(bin, {}, work, "win32")).toEqual({ found: true, path: join(bin, "pulumi.exe") });
  });

  onPosix("--pulumi naming nothing runnable: usage errors naming the path", async () => {
    const dir = folder("bad");
    writeFileSync(join(dir, "pulumi"), "", { mode: 0o644 });
    const notThere = await plugin(["install", "--pulumi", join(dir, "nope")], {});
    expect(notThere.code).toBe(2);
    expect(notThere.stderr).toContain(`--pulumi: ${join(dir, "nope")} is neither a pulumi executable nor a folder`);
    const notExecutable = await plugin(["install", "--pulumi", join(dir, "pulumi")], {});
    expect(notExecutable.code).toBe(2);
    expect(notExecutable.stderr).toContain(`--pulumi: ${join(dir, "pulumi")} is not an executable file.`);
  });
});

describe("the launcher", () => {
  const target = { node: process.execPath, entry: PLUGIN_ENTRY, version: "1.2.3" };

  test("POSIX: a sh script named pulumi-resource-kaleyra running the entry with the node, by absolute path", () => {
    const launcher = launcherFor(target, "linux");
    expect(launcher.fileName).toBe("pulumi-resource-kaleyra");
    expect(launcher.mode).toBe(0o755);
    const lines = launcher.text.split("\n");
    expect(lines[0]).toBe("#!/bin/sh");
    expect(lines).toContain(`node='${process.execPath}'`);
    expect(lines).toContain(`entry='${PLUGIN_ENTRY}'`);
    expect(lines).toContain('exec "$node" "$entry" "$@"');
    expect(launcher.text).toContain("pulumi-kaleyra-flows 1.2.3");
    expect(launcher.text).toContain("run `pulumi-kaleyra-flows plugin install --reinstall` again.");
  });

  onPosix("the script starts the plugin: it prints the port it serves on", async () => {
    const dir = folder("start");
    const launcher = launcherFor(target, process.platform);
    writeFileSync(join(dir, launcher.fileName), launcher.text, { mode: launcher.mode });
    const child = spawn(join(dir, launcher.fileName), [], { stdio: ["ignore", "pipe", "pipe"], env: {} });
    try {
      const port = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk) => {
          out += chunk;
          if (out.includes("\n")) resolve(out.split("\n")[0].trim());
        });
        child.on("exit", (code) => reject(new Error(`exited ${code}`)));
      });
      expect(port).toMatch(/^[0-9]{2,5}$/);
    } finally {
      child.kill();
    }
  });

  onPosix("any path is quoted: spaces, quotes, $ and backquotes reach node as they are, arguments pass through", () => {
    const dir = folder(`it's a "dir" $HOME \`x\``);
    const entry = join(dir, "entry.js");
    writeFileSync(entry, "console.log(JSON.stringify({ file: __filename, args: process.argv.slice(2) }));\n");
    const launcher = launcherFor({ ...target, entry }, "linux");
    writeFileSync(join(dir, launcher.fileName), launcher.text, { mode: launcher.mode });
    const run = spawnSync(join(dir, launcher.fileName), ["127.0.0.1:1234", "two words"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ file: entry, args: ["127.0.0.1:1234", "two words"] });
  });

  onPosix("the package or the node gone: exit 1, saying to reinstall", () => {
    for (const gone of [{ entry: join(work, "gone", "main.js") }, { node: join(work, "gone", "node") }]) {
      const dir = folder("gone");
      const launcher = launcherFor({ ...target, ...gone }, "linux");
      writeFileSync(join(dir, launcher.fileName), launcher.text, { mode: launcher.mode });
      const run = spawnSync(join(dir, launcher.fileName), [], { encoding: "utf8" });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("pulumi-resource-kaleyra: the install of pulumi-kaleyra-flows (or the node)");
      expect(run.stderr).toContain("run `npx pulumi-kaleyra-flows plugin install --reinstall`");
    }
  });

  test("Windows: a .cmd with CRLF lines, paths quoted and % doubled, checked before it runs", () => {
    const launcher = launcherFor(
      { node: "C:\\Program Files (x86)\\nodejs\\node.exe", entry: "C:\\Users\\a%b\\app\\main.js", version: "1.2.3" },
      "win32",
    );
    expect(launcher.fileName).toBe("pulumi-resource-kaleyra.cmd");
    expect(launcher.text.endsWith("\r\n")).toBe(true);
    expect(launcher.text.replace(/\r\n/g, "")).not.toContain("\n");
    const lines = launcher.text.split("\r\n");
    expect(lines[0]).toBe("@echo off");
    expect(lines).toContain('if not exist "C:\\Users\\a%%b\\app\\main.js" goto gone');
    expect(lines).toContain('if not exist "C:\\Program Files (x86)\\nodejs\\node.exe" goto gone');
    expect(lines).toContain('"C:\\Program Files (x86)\\nodejs\\node.exe" "C:\\Users\\a%%b\\app\\main.js" %*');
    expect(lines).toContain("exit /b %ERRORLEVEL%");
    const echo = lines.find((line) => line.startsWith("echo "))!;
    expect(echo).toMatch(/ 1>&2$/);
    expect(echo.slice(0, -" 1>&2".length)).not.toMatch(/[<>|&%^`]/);
  });

  test("a path no launcher can carry is refused", () => {
    expect(() => launcherFor({ ...target, entry: "/a\nb/main.js" }, "linux")).toThrow(/line break/);
    expect(() => launcherFor({ ...target, node: 'C:\\a"b\\node.exe' }, "win32")).toThrow(/double quote/);
  });
});

/**
 * A stand-in for pulumi: records each call's arguments (one JSON line each) and answers
 * `plugin ls --json` with the versions in `listed` (a file it reads and install writes), or
 * fails as told.
 */
function fakePulumi(options: { listed?: string[]; installFails?: boolean; installListsNothing?: boolean } = {}) {
  const dir = folder("fake-pulumi");
  const calls = join(dir, "calls.jsonl");
  const listed = join(dir, "listed.json");
  const launcherCopy = join(dir, "launcher");
  const list = (versions: string[]) =>
    JSON.stringify(versions.map((version) => ({ name: "kaleyra", kind: "resource", version })));
  writeFileSync(listed, list(options.listed ?? []));
  const script = `#!${process.execPath}
const fs = require("node:fs");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify(args) + "\\n");
if (args[0] === "plugin" && args[1] === "ls") {
  process.stdout.write(fs.readFileSync(${JSON.stringify(listed)}, "utf8"));
} else if (args[0] === "plugin" && args[1] === "install") {
  process.stderr.write("[resource plugin kaleyra-" + args[4] + "] installing\\n");
  ${options.installFails ? 'process.stderr.write("error: no space left\\n"); process.exit(3);' : ""}
  const folder = args[args.indexOf("--file") + 1];
  fs.copyFileSync(folder + "/pulumi-resource-kaleyra", ${JSON.stringify(launcherCopy)});
  ${options.installListsNothing ? "" : `fs.writeFileSync(${JSON.stringify(listed)}, ${JSON.stringify(list([PACKAGE_VERSION]))});`}
}
`;
  writeFileSync(join(dir, "pulumi"), script, { mode: 0o755 });
  chmodSync(join(dir, "pulumi"), 0o755);
  return {
    dir,
    pulumi: join(dir, "pulumi"),
    calls: (): string[][] =>
      readFileSync(calls, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    launcher: () => readFileSync(launcherCopy, "utf8"),
  };
}

describe("with a stand-in pulumi", () => {
  onPosix(
    "installs: plugin ls, then plugin install --exact --file FOLDER, then plugin ls; prints what it ran",
    async () => {
      const fake = fakePulumi();
      const { code, stdout, stderr } = await plugin(["install"], { PATH: fake.dir });
      expect(code).toBe(0);
      const calls = fake.calls();
      expect(calls.map((args) => args.slice(0, 2).join(" "))).toEqual(["plugin ls", "plugin install", "plugin ls"]);
      expect(calls[0]).toEqual(["plugin", "ls", "--json"]);
      const install = calls[1];
      expect(install.slice(0, 7)).toEqual([
        "plugin",
        "install",
        "resource",
        "kaleyra",
        PACKAGE_VERSION,
        "--exact",
        "--file",
      ]);
      expect(install).toHaveLength(8);
      // The folder held the launcher for this install, and is gone afterwards.
      expect(fake.launcher()).toBe(
        launcherFor({ node: process.execPath, entry: PLUGIN_ENTRY, version: PACKAGE_VERSION }, "linux").text,
      );
      expect(() => readFileSync(join(install[7], "pulumi-resource-kaleyra"))).toThrow();

      expect(stdout).toBe(
        `Running: ${fake.pulumi} plugin ls --json\n` +
          `Running: ${fake.pulumi} plugin install resource kaleyra ${PACKAGE_VERSION} --exact --file ${install[7]}\n` +
          `Running: ${fake.pulumi} plugin ls --json\n` +
          `Installed the resource plugin kaleyra ${PACKAGE_VERSION} into Pulumi's plugin cache. It runs this install ` +
          `of pulumi-kaleyra-flows:\n  ${process.execPath} ${PLUGIN_ENTRY}\n` +
          `After upgrading, moving or removing the package, run "pulumi-kaleyra-flows plugin install --reinstall" again.\n`,
      );
      expect(stderr).toBe(`  [resource plugin kaleyra-${PACKAGE_VERSION}] installing\n`);
      expect(PLUGIN_ENTRY).toBe(join(ROOT, "dist", "provider", "native", "main.js"));
    },
  );

  onPosix(
    "this version already in the cache: nothing installed, and --reinstall is the way to replace it",
    async () => {
      const fake = fakePulumi({ listed: ["0.0.1", PACKAGE_VERSION] });
      const { code, stdout } = await plugin(["install", "--pulumi", fake.dir], {});
      expect(code).toBe(0);
      expect(fake.calls()).toEqual([["plugin", "ls", "--json"]]);
      expect(stdout).toContain(
        `The resource plugin kaleyra ${PACKAGE_VERSION} is already in Pulumi's plugin cache, so nothing was changed.`,
      );
      expect(stdout).toContain("pass --reinstall to replace it with one that runs this install.");
    },
  );

  onPosix("another version in the cache is no reason to skip: this one is installed beside it", async () => {
    const fake = fakePulumi({ listed: ["99.0.0"] });
    expect((await plugin(["install", "--pulumi", fake.pulumi], {})).code).toBe(0);
    expect(fake.calls().map((args) => args[1])).toEqual(["ls", "install", "ls"]);
  });

  onPosix("--reinstall: no listing first, plugin install --reinstall", async () => {
    const fake = fakePulumi({ listed: [PACKAGE_VERSION] });
    const { code, stdout } = await plugin(["install", "--reinstall", "--pulumi", fake.pulumi], {});
    expect(code).toBe(0);
    const calls = fake.calls();
    expect(calls.map((args) => args[1])).toEqual(["install", "ls"]);
    expect(calls[0].slice(-1)).toEqual(["--reinstall"]);
    expect(stdout).toContain("into Pulumi's plugin cache (replacing any there).");
  });

  onPosix("pulumi plugin install failing: exit 1, its output relayed, and no claim it was installed", async () => {
    const fake = fakePulumi({ installFails: true });
    const { code, stdout, stderr } = await plugin(["install", "--pulumi", fake.pulumi], {});
    expect(code).toBe(1);
    expect(stdout).not.toContain("Installed");
    expect(stderr).toContain("  error: no space left\n");
    expect(stderr).toContain(
      `pulumi-kaleyra-flows plugin install: pulumi plugin install failed (exit status 3), so the resource plugin ` +
        `kaleyra ${PACKAGE_VERSION} was not installed; its output is above.`,
    );
  });

  onPosix("pulumi plugin install succeeding without the plugin listed afterwards: exit 1", async () => {
    const fake = fakePulumi({ installListsNothing: true });
    const { code, stderr } = await plugin(["install", "--pulumi", fake.pulumi], {});
    expect(code).toBe(1);
    expect(stderr).toContain("pulumi plugin install succeeded, but pulumi plugin ls does not list the resource plugin");
  });

  onPosix("pulumi plugin ls answering something else than a list: exit 1, nothing installed", async () => {
    const fake = fakePulumi();
    writeFileSync(join(fake.dir, "listed.json"), "Welcome to Pulumi!\n");
    const { code, stderr } = await plugin(["install", "--pulumi", fake.pulumi], {});
    expect(code).toBe(1);
    expect(fake.calls()).toEqual([["plugin", "ls", "--json"]]);
    expect(stderr).toContain("pulumi plugin ls --json failed (its output is not a list), so nothing was installed.");
  });
});

test("validate never loads plugin install's command (child process, from source)", () => {
  writeFileSync(join(work, "good.yaml"), "version: 1\nflows:\n  a:\n    flowId: '1234567890123451'\n    name: A\n");
  const child = spawnSync(
    process.execPath,
    [
      "-r",
      "ts-node/register/transpile-only",
      "-e",
      `const cli = require("./provider/cli");
       const code = cli.runCli(["validate", ${JSON.stringify(join(work, "good.yaml"))}], { stdout() {}, stderr() {} });
       console.log(JSON.stringify({ code, loaded: Object.keys(require.cache) }));`,
    ],
    { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "" }, timeout: 60_000 },
  );
  expect(child.status).toBe(0);
  const { code, loaded } = JSON.parse(child.stdout.trim().split("\n").pop()!);
  expect(code).toBe(0);
  const plugin = (loaded as string[])
    .filter((path) => /provider[\\/]plugin[\\/]/.test(path))
    .map((path) => path.slice(ROOT.length + 1));
  // Its help (text) and flags only: not the command, its launcher or its search for pulumi.
  expect(plugin.sort()).toEqual([join("provider", "plugin", "flags.ts"), join("provider", "plugin", "help.ts")]);
});
