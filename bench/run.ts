/**
 * `npm run bench`: the package's cost on top of Pulumi's own, with the real Pulumi CLI on a
 * file backend against the Kaleyra emulator. Every figure is a ratio against a baseline
 * measured in the same run (shared machines are noisy; absolute times mean little), and
 * targets are reported, not enforced: the exit code says only whether every scenario ran.
 *
 *   npm run bench -- [--flows 500] [--repeats 3] [--out bench/results.json] [--only P1,P3,N1]
 *
 * V1 and F4 (the flows-file validator) need only dist/: run alone (`--only V1,F4`), they
 * neither build the Pulumi CLI nor pack the package nor start the emulator.
 *
 * Progress goes to stderr, the table to stdout, everything to the JSON file.
 */
import { startEmulator, type RunningEmulator } from "../dist/emulator";
import { TUNING } from "../dist/provider/settings";
import { ensurePulumiCli } from "../tests/support/pulumi-cli";
import { run } from "../tests/support/run";
import { parseArgs, selected, USAGE } from "./args";
import { BenchContext } from "./context";
import { benchSeed, flowIds } from "./flows";
import { installPackage } from "./install";
import { describeMachine, describeSource } from "./machine";
import { elapsedSeconds, progress } from "./progress";
import { entry, Entry, Results, table, writeResults } from "./report";
import { clientThroughput } from "./scenarios/client-throughput";
import { flowPreviewCost } from "./scenarios/flow-preview";
import { flowStateSize } from "./scenarios/flow-state";
import { flowUpload } from "./scenarios/flow-upload";
import { flowValidate } from "./scenarios/flow-validate";
import { gitopsApply } from "./scenarios/gitops-apply";
import { memory } from "./scenarios/memory";
import { nativePreview, nativeStateSize, nativeUpDefaults, nativeUpTemplate } from "./scenarios/native";
import { parallelism } from "./scenarios/parallelism";
import { previewCost } from "./scenarios/preview-cost";
import { Scenario } from "./scenarios/scenario";
import { stateSize } from "./scenarios/state-size";
import { validator } from "./scenarios/validator";
import { summarize } from "./stats";

/**
 * In run order: MEM after P1 and P3, since it reports on what they sampled; V1 stands alone.
 * The F scenarios (the Flow resource) share two stacks of their own: F2 weighs them before F3
 * changes any JSON; F4, like V1, needs only dist/. The N scenarios (the native provider
 * against the dynamic one) share the P scenarios' `package` stack and a `native` stack of
 * their own.
 */
const SCENARIOS: readonly Scenario[] = [
  previewCost,
  stateSize,
  parallelism,
  gitopsApply,
  clientThroughput,
  memory,
  validator,
  flowPreviewCost,
  flowStateSize,
  flowUpload,
  flowValidate,
  nativePreview,
  nativeUpDefaults,
  nativeUpTemplate,
  nativeStateSize,
];

/** Scenarios that use neither the Pulumi CLI, the installed package nor the emulator. */
const OFFLINE = new Set([validator.id, flowValidate.id]);

/** The emulator of a run whose scenarios are all offline: none, and saying so if used. */
const NO_EMULATOR = new Proxy({} as RunningEmulator, {
  get(_target, property) {
    throw new Error(
      `this run started no emulator (only offline scenarios were selected), yet a scenario used emulator.${String(property)}`,
    );
  },
});

/** The CLI's version and its `--parallel` default here (`pulumi up --help`: "(default 8)"). */
async function inspectCli(bin: string): Promise<{ version: string; defaultParallel: number }> {
  // PULUMI_PARALLEL would change the default shown; the bench measures the machine's own.
  const env = { ...process.env, PULUMI_PARALLEL: "", PULUMI_SKIP_UPDATE_CHECK: "true" };
  const version = (await run(`${bin}/pulumi`, ["version"], { env })).stdout.trim();
  const help = await run(`${bin}/pulumi`, ["up", "--help"], { env });
  const match = /--parallel int32 .*\(default (\d+)\)/.exec(help.stdout);
  if (!match)
    throw new Error(`could not read --parallel's default from \`pulumi up --help\`:\n${help.output.slice(0, 2000)}`);
  return { version, defaultParallel: Number(match[1]) };
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseArgs(argv);
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const source = describeSource();
  progress(`N=${options.flows} flows, ${options.repeats} repeat(s), results to ${options.out}`);

  const chosen = SCENARIOS.filter((s) => selected(options, s.id));
  const online = chosen.some((s) => !OFFLINE.has(s.id));

  let cli = { version: "not used", defaultParallel: 0 };
  let nodeModules = "";
  let ids: string[] = [];
  let emulator: RunningEmulator = NO_EMULATOR;
  let started = false;
  if (online) {
    progress("Pulumi CLI");
    const bin = ensurePulumiCli();
    cli = await inspectCli(bin);
    progress(`  pulumi ${cli.version} in ${bin}; engine --parallel default ${cli.defaultParallel}`);

    progress("packing and installing the package as a user would");
    nodeModules = await installPackage();

    ids = flowIds(options.flows);
    emulator = await startEmulator({ seed: benchSeed(ids), quiet: true });
    started = true;
    progress(`emulator at ${emulator.url} with ${ids.length} flows`);
  } else {
    progress(
      `only offline scenarios (${chosen.map((s) => s.id).join(", ") || "none"}): no Pulumi CLI, package install or emulator`,
    );
  }

  const concurrency = TUNING.concurrency.default;
  const ctx = new BenchContext(options, emulator, nodeModules, ids, cli.defaultParallel, concurrency);
  const machine = describeMachine({
    pulumi: cli.version,
    engineDefaultParallel: cli.defaultParallel,
    packageDefaultConcurrency: concurrency,
    N: options.flows,
    repeats: options.repeats,
    latencyMs: options.latencyMs,
  });

  const entries: Entry[] = [];
  const failures: Array<{ scenario: string; error: string }> = [];
  try {
    for (const scenario of chosen) {
      progress(`${scenario.id} ${scenario.title}`);
      try {
        entries.push(...(await scenario.run(ctx)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ scenario: scenario.id, error: message });
        progress(`  ${scenario.id} could not run: ${message}`);
      }
    }
    // How long bringing each stack up took (its create), for information.
    const created = (kind: string) => ctx.createMs.get(`${kind}/${options.flows}`);
    const pkg = created("package");
    const noop = created("noop");
    if (pkg !== undefined && noop !== undefined) {
      entries.push(
        entry(
          `setup: up creating ${options.flows} flows`,
          "s",
          summarize([pkg / 1000]),
          summarize([noop / 1000]),
          null,
          "the one up that created each stack (FlowMetadata: a GET and a POST per flow, no added latency) vs the no-op",
          2,
          "setup.create",
        ),
      );
    }
  } finally {
    if (started) await emulator.close();
  }

  const results: Results = {
    machine,
    run: { ...source, args: argv, elapsedS: Math.round(elapsedSeconds()) },
    entries,
    failures,
  };
  writeResults(options.out, results);
  process.stdout.write(
    `\npulumi-kaleyra-flows benchmark: N=${options.flows}, ${options.repeats} repeat(s), ${machine.cpus} x ${machine.model}, pulumi ${cli.version}, node ${machine.node}\n\n`,
  );
  process.stdout.write(`${table(entries)}\n`);
  const missed = entries.filter((e) => e.pass === false).map((e) => e.name);
  process.stdout.write(
    `\n${entries.filter((e) => e.pass !== null).length - missed.length} of ${entries.filter((e) => e.pass !== null).length} targets met${missed.length ? ` (missed: ${missed.join("; ")})` : ""}; targets are reported, not enforced.\n`,
  );
  progress(`done in ${Math.round(elapsedSeconds())} s; results in ${options.out}`);
  if (failures.length > 0) {
    process.stderr.write(
      `\n${failures.length} scenario(s) could not run:\n${failures.map((f) => `  ${f.scenario}: ${f.error.split("\n")[0]}`).join("\n")}\n`,
    );
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
