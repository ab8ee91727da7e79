import { checkCategories, type Checked, isRecord } from "../rules";
import { kindOf, show as showValue } from "../text/quote";
import type { PathSegment } from "./problems";
import type { Report } from "./report";
import type { SourceDocument } from "./source";

/**
 * One field of a flows file checked with its rule from the rule table (../rules), the same
 * rule the provider's `check` applies, so the message reads as in `pulumi preview`; this adds
 * what only the file's text can tell: a value with no value, an id YAML read as a number, a
 * word YAML read as a boolean.
 */

/** A rule of the rule table: a value in, its normalized form or the reason it is wrong out. */
export type FieldRule<T> = (value: unknown) => Checked<T>;

/** The ids a file may hold: both are Meta object ids, too long for a JavaScript number. */
const ID_FIELDS = ["flowId", "wabaId"];

/**
 * Checks the value of `key` with `rule`; reports (at the value, or at each bad category) and
 * returns undefined if it fails.
 *
 * @param leaveOut What leaving the field out does, for the fix of a key with no value, e.g.
 *   `, or remove the line to leave name unmanaged`; empty for a required field.
 */
export function checkField<T>(
  key: string,
  rule: FieldRule<T>,
  value: unknown,
  path: readonly PathSegment[],
  report: Report,
  leaveOut: string,
): T | undefined {
  if (value === null) {
    report.key(path, `${key} has no value. Give it one${leaveOut}.`);
    return undefined;
  }
  if (ID_FIELDS.includes(key)) {
    const misread = misreadNumber(key, value, path, report.source);
    if (misread) {
      report.value(path, misread);
      return undefined;
    }
  }
  const result = rule(value);
  if (result.ok) return result.value;
  if (key === "categories" && Array.isArray(value) && value.length > 0) {
    // Point at each bad item rather than at the list: the message is the same one
    // checkCategories gives for that item alone.
    value.forEach((item, index) => {
      const single = checkCategories([item]);
      if (!single.ok) report.value([...path, index], single.reason.replace(/^categories: /, ""));
    });
    return undefined;
  }
  report.value(path, result.reason + quoteHint(key, value, path, report.source));
  return undefined;
}

/**
 * An unquoted id is read as a number; above 2^53 it has already been rounded by the time
 * anyone sees the value, so the only way to tell is the text in the file.
 */
export function misreadNumber(
  key: string,
  value: unknown,
  path: readonly PathSegment[],
  source: SourceDocument,
): string | undefined {
  if (typeof value !== "number") return undefined;
  const written = source.scalarSource(path);
  if (!written || !written.plain) return undefined;
  const text = written.text.trim();
  const reader = source.syntax === "json" ? "JSON" : "YAML";
  if (/^[0-9]+$/.test(text) && !Number.isSafeInteger(value)) {
    return (
      `${key} ${text} is not a safe integer: ${reader} reads an unquoted id as a number, which JavaScript rounds to ` +
      `${String(value)}, so it is not the id you wrote. Quote it: ${key}: "${text}".`
    );
  }
  if (!/^[0-9]+$/.test(text) && Number.isSafeInteger(value) && value > 0) {
    return (
      `${key} ${text} is read by ${reader} as the number ${String(value)}, not as the digits you wrote. ` +
      `Quote the id: ${key}: "${text}".`
    );
  }
  return undefined;
}

/** A YAML value that looks like text but was read as a number or boolean: say to quote it. */
function quoteHint(key: string, value: unknown, path: readonly PathSegment[], source: SourceDocument): string {
  if (typeof value === "string" || Array.isArray(value) || isRecord(value)) return "";
  const written = source.scalarSource(path);
  if (!written?.plain || source.syntax === "json") return "";
  return ` YAML read ${written.text} as a ${typeof value}; if you meant the text, quote it: ${key}: "${written.text}".`;
}

/** A value's kind, and a scalar's value, for messages about the file's shape. */
export function describe(value: unknown): string {
  if (value === null) return "nothing";
  if (typeof value === "object") return kindOf(value);
  return `${typeof value} ${showValue(value)}`;
}
