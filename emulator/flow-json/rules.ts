/**
 * The emulator's own Flow JSON rules, written from Meta's Flow JSON reference (no schema of
 * anyone else's): a JSON object with a publishable `version`, a non-empty `screens` array of
 * uniquely named screens (none called SUCCESS), at least one terminal screen, `navigate`
 * actions that go to existing screens, known component types, and a `data_api_version` of 3.0
 * or 4.0 with a `routing_model` beside it. Each rule yields a problem pointing at the value
 * at fault; many problems can come from one text, in document order per rule.
 */
import {
  COMPONENT_TYPES,
  DATA_API_VERSIONS,
  FLOW_JSON_VERSIONS,
  LAYOUT_TYPES,
  RESERVED_SCREEN_ID,
} from "../vocabulary";
import { JsonNode, JsonObjectNode, property, Span } from "./parse";

/** Meta's `error_type`s the emulator uses: structure (a missing or mistyped property) or meaning. */
export type ProblemType = "JSON_SCHEMA_ERROR" | "FLOW_JSON_ERROR";

/** One thing wrong with a Flow JSON, before positions are worked out. */
export interface Problem {
  /** Meta's `error`, e.g. `INVALID_VERSION`. */
  readonly error: string;
  readonly errorType: ProblemType;
  readonly message: string;
  /** Where the error is reported. */
  readonly span: Span;
  /** The value's path, e.g. `screens[0].layout.children[1].type` (`""` for the whole document). */
  readonly path: string;
  /** Other places involved (the first use of a duplicated screen id); the error's own place comes first. */
  readonly related?: readonly { readonly span: Span; readonly path: string }[];
}

/** What the rules found: the problems, and the versions the text declares (as written, valid or not). */
export interface RuleReport {
  readonly problems: Problem[];
  readonly version?: string;
  readonly dataApiVersion?: string;
}

const components: ReadonlySet<string> = new Set(COMPONENT_TYPES);
const layouts: ReadonlySet<string> = new Set(LAYOUT_TYPES);
const versions: ReadonlySet<string> = new Set(FLOW_JSON_VERSIONS);
const dataApiVersions: ReadonlySet<string> = new Set(DATA_API_VERSIONS);

/** Applies every rule to a parsed document. */
export function checkRules(root: JsonNode): RuleReport {
  const problems: Problem[] = [];
  if (root.kind !== "object") {
    problems.push(schema("INVALID_PROPERTY_TYPE", `Flow JSON must be a JSON object, not ${article(root)}.`, root, ""));
    return { problems };
  }
  const opening = { start: root.span.start, end: root.span.start + 1 }; // the `{`: where a missing property is reported

  const version = property(root, "version")?.value;
  if (!version) {
    problems.push(missing("version", opening, ""));
  } else if (version.kind !== "string") {
    problems.push(
      meaning(
        "INVALID_VERSION",
        `'version' must be a string, one of ${FLOW_JSON_VERSIONS.join(", ")}.`,
        version,
        "version",
      ),
    );
  } else if (!versions.has(version.value as string)) {
    const publishable = FLOW_JSON_VERSIONS.join(", ");
    const message = `Flow JSON version "${version.value}" cannot be published (publishable: ${publishable}).`;
    problems.push(meaning("INVALID_VERSION", message, version, "version"));
  }

  const dataApi = property(root, "data_api_version");
  if (dataApi) {
    const value = dataApi.value;
    if (value.kind !== "string" || !dataApiVersions.has(value.value as string)) {
      const got = value.kind === "string" ? `"${value.value}"` : article(value);
      const allowed = DATA_API_VERSIONS.map((v) => `"${v}"`).join(", ");
      const message = `'data_api_version' must be one of ${allowed}, got ${got}.`;
      problems.push(meaning("INVALID_DATA_API_VERSION", message, value, "data_api_version"));
    }
    if (!property(root, "routing_model")) {
      const message = "'routing_model' is required when 'data_api_version' is set.";
      problems.push({ ...missing("routing_model", value.span, "data_api_version"), message });
    }
  }

  const screens = property(root, "screens")?.value;
  if (!screens) problems.push(missing("screens", opening, ""));
  else if (screens.kind !== "array")
    problems.push(
      schema("INVALID_PROPERTY_TYPE", `'screens' must be an array, not ${article(screens)}.`, screens, "screens"),
    );
  else if (screens.items.length === 0)
    problems.push(meaning("INVALID_PROPERTY_VALUE", "'screens' must contain at least one screen.", screens, "screens"));
  else checkScreens(screens.items, screens.span, problems);

  return {
    problems,
    ...(version?.kind === "string" ? { version: version.value as string } : {}),
    ...(dataApi?.value.kind === "string" ? { dataApiVersion: dataApi.value.value as string } : {}),
  };
}

function checkScreens(items: readonly JsonNode[], arraySpan: Span, problems: Problem[]): void {
  const firstUse = new Map<string, { span: Span; path: string }>();
  const screens: { node: JsonObjectNode; path: string }[] = [];
  let terminal = false;
  items.forEach((screen, index) => {
    const path = `screens[${index}]`;
    if (screen.kind !== "object") {
      problems.push(
        schema("INVALID_PROPERTY_TYPE", `A screen must be an object, not ${article(screen)}.`, screen, path),
      );
      return;
    }
    screens.push({ node: screen, path });
    const id = property(screen, "id")?.value;
    const idPath = `${path}.id`;
    if (!id) problems.push(missing("id", { start: screen.span.start, end: screen.span.start + 1 }, path));
    else if (id.kind !== "string")
      problems.push(
        schema("INVALID_PROPERTY_TYPE", `A screen's 'id' must be a string, not ${article(id)}.`, id, idPath),
      );
    else if (id.value === RESERVED_SCREEN_ID)
      problems.push(
        meaning(
          "RESERVED_SCREEN_ID",
          `"${RESERVED_SCREEN_ID}" is a reserved keyword and cannot be a screen id.`,
          id,
          idPath,
        ),
      );
    else {
      const earlier = firstUse.get(id.value as string);
      if (earlier) {
        const message = `Screen id "${id.value}" is already used by ${earlier.path}; screen ids must be unique.`;
        problems.push({ ...meaning("DUPLICATE_SCREEN_ID", message, id, idPath), related: [earlier] });
      } else {
        firstUse.set(id.value as string, { span: id.span, path: idPath });
      }
    }
    const isTerminal = property(screen, "terminal")?.value;
    if (isTerminal?.kind === "boolean" && isTerminal.value === true) terminal = true;
    checkLayout(screen, path, problems);
  });
  if (!terminal && screens.length > 0) {
    const message = 'At least one screen must be terminal ("terminal": true).';
    problems.push({
      error: "MISSING_TERMINAL_SCREEN",
      errorType: "FLOW_JSON_ERROR",
      message,
      span: arraySpan,
      path: "screens",
    });
  }
  // Navigation is checked once every id is known: a screen may navigate to a later one.
  for (const { node, path } of screens) checkNavigation(node, path, new Set(firstUse.keys()), problems);
}

function checkLayout(screen: JsonObjectNode, path: string, problems: Problem[]): void {
  const layout = property(screen, "layout")?.value;
  const layoutPath = `${path}.layout`;
  if (!layout) {
    problems.push(missing("layout", { start: screen.span.start, end: screen.span.start + 1 }, path));
    return;
  }
  if (layout.kind !== "object") {
    problems.push(
      schema("INVALID_PROPERTY_TYPE", `'layout' must be an object, not ${article(layout)}.`, layout, layoutPath),
    );
    return;
  }
  const type = property(layout, "type")?.value;
  if (!type) problems.push(missing("type", { start: layout.span.start, end: layout.span.start + 1 }, layoutPath));
  else if (type.kind !== "string" || !layouts.has(type.value as string)) {
    const message = `Invalid value found for property 'type': a layout must be one of ${LAYOUT_TYPES.join(", ")}.`;
    problems.push(meaning("INVALID_PROPERTY_VALUE", message, type, `${layoutPath}.type`));
  }
  const children = property(layout, "children")?.value;
  if (!children)
    problems.push(missing("children", { start: layout.span.start, end: layout.span.start + 1 }, layoutPath));
  else checkComponents(children, `${layoutPath}.children`, problems);
}

/** A list of components (a layout's or a Form's `children`, an If's `then`/`else`, a Switch case). */
function checkComponents(list: JsonNode, path: string, problems: Problem[]): void {
  if (list.kind !== "array") {
    problems.push(schema("INVALID_PROPERTY_TYPE", `'${lastKey(path)}' must be an array of components.`, list, path));
    return;
  }
  list.items.forEach((component, index) => {
    const at = `${path}[${index}]`;
    if (component.kind !== "object") {
      problems.push(
        schema("INVALID_PROPERTY_TYPE", `A component must be an object, not ${article(component)}.`, component, at),
      );
      return;
    }
    const type = property(component, "type")?.value;
    if (!type) problems.push(missing("type", { start: component.span.start, end: component.span.start + 1 }, at));
    else if (type.kind !== "string" || !components.has(type.value as string)) {
      const got = type.kind === "string" ? `"${type.value}" is not a component type` : "it must be a string";
      problems.push(
        meaning("INVALID_PROPERTY_VALUE", `Invalid value found for property 'type': ${got}.`, type, `${at}.type`),
      );
    }
    for (const key of ["children", "then", "else"]) {
      const nested = property(component, key)?.value;
      if (nested) checkComponents(nested, `${at}.${key}`, problems);
    }
    const cases = property(component, "cases")?.value;
    if (cases?.kind === "object") {
      for (const entry of cases.entries) checkComponents(entry.value, `${at}.cases.${entry.key}`, problems);
    }
  });
}

/** Every `*-action` of a screen whose name is `navigate` must name an existing screen in `next.name`. */
function checkNavigation(node: JsonNode, path: string, ids: ReadonlySet<string>, problems: Problem[]): void {
  if (node.kind === "array") {
    node.items.forEach((item, index) => checkNavigation(item, `${path}[${index}]`, ids, problems));
    return;
  }
  if (node.kind !== "object") return;
  for (const { key, value } of node.entries) {
    const at = `${path}.${key}`;
    if (key.endsWith("-action") && value.kind === "object") {
      const name = property(value, "name")?.value;
      if (name?.kind === "string" && name.value === "navigate") checkNext(value, at, ids, problems);
    }
    checkNavigation(value, at, ids, problems);
  }
}

function checkNext(action: JsonObjectNode, path: string, ids: ReadonlySet<string>, problems: Problem[]): void {
  const next = property(action, "next")?.value;
  if (!next) {
    problems.push(missing("next", { start: action.span.start, end: action.span.start + 1 }, path));
    return;
  }
  const name = next.kind === "object" ? property(next, "name")?.value : undefined;
  if (!name || name.kind !== "string") {
    const message = "A navigate action's 'next' must be an object with the 'name' of a screen.";
    problems.push(schema("INVALID_PROPERTY_TYPE", message, name ?? next, name ? `${path}.next.name` : `${path}.next`));
  } else if (!ids.has(name.value as string)) {
    const message = `The navigate action goes to screen "${name.value}", which is not a screen of this Flow.`;
    problems.push(meaning("UNKNOWN_SCREEN", message, name, `${path}.next.name`));
  }
}

function missing(key: string, span: Span, parent: string): Problem {
  return {
    error: "MISSING_REQUIRED_PROPERTY",
    errorType: "JSON_SCHEMA_ERROR",
    message: `The property '${key}' is required.`,
    span,
    path: parent,
  };
}

function schema(error: string, message: string, node: JsonNode, path: string): Problem {
  return { error, errorType: "JSON_SCHEMA_ERROR", message, span: node.span, path };
}

function meaning(error: string, message: string, node: JsonNode, path: string): Problem {
  return { error, errorType: "FLOW_JSON_ERROR", message, span: node.span, path };
}

function article(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "null":
      return "null";
    default:
      return `a ${node.kind}`;
  }
}

function lastKey(path: string): string {
  return path.slice(path.lastIndexOf(".") + 1);
}
