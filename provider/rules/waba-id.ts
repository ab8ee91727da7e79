import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";
import { FLOW_ID_DIGITS } from "./flow-id";

const EXAMPLE = `e.g. wabaId: "102290129340398"`;

/**
 * A WhatsApp Business Account id: a Meta object id like a flow id (a string of 10-20 digits,
 * no leading zero; a JS number only when it is a safe integer).
 */
export function checkWabaId(value: unknown): Checked<string> {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) value = String(value);
  if (typeof value !== "string") {
    const rounded = typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value);
    const why = rounded
      ? "is not a safe integer: JavaScript has already rounded it"
      : `must be a string of digits, got ${show(value)}`;
    return bad(`wabaId ${why}. Write it as a string, ${EXAMPLE}.`);
  }
  if (!/^[1-9][0-9]*$/.test(value) || value.length < FLOW_ID_DIGITS.min || value.length > FLOW_ID_DIGITS.max) {
    return bad(
      `wabaId ${show(value)} is not a WhatsApp Business Account id (${FLOW_ID_DIGITS.min} to ${FLOW_ID_DIGITS.max} ` +
        `digits, no leading 0). Copy it from WhatsApp Manager > Account tools, or \`pulumi-kaleyra-flows discover\`, ` +
        `${EXAMPLE}.`,
    );
  }
  return ok(value);
}
