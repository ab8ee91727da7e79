/**
 * The Flow JSON of the F scenarios: one valid, distinct Flow JSON of about 20 KB per Flow,
 * made from the sign-up fixture (tests/fixtures/flow-json/sign-up.json), as a user keeps it
 * in a file: two-space indented, a newline at the end.
 *
 * Whole copies of the fixture's screens, each copy's screen ids suffixed (`_A`, `_B`...: ids
 * take letters and underscores only), so every navigation stays inside its copy; then lines
 * that name the flow and its revision added to the first RichText until the file reaches
 * {@link FLOW_JSON_BYTES}. So each flow's JSON differs from every other's, and a new revision
 * of one flow changes that flow's JSON alone, by a few bytes, at the same size.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../tests/support/paths";

/** Flows in the F stacks of the full run: the 200 the issue names. `--flows N` below 200 takes N. */
export const FLOW_RESOURCES = 200;

/** The size each generated file reaches, in bytes of the pretty-printed file: about 20 KB. */
export const FLOW_JSON_BYTES = 20 * 1024;

/** The Flows of an F stack when the run's N is `flows`. */
export function flowResourceCount(flows: number): number {
  return Math.min(flows, FLOW_RESOURCES);
}

interface Screen {
  readonly id: string;
  readonly layout?: { readonly children?: unknown[] };
  readonly [field: string]: unknown;
}

let fixture: { readonly version: string; readonly screens: readonly Screen[] } | undefined;

function signUp(): NonNullable<typeof fixture> {
  fixture ??= JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests/fixtures/flow-json/sign-up.json"), "utf8"));
  return fixture!;
}

/** The fixture's screens with every id (and every reference to one) suffixed `_<letter>`. */
function screensCopy(copy: number): Screen[] {
  const { screens } = signUp();
  let text = JSON.stringify(screens);
  // Screen ids are matched as whole JSON strings: the ids and `next.name` references.
  for (const { id } of screens) text = text.split(`"${id}"`).join(`"${id}_${String.fromCharCode(65 + copy)}"`);
  return JSON.parse(text) as Screen[];
}

/** The first RichText component of `screens`, whose lines are the padding. */
function firstRichText(screens: readonly Screen[]): { type: string; text: string | string[] } {
  for (const screen of screens) {
    for (const child of screen.layout?.children ?? []) {
      const component = child as { type?: unknown; text?: unknown };
      if (component.type === "RichText") return component as { type: string; text: string | string[] };
    }
  }
  throw new Error("the sign-up fixture has no RichText component to pad: the generator needs one");
}

const pretty = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The Flow JSON file of flow `index` (0-based) at `revision`: valid, distinct from every other
 * flow's, about {@link FLOW_JSON_BYTES} bytes.
 */
export function flowJsonText(index: number, revision = 0): string {
  const { version } = signUp();
  // As many whole copies as fit (at least one); the lines below make up the rest.
  let screens = screensCopy(0);
  for (let copy = 1; ; copy++) {
    const more = [...screens, ...screensCopy(copy)];
    if (Buffer.byteLength(pretty({ version, screens: more })) > FLOW_JSON_BYTES) break;
    screens = more;
  }
  const rich = firstRichText(screens);
  const lines = typeof rich.text === "string" ? [rich.text] : [...rich.text];
  rich.text = lines;
  const flow = { version, screens };
  for (let clause = 1; Buffer.byteLength(pretty(flow)) < FLOW_JSON_BYTES; clause++) {
    lines.push(`- Bench flow ${index + 1}, revision ${revision}: clause ${clause} of the programme terms`);
  }
  return pretty(flow);
}

/** The file name of flow `index`'s JSON, relative to the program's folder. */
export function flowJsonFileName(index: number): string {
  return `flows/flow-${index + 1}.json`;
}
