/**
 * Flow JSON validation as Meta reports it: every problem of an uploaded text as a
 * validation error with its place in that text. The emulator's own model: it shares no
 * rule with the provider, so the two can disagree, and a test can see which one is wrong.
 */
import type { ValidationStyle } from "../vocabulary";
import { parseJson } from "./parse";
import { Positions, TextRange } from "./positions";
import { checkRules } from "./rules";

/** One place a validation error points at. */
export interface ValidationPointer extends TextRange {
  /** The value's path, e.g. `screens[0].layout.children[0].type` (`""` for the whole document). */
  readonly path: string;
}

/** A validation error in Meta's full shape. */
export interface ValidationError extends TextRange {
  /** e.g. `INVALID_JSON`, `INVALID_VERSION`, `DUPLICATE_SCREEN_ID`. */
  readonly error: string;
  /** `JSON_SCHEMA_ERROR` (structure) or `FLOW_JSON_ERROR` (syntax and meaning). */
  readonly error_type: string;
  readonly message: string;
  /** The error's own place first; empty for a syntax error. */
  readonly pointers: readonly ValidationPointer[];
}

/** A validation error in Meta's shorter shape: the path is in the message. */
export interface ShortValidationError {
  readonly error: string;
  readonly error_type: string;
  readonly message: string;
}

/** What validating one Flow JSON text found. */
export interface FlowJsonReport {
  /** In the full shape; {@link styleErrors} gives the short one. */
  readonly errors: readonly ValidationError[];
  /** The text's `version`, when it is a string (publishable or not): Get Flow Details' `json_version`. */
  readonly jsonVersion?: string;
  /** The text's `data_api_version`, when it is a string. */
  readonly dataApiVersion?: string;
}

/** Validates a Flow JSON text. Never throws. */
export function checkFlowJson(text: string): FlowJsonReport {
  const positions = new Positions(text);
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const range = positions.range({ start: parsed.offset, end: parsed.offset + 1 });
    const message = `Invalid JSON: ${parsed.message} (line ${range.line_start}, column ${range.column_start}).`;
    return { errors: [{ error: "INVALID_JSON", error_type: "FLOW_JSON_ERROR", message, ...range, pointers: [] }] };
  }
  const report = checkRules(parsed.root);
  const errors = report.problems.map((problem): ValidationError => {
    const places = [{ span: problem.span, path: problem.path }, ...(problem.related ?? [])];
    return {
      error: problem.error,
      error_type: problem.errorType,
      message: problem.message,
      ...positions.range(problem.span),
      pointers: places.map((place) => ({ ...positions.range(place.span), path: place.path })),
    };
  });
  return {
    errors,
    ...(report.version !== undefined ? { jsonVersion: report.version } : {}),
    ...(report.dataApiVersion !== undefined ? { dataApiVersion: report.dataApiVersion } : {}),
  };
}

/** Errors as a flow's {@link ValidationStyle} writes them: `messageOnly` moves the path into the message. */
export function styleErrors(
  errors: readonly ValidationError[],
  style: ValidationStyle,
): (ValidationError | ShortValidationError)[] {
  if (style === "full") return errors.map((e) => ({ ...e, pointers: e.pointers.map((p) => ({ ...p })) }));
  return errors.map(({ error, error_type, message, pointers }) => {
    const path = pointers[0]?.path;
    return { error, error_type, message: path ? `${message} (at ${path})` : message };
  });
}
