import { Document, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import { FLOWS_FILE_VERSION } from "../gitops/flows-file";
import { UPDATE_POLICY } from "../rules/flow-status";
import type { Region } from "../rules/account";
import { KaleyraError } from "../errors/kaleyra-error";
import { escapeControls, quote } from "../text/quote";
import type { FlowsPlan, LeftOutFlow, PlannedFlow } from "./plan";

/**
 * A {@link FlowsPlan} as the text of a flows file (format version 1, schema/flows.schema.json):
 * a header saying what wrote it and what to do next, `defaults` with the account, the flows
 * sorted by resource name with each one's status in a comment, and comments naming every
 * flow and field left out and why.
 *
 * Names come from a remote response, so nothing here is pasted into YAML by hand: values go
 * through the `yaml` package, which quotes whatever needs it, and every comment is built
 * from one-line pieces with text from Kaleyra quoted and escaped (provider/text/quote.ts);
 * as a last guard every comment line is escaped again, so no comment can end early and let
 * a name become YAML.
 */

/** What the header says about where the flows came from. */
export interface RenderContext {
  /** The WhatsApp Business Account listed. */
  readonly wabaId: string;
  /** The account SID: written into `defaults`. */
  readonly sid: string;
  /** The region, only when it was given explicitly: then written into `defaults` too. */
  readonly region?: Region;
  /**
   * Where the API domain came from (`--api-domain` or `KALEYRA_API_DOMAIN`), when one was
   * used. The domain itself is never written (for the emulator it is a local port); the
   * header says the stack needs the same setting.
   */
  readonly apiDomainSource?: string;
  /** The file the text is for, as the user named it; `flows.yaml` in the hints when absent. */
  readonly fileName?: string;
  /** What wrote it, e.g. `pulumi-kaleyra-flows 0.1.0`. */
  readonly generator: string;
}

/** Where editors find the schema when the package is installed in the project. */
export const SCHEMA_COMMENT =
  "yaml-language-server: $schema=./node_modules/pulumi-kaleyra-flows/schema/flows.schema.json";

/**
 * Renders the file. The output is stable: the same flows give the same bytes (no date, no
 * port), so running discover again shows in `git diff` exactly what changed on Kaleyra.
 *
 * @throws KaleyraError when the plan declares no flow: a flows file needs at least one.
 */
export function renderFlowsFile(plan: FlowsPlan, context: RenderContext): string {
  if (plan.flows.length === 0) {
    throw new KaleyraError("there is no flow to write: a flows file needs at least one.", {
      wabaId: context.wabaId,
      sid: context.sid,
      hint: "Check the WABA id; flows that cannot be managed are listed by the discover command.",
    });
  }
  // Strings are quoted as a YAML 1.1 reader needs them (yes, on, 1:20, 2001-12-14 ... are
  // not text there), which a 1.2 reader reads the same: the file means one thing to every
  // tool, editors and linters included. No %YAML directive is written.
  const doc = new Document(null, { version: "1.1" });
  const root = new YAMLMap();
  root.items.push(new Pair(new Scalar("version"), new Scalar(FLOWS_FILE_VERSION)));

  const defaults = new YAMLMap();
  defaults.items.push(new Pair(new Scalar("sid"), new Scalar(context.sid)));
  if (context.region) defaults.items.push(new Pair(new Scalar("region"), new Scalar(context.region)));
  // The WABA, for the Flow entries (a FlowMetadata has none): only when there is one.
  if (plan.flows.some((flow) => flow.whole))
    defaults.items.push(new Pair(new Scalar("wabaId"), quoted(context.wabaId)));
  root.items.push(new Pair(new Scalar("defaults"), defaults));

  const flows = new YAMLMap();
  plan.flows.forEach((flow, index) => flows.items.push(flowPair(flow, index > 0)));
  root.items.push(new Pair(new Scalar("flows"), flows));

  doc.contents = root;
  doc.commentBefore = commentLines(header(plan, context));
  if (plan.leftOut.length > 0) doc.comment = commentLines(leftOutLines(plan.leftOut));
  // lineWidth 0: never fold a long name or URL onto a second line.
  return doc.toString({ lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: 2 });
}

function flowPair(flow: PlannedFlow, spaced: boolean): Pair {
  const body = new YAMLMap();
  const id = quoted(flow.flowId);
  id.comment = ` ${statusNote(flow)}`;
  body.items.push(new Pair(new Scalar("flowId"), id));
  if (flow.values.name !== undefined) body.items.push(new Pair(new Scalar("name"), new Scalar(flow.values.name)));
  if (flow.values.categories !== undefined) {
    const list = new YAMLSeq();
    list.flow = true;
    for (const category of flow.values.categories) list.items.push(new Scalar(category));
    body.items.push(new Pair(new Scalar("categories"), list));
  }
  if (flow.values.endpointUri !== undefined)
    body.items.push(new Pair(new Scalar("endpointUri"), new Scalar(flow.values.endpointUri)));
  if (flow.whole) {
    body.items.push(new Pair(new Scalar("flowJson"), new Scalar(flow.whole.flowJson)));
    if (flow.whole.publish) body.items.push(new Pair(new Scalar("publish"), new Scalar(true)));
  }

  const key = new Scalar(flow.resourceName);
  key.spaceBefore = spaced;
  const notes = flow.unmanaged.map((u) => `not managed: ${u.reason}`);
  if (flow.metadataOnly) notes.push(`metadata only: ${flow.metadataOnly}`);
  if (notes.length > 0) key.commentBefore = commentLines(notes);
  return new Pair(key, body);
}

/** An id or other string that must stay a string: always quoted, whatever a YAML reader makes of digits. */
function quoted(text: string): Scalar {
  const scalar = new Scalar(text);
  scalar.type = Scalar.QUOTE_DOUBLE;
  return scalar;
}

/** The status comment next to a flow id, with what the status means for `pulumi up`. */
function statusNote(flow: PlannedFlow): string {
  if (UPDATE_POLICY[flow.status] !== "opt-in") return flow.status;
  const kept = flow.whole?.publish ? "publish: true keeps it published; " : "";
  return `${flow.status}: ${kept}changing it needs allowPublishedUpdate: true (it may go back to DRAFT)`;
}

function header(plan: FlowsPlan, context: RenderContext): string[] {
  const file = escapeControls(context.fileName ?? "flows.yaml");
  const region = context.region ? `, region ${context.region}` : "";
  const leftOut = plan.leftOut.length > 0 ? `, ${plan.leftOut.length} left out (listed at the end)` : "";
  const counts = `${plan.flows.length} flow${plan.flows.length === 1 ? "" : "s"}${leftOut}`;
  const lines = [
    `Flows of WhatsApp Business Account ${context.wabaId} in Kaleyra account ${context.sid}${region}: ${counts}.`,
    `Written by \`pulumi-kaleyra-flows discover\` (${context.generator}). Each field is written as Kaleyra holds it,`,
    "so applying this file changes nothing on Kaleyra until you edit it; a field left out is not managed.",
  ];
  const whole = plan.flows.filter((flow) => flow.whole).length;
  if (whole > 0) {
    lines.push(
      `${whole} of them ${whole === 1 ? "is a whole Flow" : "are whole Flows"} (flowJson): the Flow JSON as Kaleyra ` +
        `holds it, in the file named; edit that file to change the flow. The others are metadata only.`,
    );
  }
  if (context.apiDomainSource) {
    lines.push(
      `Read through the API domain given by ${context.apiDomainSource}, which is not written here: give the stack ` +
        `the same kaleyra:apiDomain or KALEYRA_API_DOMAIN.`,
    );
  }
  lines.push(
    "Next:",
    `  1. npx pulumi-kaleyra-flows validate ${file}   (checks it offline)`,
    `  2. kaleyra.declareFlows("${file}") in the stack's program`,
    "  3. pulumi preview   (each flow shows as a create: adopting a flow sends nothing)",
    "  4. pulumi up        (adopts the flows; the next preview shows no changes)",
    "",
    SCHEMA_COMMENT,
  );
  return lines;
}

/** The lines naming each left-out flow and why (comment text; also printed when nothing is written). */
export function leftOutLines(leftOut: readonly LeftOutFlow[]): string[] {
  const lines = [`Left out (${leftOut.length}): these flows cannot be managed as Kaleyra holds them.`];
  for (const flow of leftOut) {
    const name = flow.name === undefined ? "(no name)" : quote(flow.name);
    lines.push(`- flow ${flow.flowId} ${name} (${flow.status}): ${flow.reason}`);
    for (const field of flow.unmanaged) lines.push(`    ${field.reason}`);
  }
  return lines;
}

/**
 * Comment text for the `yaml` package: one line per entry, each made safe on its own. Each
 * entry is already built from escaped pieces; escaping it again turns any line break,
 * separator or control that got through into `\u{...}`, so one entry is one comment line.
 */
function commentLines(lines: readonly string[]): string {
  return lines.map((line) => (line === "" ? "" : ` ${escapeControls(line)}`)).join("\n");
}
