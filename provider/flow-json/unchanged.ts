import { MAX_FLOW_JSON_BYTES } from "./limits";
import { scanStructure } from "./structure-scan";

/**
 * Whether a Flow JSON text holds exactly the JSON a stack already stores (its compact text),
 * read as `parseFlowJson` reads text: strict JSON within Meta's size, no key repeated (which
 * JSON.parse would hide), no nesting past the checks' depth. Cheap next to the full checks: one
 * native parse and stringify and one scan, and the JSON Schema validator is never loaded.
 *
 * @returns the compact text when it is the same JSON, else undefined (then check it in full).
 */
export function sameAsStored(text: string, stored: string): string | undefined {
  if (text.length * 3 > MAX_FLOW_JSON_BYTES && Buffer.byteLength(text, "utf8") > MAX_FLOW_JSON_BYTES) return undefined;
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
  if (compact !== stored) return undefined;
  const scan = scanStructure(text);
  return scan.duplicateKeys.length === 0 && scan.tooDeepAt === undefined ? compact : undefined;
}
