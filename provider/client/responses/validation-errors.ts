import { isRecord } from "../../rules/checked";
import { UnrecognisedResponse } from "./body";

/**
 * One of Meta's validation errors of a Flow JSON, in this package's names. Only `message` is
 * certain: Meta's samples give `line_start`/`column_start` and `pointers[].path` in some
 * answers and put the path inside the message in others.
 */
export interface FlowValidationError {
  /** What is wrong, in Meta's words (redacted). */
  readonly message: string;
  /** Meta's error name, e.g. `INVALID_PROPERTY_VALUE`, when given. */
  readonly error?: string;
  /** First line (1-based) of the problem in the uploaded Flow JSON, when given. */
  readonly line?: number;
  /** First column (1-based) on that line, when given. */
  readonly column?: number;
  /** JSON pointer of the value at fault (Meta's `pointers[0].path`), when given. */
  readonly pointer?: string;
}

/**
 * Reads Meta's `validation_errors` list: `[{error, error_type, message, line_start, line_end,
 * column_start, column_end, pointers: [{path, ...}]}]`. Absent (or null) is no errors. An item
 * without a string `message`, or a field of the wrong type, makes the whole answer
 * unrecognised: half-read errors would let a broken flow pass for a clean one.
 */
export function parseValidationErrors(value: unknown): FlowValidationError[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new UnrecognisedResponse("validation_errors is not a list");
  return value.map((item, index) => parseOne(item, index));
}

function parseOne(item: unknown, index: number): FlowValidationError {
  const where = `validation_errors[${index}]`;
  if (!isRecord(item) || typeof item.message !== "string") {
    throw new UnrecognisedResponse(`${where} has no message`);
  }
  const position = (key: string): number | undefined => {
    const n = item[key];
    if (n === undefined || n === null) return undefined;
    if (!Number.isSafeInteger(n) || (n as number) < 0)
      throw new UnrecognisedResponse(`${where}.${key} is not a line or column number`);
    return n as number;
  };
  const line = position("line_start");
  const column = position("column_start");
  const pointer = pointerOf(item.pointers, where);
  return {
    message: item.message,
    ...(typeof item.error === "string" ? { error: item.error } : {}),
    ...(line !== undefined && line > 0 ? { line } : {}),
    ...(column !== undefined && column > 0 ? { column } : {}),
    ...(pointer !== undefined ? { pointer } : {}),
  };
}

function pointerOf(pointers: unknown, where: string): string | undefined {
  if (pointers === undefined || pointers === null) return undefined;
  if (!Array.isArray(pointers)) throw new UnrecognisedResponse(`${where}.pointers is not a list`);
  const first: unknown = pointers[0];
  if (first === undefined) return undefined;
  if (!isRecord(first) || (first.path !== undefined && typeof first.path !== "string")) {
    throw new UnrecognisedResponse(`${where}.pointers[0].path is not a string`);
  }
  return typeof first.path === "string" && first.path !== "" ? first.path : undefined;
}
