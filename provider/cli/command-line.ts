import { parseArgs, type ParseArgsConfig } from "node:util";
import { quote } from "../text/quote";
import { UsageError, type CommandWithHelp } from "./usage-error";

/**
 * Command lines, read by node:util's parseArgs in strict mode. parseArgs' own messages repeat
 * what was typed, and a value or a stray argument may be an API key typed in the wrong place,
 * so a refusal is turned into the mistake and the flag (or position) it is about, and worded
 * here without the value.
 */

/** parseArgs' option table. */
export type OptionTable = NonNullable<ParseArgsConfig["options"]>;

/** What was wrong with a command line, without what was typed. */
export type CommandLineMistake =
  /** A flag the command does not have; `rawName` is the flag without any `=value`. */
  | { readonly kind: "unknown-option"; readonly rawName: string }
  /** A flag that takes a value came last, or before something starting with a dash (`dashed`). */
  | { readonly kind: "missing-value"; readonly name: string; readonly dashed: boolean }
  /** A switch given a value, as in `--force=yes`. */
  | { readonly kind: "unexpected-value"; readonly name: string }
  /** An argument that is not a flag, where the command takes none; `index` counts from 0. */
  | { readonly kind: "positional"; readonly index: number }
  /** A flag given twice (parseArgs would keep the last). */
  | { readonly kind: "repeated"; readonly name: string };

/** The outcome of {@link readCommandLine}. */
export type CommandLineRead =
  | { readonly kind: "help" }
  | {
      readonly kind: "ok";
      readonly values: Readonly<Record<string, string | boolean | undefined>>;
      readonly positionals: string[];
    }
  | { readonly kind: "mistake"; readonly mistake: CommandLineMistake };

/** How {@link readCommandLine} reads. */
export interface ReadOptions {
  /** Whether arguments that are not flags are taken (validate's files). */
  readonly allowPositionals: boolean;
  /** Whether a flag given twice is a mistake; when false the last one counts. */
  readonly refuseRepeats: boolean;
}

/** The parseArgs error codes a command line can cause, by the mistake each is. */
const REFUSALS = {
  ERR_PARSE_ARGS_UNKNOWN_OPTION: "unknown-option",
  ERR_PARSE_ARGS_INVALID_OPTION_VALUE: "value",
  ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL: "positional",
} as const;

/**
 * Reads `args` against `options` with parseArgs, strict. A `help` switch anywhere wins over
 * every other mistake, as in most tools. On a refusal, the same arguments are read again
 * leniently (the same tokens, nothing checked) to find the one parseArgs stopped at.
 */
export function readCommandLine(args: readonly string[], options: OptionTable, read: ReadOptions): CommandLineRead {
  const lenient = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true }).tokens;
  const help = lenient.some((token) => token.kind === "option" && token.name === "help" && token.value === undefined);
  if (help && has(options, "help")) return { kind: "help" };
  let parsed;
  try {
    const { allowPositionals } = read;
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const refusal = code !== undefined && has(REFUSALS, code) ? REFUSALS[code] : undefined;
    const mistake = refusal && findMistake(refusal, lenient, options);
    // Not parseArgs' message: it would show what was typed.
    if (!mistake) {
      throw new Error(`internal error: parseArgs refused the command line (${code ?? "no code"}) for no known reason`);
    }
    return { kind: "mistake", mistake };
  }
  if (read.refuseRepeats) {
    const seen = new Set<string>();
    for (const token of parsed.tokens) {
      if (token.kind !== "option") continue;
      if (seen.has(token.name)) return { kind: "mistake", mistake: { kind: "repeated", name: token.name } };
      seen.add(token.name);
    }
  }
  // No option is `multiple`, so no value is an array.
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return { kind: "ok", values, positionals: parsed.positionals };
}

type Token = ReturnType<typeof parseArgs<{ tokens: true; strict: false; allowPositionals: true }>>["tokens"][number];

type Refusal = (typeof REFUSALS)[keyof typeof REFUSALS];

/** The first token that is the kind of mistake parseArgs refused, as strict mode checks them in order. */
function findMistake(refusal: Refusal, tokens: readonly Token[], options: OptionTable): CommandLineMistake | undefined {
  for (const token of tokens) {
    if (refusal === "positional" && token.kind === "positional") return { kind: "positional", index: token.index };
    if (token.kind !== "option") continue;
    const known = has(options, token.name) ? options[token.name] : undefined;
    if (refusal === "unknown-option" && !known) return { kind: "unknown-option", rawName: token.rawName };
    if (refusal !== "value" || !known) continue;
    if (known.type === "boolean" && token.value !== undefined) return { kind: "unexpected-value", name: token.name };
    if (known.type === "string" && token.value === undefined) {
      return { kind: "missing-value", name: token.name, dashed: false };
    }
    // parseArgs takes `--out --force` as a forgotten value, not a file called --force.
    if (known.type === "string" && token.inlineValue === false && /^-./.test(token.value ?? "")) {
      return { kind: "missing-value", name: token.name, dashed: true };
    }
  }
  return undefined;
}

function has<T extends object>(table: T, key: PropertyKey): key is keyof T {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** One flag of a command. */
export type Flag =
  | { readonly type: "boolean"; readonly short?: string }
  /** `example` shows the flag with a value, e.g. `--waba 1029384756102938`, for "needs a value". */
  | { readonly type: "string"; readonly short?: string; readonly example: string };

/** A command's command line: its flags (in the order messages list them) and what it does with other arguments. */
export interface CommandLine<F extends Readonly<Record<string, Flag>>> {
  readonly flags: F;
  /** The command whose help usage errors point at; the general help when absent. */
  readonly command?: CommandWithHelp;
  /** `"allowed"` (validate's files), or why any other argument is refused, e.g. `discover takes only options`. */
  readonly positionals: "allowed" | { readonly refused: string };
}

/** The flags given: a string for a flag with a value, `true` for a switch; absent when not given. */
export type FlagValues<F extends Readonly<Record<string, Flag>>> = {
  readonly [K in keyof F]?: F[K] extends { readonly type: "string" } ? string : true;
};

/** A command line, read. */
export type ParsedCommandLine<F extends Readonly<Record<string, Flag>>> =
  | { readonly help: true }
  | { readonly help: false; readonly values: FlagValues<F>; readonly positionals: readonly string[] };

/**
 * Reads a command's arguments: every flag at most once, a value for each flag that takes one,
 * no unknown flag, no stray argument unless the command takes them. No message shows a value
 * or a stray argument.
 *
 * @throws UsageError naming the flag (or the position) at fault.
 */
export function parseCommandLine<F extends Readonly<Record<string, Flag>>>(
  args: readonly string[],
  line: CommandLine<F>,
): ParsedCommandLine<F> {
  const options: OptionTable = {};
  for (const [name, flag] of Object.entries(line.flags)) {
    options[name] = flag.short ? { type: flag.type, short: flag.short } : { type: flag.type };
  }
  const allowPositionals = line.positionals === "allowed";
  const read = readCommandLine(args, options, { allowPositionals, refuseRepeats: true });
  if (read.kind === "help") return { help: true };
  if (read.kind === "mistake") throw new UsageError(describe(read.mistake, line), line.command);
  return { help: false, values: read.values as FlagValues<F>, positionals: read.positionals };
}

function describe(mistake: CommandLineMistake, line: CommandLine<Readonly<Record<string, Flag>>>): string {
  switch (mistake.kind) {
    case "unknown-option":
      return `unknown option ${showFlag(mistake.rawName)}. The options are ${listFlags(Object.keys(line.flags))}.`;
    case "missing-value": {
      const flag = line.flags[mistake.name];
      const example = flag.type === "string" ? `, e.g. ${flag.example}` : "";
      const dashed = mistake.dashed ? ` If the value starts with a dash, write it as --${mistake.name}=VALUE.` : "";
      return `--${mistake.name} needs a value${example}.${dashed}`;
    }
    case "unexpected-value":
      return `--${mistake.name} takes no value.`;
    case "positional": {
      const why = line.positionals === "allowed" ? "" : `: ${line.positionals.refused}`;
      return `unexpected argument at position ${mistake.index + 1} (not shown: it may be a secret)${why}.`;
    }
    case "repeated":
      return `--${mistake.name} is given twice.`;
  }
}

/** `--a, --b and --c`. */
function listFlags(names: readonly string[]): string {
  const flags = names.map((name) => `--${name}`);
  return flags.length < 2 ? flags.join("") : `${flags.slice(0, -1).join(", ")} and ${flags[flags.length - 1]}`;
}

/** A flag's name as a message shows it: as is when plain, else quoted and escaped (it was typed, not ours). */
export function showFlag(name: string): string {
  return /^--?[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/.test(name) ? name : quote(name, 40);
}
