/** The command line of `npm run bench -- [options]`. */
import * as path from "node:path";
import { REPO_ROOT } from "../tests/support/paths";

/** What the bench was asked to do. */
export interface BenchOptions {
  /** Flows per stack (N). */
  readonly flows: number;
  /** Measurements per figure; the median is reported. */
  readonly repeats: number;
  /** The JSON results file. */
  readonly out: string;
  /** Latency the emulator adds to each request in P3, in ms. */
  readonly latencyMs: number;
  /** Only these scenarios (P1, P2, P3, P4, MEM); all when empty. */
  readonly only: readonly string[];
}

export const USAGE = `usage: npm run bench -- [--flows N] [--repeats R] [--out FILE] [--latency MS] [--only P1,P2,P3,P4,MEM]

  --flows N      FlowMetadata resources per stack (default 500)
  --repeats R    measurements per figure, median reported (default 3)
  --out FILE     JSON results (default bench/results.json)
  --latency MS   latency the emulator adds per request in P3 (default 100)
  --only LIST    run only these scenarios (default: all)`;

/** Parses `argv` (without node and the script). Throws with the usage on a bad option. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options = { flows: 500, repeats: 3, out: path.join(REPO_ROOT, "bench/results.json"), latencyMs: 100, only: [] as string[] };
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
  return options;
}

/** Whether scenario `id` is selected. */
export function selected(options: BenchOptions, id: string): boolean {
  return options.only.length === 0 || options.only.includes(id);
}
