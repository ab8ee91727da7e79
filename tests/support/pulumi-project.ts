import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { killSession } from "./kill-session";
import { REPO_ROOT, SCRATCH } from "./paths";
import { run, RunResult } from "./run";

/** The passphrase of every e2e stack (file backend, local secrets provider). */
export const PASSPHRASE = "e2e-passphrase";

/** Options for {@link PulumiProject.create}. */
export interface ProjectOptions {
  /** Folder with Pulumi.yaml and the program; defaults to the repository's root program. */
  readonly source?: string;
  /** node_modules to link (a user's install of the packed package). */
  readonly nodeModules: string;
  /** Stack name. */
  readonly stack?: string;
  /** Extra environment for every command (KALEYRA_* etc.). */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A Pulumi project in a scratch folder, run with the real CLI the way a user or a pipeline
 * runs it: a file backend and a private PULUMI_HOME inside the folder, a passphrase, no
 * colour, no update check. Nothing touches the user's own ~/.pulumi.
 */
export class PulumiProject {
  private constructor(
    readonly dir: string,
    readonly stack: string,
    private env: NodeJS.ProcessEnv,
  ) {}

  /** Copies the program, links node_modules and creates the stack. */
  static async create(name: string, options: ProjectOptions): Promise<PulumiProject> {
    const dir = path.join(SCRATCH, "e2e", name);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const source = options.source ?? REPO_ROOT;
    for (const file of fs.readdirSync(source)) {
      if (
        file === "Pulumi.yaml" ||
        // The Flow JSON files a flows file names, kept in flows/ by convention.
        file === "flows" ||
        file.endsWith(".ts") ||
        // Programs in the other languages the native provider serves.
        file.endsWith(".py") ||
        file.endsWith(".go") ||
        file === "go.mod" ||
        file === "go.sum" ||
        file === "tsconfig.json" ||
        (file.endsWith(".yaml") && !file.startsWith("Pulumi."))
      ) {
        fs.cpSync(path.join(source, file), path.join(dir, file), { recursive: true });
      }
    }
    if (!fs.existsSync(path.join(dir, "tsconfig.json"))) {
      fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            strict: true,
            target: "ES2022",
            module: "commonjs",
            esModuleInterop: true,
            skipLibCheck: true,
          },
        }),
      );
    }
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: `e2e-${name}`, private: true, main: "index.ts" }),
    );
    fs.symlinkSync(options.nodeModules, path.join(dir, "node_modules"), "dir");
    fs.mkdirSync(path.join(dir, ".state"));

    const bin = process.env.KALEYRA_E2E_PULUMI_BIN;
    if (!bin)
      throw new Error(
        "KALEYRA_E2E_PULUMI_BIN is not set: run the e2e suite through jest (its globalSetup provides the CLI)",
      );
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith("KALEYRA_") && !key.startsWith("PULUMI_")),
    );
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(dir, ".pulumi-home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, ".state")}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      ...options.env,
    };
    const project = new PulumiProject(dir, options.stack ?? "e2e", env);
    await project.expectOk(["stack", "init", project.stack]);
    return project;
  }

  /** Adds or overrides environment variables for later commands (undefined removes one). */
  setEnv(env: NodeJS.ProcessEnv): void {
    this.env = { ...this.env, ...env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete this.env[key];
  }

  /** Points the project at another install of the package (an upgrade). */
  relinkNodeModules(nodeModules: string): void {
    fs.rmSync(path.join(this.dir, "node_modules"));
    fs.symlinkSync(nodeModules, path.join(this.dir, "node_modules"), "dir");
  }

  /** Runs any command in the project, with its environment (pulumi on PATH, its backend). */
  exec(command: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return run(command, args, { cwd: this.dir, env: { ...this.env, ...extraEnv }, timeoutMs: 300_000 });
  }

  /** Runs `pulumi ARGS` in the project. */
  pulumi(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return run("pulumi", [...args, "--color", "never"], {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      timeoutMs: 300_000,
    });
  }

  /**
   * Starts `pulumi ARGS` without waiting, in a session of its own, so a test can kill it
   * and the language host and provider it started (`killAll`) part-way, as a crash would.
   * `exited` resolves when the CLI itself is gone.
   */
  start(
    args: readonly string[],
    extraEnv: NodeJS.ProcessEnv = {},
  ): { child: ChildProcess; killAll(): void; exited: Promise<number | null> } {
    const child = spawn("pulumi", [...args, "--color", "never"], {
      cwd: this.dir,
      env: { ...this.env, ...extraEnv },
      stdio: "ignore",
      detached: true,
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    return {
      child,
      exited,
      killAll: () => killSession(child.pid!),
    };
  }

  /** Runs `pulumi ARGS` and fails with its output unless it exits 0. */
  async expectOk(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    const result = await this.pulumi(args, extraEnv);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${result.code}:\n${result.output}`);
    return result;
  }

  preview(...args: string[]): Promise<RunResult> {
    return this.pulumi(["preview", "--diff", ...args]);
  }
  up(...args: string[]): Promise<RunResult> {
    return this.pulumi(["up", "--yes", "--skip-preview", ...args]);
  }
  refresh(...args: string[]): Promise<RunResult> {
    return this.pulumi(["refresh", "--yes", "--skip-preview", ...args]);
  }
  destroy(...args: string[]): Promise<RunResult> {
    return this.pulumi(["destroy", "--yes", "--skip-preview", ...args]);
  }

  /** Sets plain stack config by editing Pulumi.<stack>.yaml (objects and lists as they are). */
  setConfig(values: Record<string, unknown>): void {
    const file = path.join(this.dir, `Pulumi.${this.stack}.yaml`);
    const doc = fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) : {};
    doc.config = { ...(doc.config ?? {}), ...values };
    for (const [key, value] of Object.entries(values)) if (value === undefined) delete doc.config[key];
    fs.writeFileSync(file, YAML.stringify(doc));
  }

  /** Sets a secret through the CLI, so it is encrypted as a user's would be. */
  async setSecret(key: string, value: string): Promise<void> {
    await this.expectOk(["config", "set", "--secret", key, value]);
  }

  /** `pulumi stack export` (with `--show-secrets` if asked), parsed, and its raw text. */
  async exportState(showSecrets = false): Promise<{ text: string; resources: Array<Record<string, any>> }> {
    const result = await this.expectOk(["stack", "export", ...(showSecrets ? ["--show-secrets"] : [])]);
    const state = JSON.parse(result.stdout);
    return { text: result.stdout, resources: state.deployment?.resources ?? [] };
  }

  /** The FlowMetadata resources in the stack's state. */
  async flows(showSecrets = false): Promise<Array<Record<string, any>>> {
    return (await this.exportState(showSecrets)).resources.filter(
      (r) => r.type === "pulumi-nodejs:dynamic/kaleyra:FlowMetadata",
    );
  }

  /** The stack's outputs. */
  async outputs(): Promise<Record<string, any>> {
    return JSON.parse((await this.expectOk(["stack", "output", "--json"])).stdout);
  }
}
