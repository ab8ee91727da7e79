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
import { validatePagingNextOrigin } from "./flow-list";
import { RequestLogLimits, validateLogLimits } from "./request-log";
import { loadSeedFile, SeedAccount, SeedFile } from "./seed";
import { startEmulator } from "./server";
import {
  CREATE_SHAPES,
  DETAILS_SHAPES,
  ERROR_SHAPES,
  LIST_SHAPES,
  MAX_PAGE_SIZE,
  PUBLISHED_UPDATE_MODES,
  VALIDATION_STYLES,
} from "./vocabulary";

const USAGE = `Usage: kaleyra-emulator [options]

A local Kaleyra WhatsApp Flow API (GET/POST/DELETE /v2/<sid>/whatsapp/<flow_id>,
GET/POST .../<flow_id>/assets, POST .../<flow_id>/publish and .../deprecate,
GET/POST /v2/<sid>/whatsapp/<waba_id>/flows) with fault injection and a control API
under /__emulator.

Options:
  --host H               interface to listen on (default 127.0.0.1)
  --port N               port (default 4010; 0 picks a free one)
  --seed FILE            accounts and flows as JSON (default: the built-in demo seed)
  --published-update M   for every account: refuse | revert-to-draft, what updating
                         a PUBLISHED or THROTTLED flow does (a flow's own setting wins)
  --page-size N          for every account: flows per list page without limit (1..100)
  --list-shape S         for every account: bare | envelope | envelope-flat
  --details-shape S      for every account: envelope | bare
  --error-shape S        for every account: kaleyra | meta (Meta's errors on lifecycle routes)
  --create-shape S       for every account: full | idOnly (what Create Flow answers)
  --validation-style S   for every account: full | messageOnly (validation errors)
  --paging-next-origin U origin of paging.next URLs (default https://graph.facebook.com)
  --log-max-entries N    request log: most entries kept (default 10000)
  --log-max-bytes N      request log: most bytes kept (default 16777216)
  --log-max-body-bytes N request log: most bytes of one body kept (default 65536)
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

/** A usage error: one line (a bad seed file: one line per problem), exit code 2. */
class UsageError extends Error {}

/** The account settings flags can set. */
type CliSettings = {
  -readonly [
    K in
      "publishedUpdate" | "pageSize" | "listShape" | "detailsShape" | "errorShape" | "createShape" | "validationStyle"
  ]?: SeedAccount[K];
};

interface CliOptions {
  host: string;
  port: number;
  seed: SeedFile;
  demo: boolean;
  faults: FaultRule[];
  quiet: boolean;
  /** Settings given by flags, applied to every account of the seed. */
  settings: CliSettings;
  requestLog: RequestLogLimits;
  pagingNextOrigin?: string;
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
        "published-update": { type: "string" },
        "page-size": { type: "string" },
        "list-shape": { type: "string" },
        "details-shape": { type: "string" },
        "error-shape": { type: "string" },
        "create-shape": { type: "string" },
        "validation-style": { type: "string" },
        "paging-next-origin": { type: "string" },
        "log-max-entries": { type: "string" },
        "log-max-bytes": { type: "string" },
        "log-max-body-bytes": { type: "string" },
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
  if (values.latency !== undefined)
    faults.push({ type: "latency", latencyMs: number("--latency", values.latency, { min: 0 }) });
  const rated = [
    ["--error-rate", values["error-rate"], "error500"],
    ["--rate-limit-rate", values["rate-limit-rate"], "rateLimit"],
    ["--reset-rate", values["reset-rate"], "reset"],
    ["--hang-rate", values["hang-rate"], "hang"],
    ["--html502-rate", values["html502-rate"], "html502"],
  ] as const;
  const retryAfter =
    values["retry-after"] === undefined ? undefined : number("--retry-after", values["retry-after"], { min: 0 });
  if (retryAfter !== undefined && values["rate-limit-rate"] === undefined)
    throw new UsageError("--retry-after needs --rate-limit-rate");
  for (const [flag, raw, type] of rated) {
    if (raw === undefined) continue;
    const rate = number(flag, raw, { min: 0, max: 1 });
    if (rate === 0) continue;
    faults.push(type === "rateLimit" && retryAfter !== undefined ? { type, rate, retryAfter } : { type, rate });
  }

  const settings: CliSettings = {};
  if (values["published-update"] !== undefined)
    settings.publishedUpdate = oneOf("--published-update", values["published-update"], PUBLISHED_UPDATE_MODES);
  if (values["page-size"] !== undefined)
    settings.pageSize = number("--page-size", values["page-size"], { integer: true, min: 1, max: MAX_PAGE_SIZE });
  if (values["list-shape"] !== undefined) settings.listShape = oneOf("--list-shape", values["list-shape"], LIST_SHAPES);
  if (values["details-shape"] !== undefined)
    settings.detailsShape = oneOf("--details-shape", values["details-shape"], DETAILS_SHAPES);
  if (values["error-shape"] !== undefined)
    settings.errorShape = oneOf("--error-shape", values["error-shape"], ERROR_SHAPES);
  if (values["create-shape"] !== undefined)
    settings.createShape = oneOf("--create-shape", values["create-shape"], CREATE_SHAPES);
  if (values["validation-style"] !== undefined)
    settings.validationStyle = oneOf("--validation-style", values["validation-style"], VALIDATION_STYLES);

  const limits: Record<string, number> = {};
  const logFlags = [
    ["--log-max-entries", values["log-max-entries"], "maxEntries"],
    ["--log-max-bytes", values["log-max-bytes"], "maxBytes"],
    ["--log-max-body-bytes", values["log-max-body-bytes"], "maxBodyBytes"],
  ] as const;
  for (const [flag, raw, key] of logFlags) {
    if (raw !== undefined) limits[key] = number(flag, raw, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
  }
  const requestLog = fromOptionError(() => validateLogLimits(limits, "--log-max-*"));
  const origin = values["paging-next-origin"];
  const pagingNextOrigin =
    origin === undefined ? undefined : fromOptionError(() => validatePagingNextOrigin(origin, "--paging-next-origin"));

  // A bad seed is reported like a bad flag: a line naming the file and the entry, per problem.
  let seed: SeedFile = DEMO_SEED;
  if (values.seed !== undefined) seed = fromOptionError(() => loadSeedFile(values.seed as string));
  // The flags win over the seed, for every account (a flow's own publishedUpdate still wins).
  if (Object.keys(settings).length > 0)
    seed = { accounts: seed.accounts.map((account) => ({ ...account, ...settings })) };
  return {
    host,
    port,
    seed,
    demo: values.seed === undefined,
    faults,
    quiet: values.quiet ?? false,
    settings,
    requestLog,
    pagingNextOrigin,
  };
}

/** Runs a validation, turning its error into a one-line usage error. */
function fromOptionError<T>(validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw))
    throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${raw}"`);
  return raw as T;
}

function number(flag: string, raw: string, limits: { integer?: boolean; min?: number; max?: number }): number {
  const value = raw.trim() === "" ? NaN : Number(raw);
  const bad =
    !Number.isFinite(value) ||
    (limits.integer && !Number.isInteger(value)) ||
    (limits.min !== undefined && value < limits.min) ||
    (limits.max !== undefined && value > limits.max);
  if (bad) {
    const range =
      limits.max === 1
        ? "a number from 0 to 1"
        : limits.integer && limits.max === Number.MAX_SAFE_INTEGER
          ? `a whole number of at least ${limits.min}`
          : limits.integer
            ? `a whole number from ${limits.min} to ${limits.max}`
            : "a number of 0 or more";
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
      `  curl -X POST ${url}/v2/${first.sid}/whatsapp/${flowId} -H 'api-key: ${first.apiKey}' --data '{"name": ` +
        `"Sign up v2"}'`,
    );
  } else {
    lines.unshift("Seed:");
  }
  const settings = Object.entries(options.settings).map(([key, value]) => `${key} ${value}`);
  if (settings.length > 0) lines.push(`Every account: ${settings.join(", ")}`);
  if (options.faults.length > 0) {
    const faults = options.faults.map((f) =>
      f.type === "latency" ? `latency ${f.latencyMs}ms` : `${f.type} rate ${f.rate}`,
    );
    lines.push(`Faults: ${faults.join(", ")}`);
  }
  lines.push(
    `Control API: ${url}/__emulator/health (also requests, stats, flows, accounts, faults, seed)`,
    "Press Ctrl+C to stop.",
  );
  return lines;
}

async function main(): Promise<void> {
  let options: CliOptions | "help";
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    // Each problem of a bad seed is a line of its own, named like any other error line.
    const lines = error.message.split("\n").map((line) => `kaleyra-emulator: ${line}`);
    process.stderr.write(`${lines.join("\n")} (see --help)\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  let emulator;
  try {
    emulator = await startEmulator({
      host: options.host,
      port: options.port,
      seed: options.seed,
      faults: options.faults,
      quiet: options.quiet,
      requestLog: options.requestLog,
      pagingNextOrigin: options.pagingNextOrigin,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EADDRINUSE" ? `port ${options.port} is already in use (try --port 0)` : (error as Error).message;
    process.stderr.write(`kaleyra-emulator: cannot listen on ${options.host}:${options.port}: ${reason}\n`);
    process.exit(1);
  }

  const lines = [
    `Kaleyra emulator listening on ${emulator.url}`,
    ...(options.quiet ? [] : summary(emulator.url, options)),
  ];
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
