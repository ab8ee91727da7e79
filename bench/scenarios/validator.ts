/**
 * V1, the flows-file validator: wall time and peak memory of `pulumi-kaleyra-flows validate
 * FILE`, the command a pre-commit hook or a CI job runs, on 20,000 flows (YAML and JSON, good
 * flows; and YAML with problems in every flow) and on files of about 20 MB (YAML and JSON).
 *
 * Each run is a child process, `node dist/provider/cli/index.js validate FILE`, exactly what a user
 * runs: node's start-up is on its clock, and its peak memory is its own alone (measured in
 * the bench process, the figure would hold the bench's heap, and in a full run the
 * emulator's). The peak is the kernel's count (getrusage's ru_maxrss, read by a preload in
 * the child as it exits): exact, where sampling /proc every 100 ms can miss a peak of a run
 * that lasts about a second, and available on macOS too. A run killed at the time limit
 * cannot report it; its peak is then the last VmHWM read from /proc while it ran.
 *
 * Baseline, measured the same way and interleaved: a bare reader of the same file into plain
 * values, the least any checker pays: for YAML the `yaml` parser alone (`parseDocument`
 * without its quadratic duplicate-key check, then `toJS`), for JSON `JSON.parse`. The
 * targets (a file of 20,000 flows in under 2 s, 20 MB in under 10 s) are on the time itself,
 * not on a ratio: the one exception to the bench's rule, because they are what a hook's user
 * waits for. The file with a problem in every flow (100,000 problems, each located and
 * printed) has no target: it is there to show that the problem path is linear too. Linearity
 * is a ratio, as elsewhere: the time and the memory per MB of the 20 MB file against those
 * of the 20,000 flows (1 when linear; quadratic work gives about 6), each counted above the
 * fixed cost of a run (node, the CLI's modules), measured on a file of 3 flows.
 *
 * Needs only `dist/` (no Pulumi CLI, no emulator). BENCH_VALIDATOR_DIST=/other/dist runs it
 * against another build, e.g. one made in a private folder, or the code before a change.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FLOW_CATEGORIES as CATEGORIES } from "../../provider/rules/categories";
import { REPO_ROOT } from "../../tests/support/paths";
import { entry, Entry } from "../report";
import { progress } from "../progress";
import { ratio, summarize } from "../stats";
import { interleaved, Scenario } from "./scenario";

/** A run longer than this is killed and counted as this long (a lower bound). */
const TIME_LIMIT_MS = 120_000;

/** One file the scenario validates. */
interface Case {
  readonly id: string;
  readonly label: string;
  readonly fileName: string;
  readonly text: string;
  readonly flows: number;
  /** Problems expected: 0 for a good file (the CLI prints `N flows OK`). */
  readonly problems: boolean;
  /** The target on the wall time, in s; null for a figure reported for information. */
  readonly targetS: number | null;
}

/** One measured run. */
export interface Run {
  readonly seconds: number;
  readonly peakMiB: number;
  readonly killed: boolean;
}

const flowId = (i: number) => `7${String(i + 1).padStart(15, "0")}`;

/** A flows file of `n` good flows, in YAML. */
function yamlFlows(n: number, broken = false): string {
  const lines = [
    "# Benchmark flows file",
    "version: 1",
    "defaults:",
    "  sid: HXAP16DEMO0097IN",
    "  region: IN",
    "flows:",
  ];
  for (let i = 0; i < n; i++) {
    if (broken) {
      // Every flow wrong four ways: a resource name with a space, an unknown field, a
      // misspelt category, and (every other flow) the id and name of the one before.
      lines.push(
        `  "flow ${i}":`,
        `    flowId: "${flowId(i >> 1)}"`,
        `    name: Bench flow ${i >> 1}`,
        "    nmae: x",
        `    categories: [${CATEGORIES[i % 9]}, SRUVEY]`,
      );
    } else {
      lines.push(
        `  flow-${i}:`,
        `    flowId: "${flowId(i)}"`,
        `    name: Bench flow ${i}`,
        `    categories: [${CATEGORIES[i % 9]}, OTHER]`,
        `    endpointUri: https://example.com/flows/${i}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

/** The same flows as JSON, indented as tools write it. */
function jsonFlows(n: number): string {
  const flows: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    flows[`flow-${i}`] = {
      flowId: flowId(i),
      name: `Bench flow ${i}`,
      categories: [CATEGORIES[i % 9], "OTHER"],
      endpointUri: `https://example.com/flows/${i}`,
    };
  }
  return `${JSON.stringify({ $schema: "./flows.schema.json", version: 1, defaults: { sid: "HXAP16DEMO0097IN", region: "IN" }, flows }, null, 2)}\n`;
}

/** Good flows up to about `bytes`, written by `write`. */
function ofSize(bytes: number, write: (n: number) => string): { text: string; flows: number } {
  const perFlow = Buffer.byteLength(write(1000)) / 1000;
  const flows = Math.round(bytes / perFlow);
  return { text: write(flows), flows };
}

const mb = (text: string) => Buffer.byteLength(text) / 1e6;

/** The baseline's reader, in a few words. */
const reader = (c: Case) => (c.fileName.endsWith(".json") ? "JSON.parse alone" : "the yaml parser alone");

function cases(): Case[] {
  const big = ofSize(20e6, yamlFlows);
  const bigJson = ofSize(20e6, jsonFlows);
  return [
    {
      id: "yaml-3",
      label: "3 flows, YAML (a run's fixed cost)",
      fileName: "flows-3.yaml",
      text: yamlFlows(3),
      flows: 3,
      problems: false,
      targetS: 1,
    },
    {
      id: "yaml-20k",
      label: "20,000 flows, YAML",
      fileName: "flows-20k.yaml",
      text: yamlFlows(20_000),
      flows: 20_000,
      problems: false,
      targetS: 2,
    },
    {
      id: "json-20k",
      label: "20,000 flows, JSON",
      fileName: "flows-20k.json",
      text: jsonFlows(20_000),
      flows: 20_000,
      problems: false,
      targetS: 2,
    },
    {
      id: "yaml-20k-bad",
      label: "20,000 flows each with problems, YAML",
      fileName: "flows-20k-bad.yaml",
      text: yamlFlows(20_000, true),
      flows: 20_000,
      problems: true,
      targetS: null,
    },
    {
      id: "yaml-20mb",
      label: `${mb(big.text).toFixed(0)} MB file (${big.flows.toLocaleString("en-US")} flows), YAML`,
      fileName: "flows-20mb.yaml",
      text: big.text,
      flows: big.flows,
      problems: false,
      targetS: 10,
    },
    {
      id: "json-20mb",
      label: `${mb(bigJson.text).toFixed(0)} MB file (${bigJson.flows.toLocaleString("en-US")} flows), JSON`,
      fileName: "flows-20mb.json",
      text: bigJson.text,
      flows: bigJson.flows,
      problems: false,
      targetS: 10,
    },
  ];
}

/** Reports the child's peak RSS and CPU as it exits (loaded with node -r). */
export const PRELOAD = `process.on("exit", () => {
  const usage = process.resourceUsage();
  require("fs").writeFileSync(process.env.BENCH_RUSAGE_FILE, JSON.stringify({ maxRSSKiB: usage.maxRSS }));
});
`;

/** The baseline: the yaml parser alone (the one the CLI loads) or JSON.parse, reading the file into plain values. */
const parserAlone = (yaml: string) => `const file = process.argv[2];
const text = require("fs").readFileSync(file, "utf8");
if (file.endsWith(".json")) JSON.parse(text);
else {
  const { parseDocument, LineCounter } = require(${JSON.stringify(yaml)});
  const doc = parseDocument(text, { lineCounter: new LineCounter(), uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length > 0) throw new Error(doc.errors[0].message);
  doc.toJS({ maxAliasCount: 1000 });
}
`;

/** Runs `args` under node with the preload; its wall time and peak memory. */
export function measure(
  args: readonly string[],
  work: string,
  check: (code: number | null, stdout: string, stderr: string) => void,
): Promise<Run> {
  const usageFile = path.join(work, "rusage.json");
  fs.rmSync(usageFile, { force: true });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-r", path.join(work, "preload.js"), ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "", BENCH_RUSAGE_FILE: usageFile },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    let hwmKiB = 0;
    const sampler = setInterval(() => {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
        hwmKiB = Math.max(hwmKiB, Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0));
      } catch {
        // gone, or no /proc: the preload's figure is the one used
      }
    }, 250);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, TIME_LIMIT_MS);
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      clearInterval(sampler);
      clearTimeout(timer);
      try {
        if (!killed) check(code, stdout, stderr);
        const reported = fs.existsSync(usageFile)
          ? (JSON.parse(fs.readFileSync(usageFile, "utf8")) as { maxRSSKiB: number }).maxRSSKiB
          : 0;
        resolve({ seconds, peakMiB: Math.max(reported, killed ? hwmKiB : 0) / 1024, killed });
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Where the compiled CLI is: dist/ here, or BENCH_VALIDATOR_DIST. */
export function cliPath(): string {
  const dist = path.resolve(process.env.BENCH_VALIDATOR_DIST ?? path.join(REPO_ROOT, "dist"));
  const cli = path.join(dist, "provider", "cli", "index.js");
  if (!fs.existsSync(cli))
    throw new Error(`${cli} is missing: run npm run build (or point BENCH_VALIDATOR_DIST at a build)`);
  return cli;
}

/** An entry whose target is on the value itself (see the header). */
function withTimeTarget(e: Entry, bound: number | null): Entry {
  return bound === null ? e : { ...e, target: `value <= ${bound} s`, pass: e.value <= bound };
}

export const validator: Scenario = {
  id: "V1",
  title: "flows-file validator (pulumi-kaleyra-flows validate)",
  async run(ctx) {
    const cli = cliPath();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "kaleyra-bench-v1-"));
    const entries: Entry[] = [];
    try {
      fs.writeFileSync(path.join(work, "preload.js"), PRELOAD);
      fs.writeFileSync(
        path.join(work, "parser-alone.js"),
        parserAlone(require.resolve("yaml", { paths: [path.dirname(cli)] })),
      );
      const perMb = new Map<string, { seconds: number; peakMiB: number; mb: number }>();
      for (const c of cases()) {
        const file = path.join(work, c.fileName);
        fs.writeFileSync(file, c.text);
        const size = mb(c.text);
        progress(`  V1 ${c.label}: ${size.toFixed(1)} MB`);
        const runs: Record<"validator" | "parser", Run[]> = { validator: [], parser: [] };
        await interleaved(["validator", "parser"] as const, ctx.options.repeats, async (kind, round) => {
          const run =
            kind === "validator"
              ? await measure([cli, "validate", file], work, (code, stdout, stderr) => {
                  const expected = c.problems ? 1 : 0;
                  if (code !== expected || (!c.problems && stdout.trim() !== `${file}: ${c.flows} flows OK`)) {
                    throw new Error(
                      `validate ${c.fileName} exited ${code}, expected ${expected}:\n${(stdout + stderr).slice(0, 2000)}`,
                    );
                  }
                })
              : await measure([path.join(work, "parser-alone.js"), file], work, (code, _stdout, stderr) => {
                  if (code !== 0)
                    throw new Error(`the parser alone failed on ${c.fileName}:\n${stderr.slice(0, 2000)}`);
                });
          runs[kind].push(run);
          progress(
            `  V1 ${round + 1}/${ctx.options.repeats} ${c.id} ${kind}: ${run.seconds.toFixed(2)} s, peak ${run.peakMiB.toFixed(0)} MiB${run.killed ? ` (killed at ${TIME_LIMIT_MS / 1000} s)` : ""}`,
          );
          return run.seconds;
        });
        const killed = runs.validator.filter((r) => r.killed).length;
        const lowerBound = killed
          ? `; ${killed} of ${runs.validator.length} runs killed at ${TIME_LIMIT_MS / 1000} s, so a lower bound`
          : "";
        const time = summarize(runs.validator.map((r) => r.seconds));
        const memory = summarize(runs.validator.map((r) => r.peakMiB));
        entries.push(
          withTimeTarget(
            entry(
              `V1 validate ${c.label}`,
              "s",
              time,
              summarize(runs.parser.map((r) => r.seconds)),
              null,
              `wall time of \`pulumi-kaleyra-flows validate\` (${size.toFixed(1)} MB, node start-up included) vs ${reader(c)} reading the file${lowerBound}`,
              2,
            ),
            c.targetS,
          ),
          entry(
            `V1 validate ${c.label} peak RSS`,
            "MiB",
            memory,
            summarize(runs.parser.map((r) => r.peakMiB)),
            null,
            `peak RSS (ru_maxrss) of the validate process vs ${reader(c)}${size >= 1 ? `; ${(memory.median / size).toFixed(0)} MiB per MB of file` : ""}${lowerBound}`,
            0,
          ),
        );
        perMb.set(c.id, { seconds: time.median, peakMiB: memory.median, mb: size });
        fs.rmSync(file, { force: true });
      }
      const fixed = perMb.get("yaml-3");
      for (const syntax of ["YAML", "JSON"]) {
        const small = perMb.get(`${syntax.toLowerCase()}-20k`);
        const large = perMb.get(`${syntax.toLowerCase()}-20mb`);
        if (!fixed || !small || !large) continue;
        // Above the fixed cost of a run, per MB of file: the same at both sizes when linear.
        const per = (run: { seconds: number; peakMiB: number; mb: number }) => ({
          seconds: (run.seconds - fixed.seconds) / run.mb,
          peakMiB: (run.peakMiB - fixed.peakMiB) / run.mb,
        });
        const [atLarge, atSmall] = [per(large), per(small)];
        const note = (what: string) =>
          `${what} above a 3-flow run's, per MB of ${syntax}: the ${large.mb.toFixed(0)} MB file vs the ${small.mb.toFixed(1)} MB of 20,000 flows (1 when linear in the file; quadratic work gives about ${(large.mb / small.mb).toFixed(0)})`;
        entries.push(
          entry(
            `V1 linearity, ${syntax}: time per MB, 20 MB vs 20,000 flows`,
            "s/MB",
            summarize([atLarge.seconds]),
            summarize([atSmall.seconds]),
            { op: "<=", bound: 1.5 },
            note("wall time"),
            3,
          ),
          entry(
            `V1 linearity, ${syntax}: peak RSS per MB, 20 MB vs 20,000 flows`,
            "MiB/MB",
            summarize([atLarge.peakMiB]),
            summarize([atSmall.peakMiB]),
            { op: "<=", bound: 1.5 },
            note("peak RSS"),
            1,
          ),
        );
        progress(
          `  V1 ${syntax} per MB, 20 MB vs 20,000 flows: time ${ratio(atLarge.seconds, atSmall.seconds).toFixed(2)}x, memory ${ratio(atLarge.peakMiB, atSmall.peakMiB).toFixed(2)}x`,
        );
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
    return entries;
  },
};
