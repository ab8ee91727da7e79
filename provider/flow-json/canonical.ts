import { createHash } from "node:crypto";

/**
 * One text per Flow JSON, whatever its whitespace or key order, so that a diff compares meaning and a hash names
 * content (Twilio Studio users hit whitespace-only diffs on JSON definitions; peers hash to skip unchanged uploads).
 */

/**
 * Canonical form for comparison: keys sorted at every level (by UTF-16 code units, as `Array.prototype.sort` does),
 * no whitespace, arrays in order. Values follow JSON.stringify (a Date becomes its text, `undefined` in an object is
 * left out); a cycle throws a TypeError. Numbers are JavaScript's: `1.0` and `1` are the same.
 */
export function canonicalFlowJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (node: unknown): string | undefined => {
    const json = node as { toJSON?: () => unknown } | null;
    if (typeof json?.toJSON === "function") node = json.toJSON();
    if (typeof node !== "object" || node === null) return JSON.stringify(node);
    if (seen.has(node)) throw new TypeError("canonicalFlowJson: the value holds a cycle");
    seen.add(node);
    let text: string;
    if (Array.isArray(node)) {
      text = `[${node.map((item) => write(item) ?? "null").join(",")}]`;
    } else {
      const record = node as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = write(record[key]);
        if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
      }
      text = `{${members.join(",")}}`;
    }
    seen.delete(node);
    return text;
  };
  const text = write(value);
  if (text === undefined) throw new TypeError(`canonicalFlowJson: ${typeof value} is not JSON`);
  return text;
}

/** sha256 hex of canonicalFlowJson(value). */
export function flowJsonSha256(value: unknown): string {
  return createHash("sha256").update(canonicalFlowJson(value), "utf8").digest("hex");
}
