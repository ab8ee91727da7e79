import { bad, Checked, ok } from "./checked";

/**
 * Rules for the values of tuning settings and flags, which arrive as text from stack config or
 * the environment. Strict: `Number(" 1e3 ")` is 1000 and `Number("0x10")` is 16, so a typo
 * would silently become some other limit. Messages never repeat the value.
 */

/**
 * A whole decimal number from `min` to `max`: digits only, no sign, spaces, exponent, hex,
 * fraction or leading zero.
 */
export function checkWholeNumber(
  raw: string,
  source: string,
  range: { readonly min: number; readonly max: number },
  meaning: string,
): Checked<number> {
  const expected = `${source} must be a whole number from ${range.min} to ${range.max}, written in decimal digits only`;
  if (!/^(0|[1-9][0-9]*)$/.test(raw)) {
    const what =
      raw === ""
        ? "it is empty"
        : raw.trim() !== raw
          ? "it has white space around it"
          : /^0[0-9]/.test(raw)
            ? "it starts with 0"
            : "it holds something other than digits (a sign, a space, an exponent, a point or hex)";
    return bad(`${expected}; ${what} (the value is not shown: settings may hold secrets). ${meaning}`);
  }
  const value = Number(raw);
  if (value < range.min || value > range.max)
    return bad(`${expected}; it is ${value < range.min ? "below" : "above"} that range. ${meaning}`);
  return ok(value);
}

/** `true` or `false`: a boolean, or the text Pulumi config and the environment hold. */
export function checkBoolean(value: unknown, source: string, meaning: string): Checked<boolean> {
  if (typeof value === "boolean") return ok(value);
  if (value === "true") return ok(true);
  if (value === "false") return ok(false);
  return bad(`${source} must be true or false (the value is not shown: settings may hold secrets). ${meaning}`);
}

/** A debug switch: 1/true/yes/on or 0/false/no/off, any case. */
export function checkSwitch(raw: string, source: string): Checked<boolean> {
  if (/^(1|true|yes|on)$/i.test(raw)) return ok(true);
  if (/^(0|false|no|off)$/i.test(raw)) return ok(false);
  return bad(
    `${source} must be 1, true, yes or on to turn it on, or 0, false, no or off (the value is not shown: settings ` +
      `may hold secrets).`,
  );
}
