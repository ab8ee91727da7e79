import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";

/**
 * How many digits a flow id may have. Flow ids are Meta Graph API object ids: decimal
 * 64-bit integers, so at most 20 digits (2^64 - 1 has 20). Kaleyra's own samples have 15
 * (Update Flow Metadata: `12XXXXXXXXXXXXX`) and 16 (Get Flow Details: `11576XXXXXXXXXX0`)
 * digits, the ids of real flows seen so far have 15 to 17, and the shortest flow id in any
 * flows-API documentation found has 10 (a third-party provider's example); ids are never
 * written with a leading zero. So: 10 to 20 digits, the first not 0.
 */
export const FLOW_ID_DIGITS = { min: 10, max: 20 } as const;

const EXAMPLE = `e.g. flowId: "1234567890123456"`;

/**
 * A flow id: a string of 10-20 digits with no leading zero. A JS number is accepted only when
 * it is a safe integer: flow ids have more digits than a number holds exactly, so a larger
 * one has already been rounded.
 */
export function checkFlowId(value: unknown): Checked<string> {
  let text: string;
  if (typeof value === "number") {
    if (Number.isInteger(value) && value > 0 && !Number.isSafeInteger(value)) {
      return bad(
        `flowId ${show(value)} is not a safe integer: JavaScript has already rounded it, so it is not the id you ` +
          `wrote. Write the id as a string, ${EXAMPLE}.`,
      );
    }
    if (!Number.isSafeInteger(value) || value <= 0)
      return bad(
        `flowId ${show(value)} is not a flow id (a positive whole number). Write the id as a string, ${EXAMPLE}.`,
      );
    text = String(value);
  } else if (typeof value === "string") {
    text = value;
  } else {
    return bad(`flowId must be a string of digits, got ${show(value)}. Write it as a string, ${EXAMPLE}.`);
  }
  if (!/^[0-9]+$/.test(text)) {
    return bad(
      `flowId ${show(text)} is not a string of digits. Use the numeric id of the flow (WhatsApp Manager > Flows, ` +
        `or \`pulumi-kaleyra-flows discover\`), ${EXAMPLE}.`,
    );
  }
  if (text.startsWith("0")) {
    return bad(
      `flowId ${show(text)} starts with 0, which no flow id does. Copy the id from WhatsApp Manager > Flows, ` +
        `${EXAMPLE}.`,
    );
  }
  if (text.length < FLOW_ID_DIGITS.min || text.length > FLOW_ID_DIGITS.max) {
    return bad(
      `flowId ${show(text)} has ${text.length} digits; flow ids have ${FLOW_ID_DIGITS.min} to ` +
        `${FLOW_ID_DIGITS.max} (15 to 17 in practice). Copy the whole id from WhatsApp Manager > Flows, ${EXAMPLE}.`,
    );
  }
  return ok(text);
}
