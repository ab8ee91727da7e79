#!/usr/bin/env node
/**
 * `kaleyra-emulator`: runs the emulator in the foreground until SIGINT or SIGTERM.
 *
 * The first line on stdout is always `Kaleyra emulator listening on http://HOST:PORT`, so
 * scripts can wait for it and read the port (useful with `--port 0`). Exit codes: 0 on a
 * clean stop or `--help`, 2 for bad flags or a bad seed file, 1 if it cannot listen.
 */
import { parseArgs } from "node:util";
import { DEMO_SEED } from "./demo-seed";
import type { FaultRule } from "./faults";
import { loadSeedFile, SeedFile } from "./seed";
import { startEmulator } from "./server";

const USAGE = `Usage: kaleyra-emulator [options]

A local Kaleyra WhatsApp Flow API (POST/GET /v2/<sid>/whatsapp/<flow_id>) with fault
injection and a control API under /__emulator.

Options:
  --host H               interface to listen on (default 127.0.0.1)
  --port N               port (default 4010; 0 picks a free one)
  --seed FILE            accounts and flows as JSON (default: the built-in demo seed)
  --latency MS           add MS milliseconds to every /v2 request
  --error-rate R         answer a fraction R (0..1) of /v2 requests with HTTP 500 WA-500
  --rate-limit-rate R    answer a fraction R with HTTP 429 WA-429 and Retry-After
  --retry-after S        the Retry-After of those 429s, in seconds (default 1)
  --reset-rate R         reset the connection of a fraction R, without answering
  --hang-rate R          never answer a fraction R
  --html502-rate R       answer a fraction R with an HTML 502 Bad Gateway page
  -q, --quiet            print only the first line
  -h, --help             show this help

Faults can also be changed while running: POST/DELETE /__emulator/faults.
See emulator/README.md for the seed format and the control API.`;

/** A usage error: printed as one line, exit code 2. */
class UsageError extends Error {}

interface CliOptions {
  host: string;
  port: number;
  seed: SeedFile;
  demo: boolean;
  faults: FaultRule[];
  quiet: boolean;
}

function parse(argv: string[]): CliOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: "string" },
        port: { type: "string" },
        seed: { type: "string" },
        latency: { type: "string" },
        "error-rate": { type: "string" },
        "rate-limit-rate": { type: "string" },
        "retry-after": { type: "string" },
        "reset-rate": { type: "string" },
        "hang-rate": { type: "string" },
        "html502-rate": { type: "string" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // parseArgs may explain over several lines; the contract is one line on stderr.
    throw new UsageError((error as Error).message.replace(/\s*\n\s*/g, " "));
  }
  if (values.help) return "help";

  const port = values.port === undefined ? 4010 : number("--port", values.port, { integer: true, min: 0, max: 65535 });
  const host = values.host ?? "127.0.0.1";
  if (host.trim() === "") throw new UsageError("--host must not be empty");

  const faults: FaultRule[] = [];
  if (values.latency !== undefined) faults.push({ type: "latency", latencyMs: number("--latency", values.latency, { min: 0 }) });
  const rated = [
    ["--error-rate", values["error-rate"], "error500"],
    ["--rate-limit-rate", values["rate-limit-rate"], "rateLimit"],
    ["--reset-rate", values["reset-rate"], "reset"],
    ["--hang-rate", values["hang-rate"], "hang"],
    ["--html502-rate", values["html502-rate"], "html502"],
  ] as const;
  const retryAfter = values["retry-after"] === undefined ? undefined : number("--retry-after", values["retry-after"], { min: 0 });
  if (retryAfter !== undefined && values["rate-limit-rate"] === undefined) throw new UsageError("--retry-after needs --rate-limit-rate");
  for (const [flag, raw, type] of rated) {
    if (raw === undefined) continue;
    const rate = number(flag, raw, { min: 0, max: 1 });
    if (rate === 0) continue;
    faults.push(type === "rateLimit" && retryAfter !== undefined ? { type, rate, retryAfter } : { type, rate });
  }

  // A bad seed is reported like a bad flag: one line naming the file and the entry.
  let seed: SeedFile = DEMO_SEED;
  if (values.seed !== undefined) {
    try {
      seed = loadSeedFile(values.seed);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return { host, port, seed, demo: values.seed === undefined, faults, quiet: values.quiet ?? false };
}

function number(flag: string, raw: string, limits: { integer?: boolean; min?: number; max?: number }): number {
  const value = raw.trim() === "" ? NaN : Number(raw);
  const bad =
    !Number.isFinite(value) ||
    (limits.integer && !Number.isInteger(value)) ||
    (limits.min !== undefined && value < limits.min) ||
    (limits.max !== undefined && value > limits.max);
  if (bad) {
    const range = limits.max === 1 ? "a number from 0 to 1" : limits.integer ? `a whole number from ${limits.min} to ${limits.max}` : "a number of 0 or more";
    throw new UsageError(`${flag} must be ${range}, got "${raw}"`);
  }
  return value;
}

/** Lines after the first: accounts (never a user's keys), faults, how to stop. */
function summary(url: string, options: CliOptions): string[] {
  const lines = options.seed.accounts.map((account) => {
    const count = account.flows?.length ?? 0;
    const api = account.flowApi === false ? " (Flow API disabled)" : "";
    // The demo keys are public (they exist only in this package), so printing them helps;
    // a user's seed may hold real-looking keys, which never go to the terminal.
    const key = options.demo ? `, api-key ${account.apiKey}` : "";
    return `  account ${account.sid}: ${count} flow${count === 1 ? "" : "s"}${api}${key}`;
  });
  if (options.demo) {
    const [first] = DEMO_SEED.accounts;
    const flowId = first.flows?.[0]?.id;
    lines.unshift("Demo seed (its keys are public):");
    lines.push(
      "Try:",
      `  curl -X POST ${url}/v2/${first.sid}/whatsapp/${flowId} -H 'api-key: ${first.apiKey}' --data '{"name": "Sign up v2"}'`,
    );
  } else {
    lines.unshift("Seed:");
  }
  if (options.faults.length > 0) {
    lines.push(`Faults: ${options.faults.map((f) => (f.type === "latency" ? `latency ${f.latencyMs}ms` : `${f.type} rate ${f.rate}`)).join(", ")}`);
  }
  lines.push(`Control API: ${url}/__emulator/health (also requests, stats, flows, faults, seed)`, "Press Ctrl+C to stop.");
  return lines;
}

async function main(): Promise<void> {
  let options: CliOptions | "help";
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`kaleyra-emulator: ${error.message} (see --help)\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let emulator;
  try {
    emulator = await startEmulator({ host: options.host, port: options.port, seed: options.seed, faults: options.faults, quiet: options.quiet });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? `port ${options.port} is already in use (try --port 0)` : (error as Error).message;
    process.stderr.write(`kaleyra-emulator: cannot listen on ${options.host}:${options.port}: ${reason}\n`);
    process.exit(1);
  }

  const lines = [`Kaleyra emulator listening on ${emulator.url}`, ...(options.quiet ? [] : summary(emulator.url, options))];
  process.stdout.write(`${lines.join("\n")}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(130); // a second Ctrl+C: the user does not want to wait
    }
    stopping = true;
    if (!options.quiet) process.stdout.write(`Received ${signal}, stopping.\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kaleyra-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
