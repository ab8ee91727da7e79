import type { FlowValidationError } from "../client/responses/validation-errors";
import { escapeUnsafe, quote } from "../text/quote";
import { KaleyraError, KaleyraErrorFacts } from "./kaleyra-error";

/** The most validation errors a message spells out; the `validationErrors` field has them all. */
const MAX_LISTED = 20;

/**
 * Kaleyra (Meta) stored the flow's JSON but found errors in it. The flow stays a DRAFT holding
 * that JSON and is not published; the next `pulumi up` with the JSON fixed uploads it again.
 */
export class FlowValidationFailedError extends KaleyraError {
  /** Every error Meta gave, as it gave it (redacted). */
  readonly validationErrors!: readonly FlowValidationError[];

  constructor(
    facts: KaleyraErrorFacts & {
      readonly validationErrors: readonly FlowValidationError[];
      /** The Flow JSON's file, when the program named one. */
      readonly file?: string;
      /** The flow's name, for the message. */
      readonly flowName?: string;
    },
  ) {
    const { validationErrors, file, flowName } = facts;
    const hint =
      "The flow is a DRAFT holding this JSON and was not published. Fix the JSON (lines and columns are of the " +
      "JSON as uploaded: two-space indented) and run `pulumi up` again; `pulumi-kaleyra-flows validate` checks " +
      "what it can before anything is sent.";
    const listed = validationErrors.slice(0, MAX_LISTED).map((error) => `  - ${describe(error, file)}`);
    if (validationErrors.length > MAX_LISTED) listed.push(`  - and ${validationErrors.length - MAX_LISTED} more`);
    const name = flowName === undefined ? "" : ` (${quote(flowName)})`;
    const account = facts.sid ? `, account ${facts.sid}` : "";
    const count = validationErrors.length === 1 ? "1 validation error" : `${validationErrors.length} validation errors`;
    const message = `Kaleyra flow ${facts.flowId ?? "?"}${name}${account}: Meta found ${count} in the Flow JSON:\n${listed.join("\n")}\n${hint}`;
    super(message, { ...facts, hint });
    this.validationErrors = validationErrors.map((error) => ({ ...error }));
  }
}

function describe(error: FlowValidationError, file: string | undefined): string {
  const where = [
    file,
    error.line !== undefined
      ? `line ${error.line}${error.column !== undefined ? `, column ${error.column}` : ""}`
      : undefined,
    error.pointer !== undefined ? `at ${escapeUnsafe(error.pointer).slice(0, 200)}` : undefined,
  ].filter(Boolean);
  const words = quote(error.message, 300);
  return where.length > 0 ? `${where.join(" ")}: ${words}` : words;
}
