import * as fs from "node:fs";
import * as path from "node:path";
import { PACKAGE_NAME } from "../version";

/**
 * The Flow JSON vocabulary, read from schema/flow-json.schema.json: the schema is the one place that lists the
 * versions, component types and action names, and the code reads them from it (editors see the same lists).
 */

/** The schema's path inside this package. */
export const FLOW_JSON_SCHEMA_FILE = path.join("schema", "flow-json.schema.json");

/** The schema, read once when this module loads (about 60 KB; compiling it is lazy, see schema-check.ts). */
export const FLOW_JSON_SCHEMA: Readonly<Record<string, unknown>> = readSchema();

/** Flow JSON versions Meta publishes: 5.1, 6.0-6.3, 7.0-7.3 (7.3 recommended). */
export const PUBLISHABLE_VERSIONS: readonly string[] = enumAt("properties", "version");

/** Data API versions of a flow with an endpoint: "3.0" and "4.0". */
export const DATA_API_VERSIONS: readonly string[] = enumAt("properties", "data_api_version");

/** Every component `type` of the supported Flow JSON versions, in the schema's order. */
export const COMPONENT_TYPES: readonly string[] = enumAt("definitions", "componentType");

/** The `name`s of actions (`on-click-action`, `on-select-action`, `on-unselect-action`). */
export const ACTION_NAMES: readonly string[] = enumAt("definitions", "actionName");

/** The properties of a component that hold an action. */
export const ACTION_PROPERTIES: readonly string[] = ["on-click-action", "on-select-action", "on-unselect-action"];

// Walks up from this file to the package root, so it works from the TypeScript sources and from the compiled dist/
// (the schema ships at the package root, beside dist/, as package.json's "files" says).
function readSchema(): Record<string, unknown> {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === PACKAGE_NAME) {
      return JSON.parse(fs.readFileSync(path.join(dir, FLOW_JSON_SCHEMA_FILE), "utf8"));
    }
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: ${FLOW_JSON_SCHEMA_FILE} not found`);
  }
}

function enumAt(section: string, name: string): readonly string[] {
  const node = (FLOW_JSON_SCHEMA[section] as Record<string, { enum?: unknown }>)[name];
  if (!Array.isArray(node?.enum)) throw new Error(`${FLOW_JSON_SCHEMA_FILE}: ${section}.${name} has no enum`);
  return Object.freeze(node.enum.map(String));
}
