/** The command line of `npm run bench -- [options]`. */
import * as path from "node:path";
import { readCommandLine, type CommandLineMistake } from "../dist/provider/cli/command-line";
import { REPO_ROOT } from "../tests/support/paths";

/** What the bench was asked to do. */
export interface BenchOptions {
  /** Flows per stack (N). */
  readonly flows: number;
  /** Measurements per figure; the median is reported. */
  readonly repeats: number;
  /**
   * The JSON results file. Default: bench/results.json (committed, what bench/RESULTS.md
   * reports) for the full run only; any other form writes .tmp/bench/results.json, so a
   * partial or small run never overwrites the committed figures by accident.
   */
  readonly out: string;
  /** Latency the emulator adds to each request in P3, in ms. */
  readonly latencyMs: number;
  /** Only these scenarios (P1, P2, P3, P4, P5, MEM, V1, F1, F2, F3, F4, N1, N2, N3, N4); all when empty. */
  readonly only: readonly string[];
}

export const USAGE = `usage: npm run bench -- [--flows N] [--repeats R] [--out FILE] [--latency MS] [--only P1,P2,P3,P4,P5,MEM,V1,F1,F2,F3,F4,N1,N2,N3,N4]

  --flows N      FlowMetadata resources per stack (default 500, the N scenarios' too); the F scenarios' Flows: min(N, 200)
  --repeats R    measurements per figure, median reported (default 3)
  --out FILE     JSON results (default: bench/results.json for the full run, the committed
                 figures; .tmp/bench/results.json for any other form)
  --latency MS   latency the emulator adds per request in P3 and P5 (default 100)
  --only LIST    run only these scenarios (default: all)
  -h, --help     show this usage`;

/** The full run's parameters: the form whose results are committed. */
export const FULL_RUN = { flows: 500, repeats: 3, latencyMs: 100 } as const;

/** Where the full run writes: the committed results. */
export const COMMITTED_RESULTS = path.join(REPO_ROOT, "bench/results.json");

/** The bench's flags, for node:util's parseArgs. */
const FLAGS = {
  flows: { type: "string" },
  repeats: { type: "string" },
  out: { type: "string" },
  latency: { type: "string" },
  only: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses `argv` (without node and the script) with parseArgs, strict, through the package's
 * own reader (which names the flag at fault); "help" for --help. Throws with the usage on a
 * bad option. A flag given twice counts the last time.
 */
export function parseArgs(argv: readonly string[]): BenchOptions | "help" {
  const read = readCommandLine(argv, FLAGS, { allowPositionals: false, refuseRepeats: false });
  if (read.kind === "help") return "help";
  if (read.kind === "mistake") throw new Error(`${mistakeMessage(read.mistake, argv)}\n${USAGE}`);
  const values = read.values as { readonly [K in keyof typeof FLAGS]?: string };
  const whole = (flag: string, raw: string | undefined, min: number, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`${flag} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}\n${USAGE}`);
    return n;
  };
  const flows = whole("--flows", values.flows, 1, FULL_RUN.flows);
  const repeats = whole("--repeats", values.repeats, 1, FULL_RUN.repeats);
  const latencyMs = whole("--latency", values.latency, 0, FULL_RUN.latencyMs);
  const only = (values.only ?? "")
    .split(",")
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  let out = values.out === undefined ? "" : path.resolve(values.out);
  if (!out) {
    const full =
      only.length === 0 && flows === FULL_RUN.flows && repeats === FULL_RUN.repeats && latencyMs === FULL_RUN.latencyMs;
    out = full ? COMMITTED_RESULTS : path.join(REPO_ROOT, ".tmp/bench/results.json");
  }
  return { flows, repeats, out, latencyMs, only };
}

/** The bench's wording of a command-line mistake; a bench run holds no secret, so it shows what was typed. */
function mistakeMessage(mistake: CommandLineMistake, argv: readonly string[]): string {
  switch (mistake.kind) {
    case "unknown-option":
      return `unknown option ${JSON.stringify(mistake.rawName)}`;
    case "positional":
      return `unknown option ${JSON.stringify(argv[mistake.index])}`;
    case "missing-value":
      return `--${mistake.name} needs a value`;
    case "unexpected-value":
      return `--${mistake.name} takes no value`;
    case "repeated":
      return `--${mistake.name} is given twice`;
  }
}

/** Whether scenario `id` is selected. */
export function selected(options: BenchOptions, id: string): boolean {
  return options.only.length === 0 || options.only.includes(id);
}
