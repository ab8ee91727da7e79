/** The command line of `npm run bench -- [options]`. */
import * as path from "node:path";
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
  /** Only these scenarios (P1, P2, P3, P4, P5, MEM, V1); all when empty. */
  readonly only: readonly string[];
}

export const USAGE = `usage: npm run bench -- [--flows N] [--repeats R] [--out FILE] [--latency MS] [--only P1,P2,P3,P4,P5,MEM,V1]

  --flows N      FlowMetadata resources per stack (default 500)
  --repeats R    measurements per figure, median reported (default 3)
  --out FILE     JSON results (default: bench/results.json for the full run, the committed
                 figures; .tmp/bench/results.json for any other form)
  --latency MS   latency the emulator adds per request in P3 and P5 (default 100)
  --only LIST    run only these scenarios (default: all)`;

/** The full run's parameters: the form whose results are committed. */
export const FULL_RUN = { flows: 500, repeats: 3, latencyMs: 100 } as const;

/** Where the full run writes: the committed results. */
export const COMMITTED_RESULTS = path.join(REPO_ROOT, "bench/results.json");

/** Parses `argv` (without node and the script). Throws with the usage on a bad option. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = { ...FULL_RUN, out: "", only: [] };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return next;
    };
    const whole = (min: number): number => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} must be a whole number of at least ${min}, got ${JSON.stringify(raw)}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case "--flows":
        options.flows = whole(1);
        break;
      case "--repeats":
        options.repeats = whole(1);
        break;
      case "--out":
        options.out = path.resolve(value());
        break;
      case "--latency":
        options.latencyMs = whole(0);
        break;
      case "--only":
        options.only = value().split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
        break;
      case "--help":
      case "-h":
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${JSON.stringify(flag)}\n${USAGE}`);
    }
  }
  if (!options.out) {
    const full = options.only.length === 0 && options.flows === FULL_RUN.flows && options.repeats === FULL_RUN.repeats && options.latencyMs === FULL_RUN.latencyMs;
    options.out = full ? COMMITTED_RESULTS : path.join(REPO_ROOT, ".tmp/bench/results.json");
  }
  return options;
}

/** Whether scenario `id` is selected. */
export function selected(options: BenchOptions, id: string): boolean {
  return options.only.length === 0 || options.only.includes(id);
}
