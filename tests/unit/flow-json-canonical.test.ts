/**
 * One canonical text per Flow JSON: key order and whitespace do not change it, list order does; its sha256 is
 * stable, so a diff compares meaning and an upload can be skipped when nothing changed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalFlowJson, flowJsonSha256 } from "../../provider/flow-json";

const SIGN_UP = readFileSync(join(__dirname, "..", "fixtures", "flow-json", "sign-up.json"), "utf8");

/** A deep copy of `value` with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reversedKeys(item)]),
  );
}

describe("canonicalFlowJson", () => {
  test("sorts keys at every level and drops whitespace", () => {
    expect(canonicalFlowJson({ b: 1, a: { d: [3, { f: true, e: null }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"e":null,"f":true}]},"b":1}',
    );
  });

  test("is the same whatever the key order and whitespace of the text", () => {
    const original = JSON.parse(SIGN_UP);
    const compact = JSON.parse(JSON.stringify(original));
    const reordered = reversedKeys(JSON.parse(JSON.stringify(original, null, 8)));
    expect(canonicalFlowJson(compact)).toBe(canonicalFlowJson(original));
    expect(canonicalFlowJson(reordered)).toBe(canonicalFlowJson(original));
    expect(canonicalFlowJson(original)).not.toMatch(/\n|": /);
  });

  test("keeps list order: moving a screen is a change", () => {
    const flow = JSON.parse(SIGN_UP);
    const moved = JSON.parse(SIGN_UP);
    moved.screens.reverse();
    expect(canonicalFlowJson(moved)).not.toBe(canonicalFlowJson(flow));
  });

  test("sorts keys that look like numbers as text too, and escapes like JSON", () => {
    expect(canonicalFlowJson({ "10": 1, "9": 2, b: "é\u2028\n" })).toBe('{"10":1,"9":2,"b":"é\u2028\\n"}');
  });

  test("follows JSON.stringify for what JSON cannot hold, and refuses a cycle", () => {
    expect(canonicalFlowJson({ a: undefined, b: [undefined], c: new Date(0) })).toBe(
      '{"b":[null],"c":"1970-01-01T00:00:00.000Z"}',
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => canonicalFlowJson(cycle)).toThrow(TypeError);
    expect(() => canonicalFlowJson(undefined)).toThrow(TypeError);
  });
});

describe("flowJsonSha256", () => {
  test("is the sha256 of the canonical text, stable across runs", () => {
    expect(flowJsonSha256({})).toBe("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    expect(flowJsonSha256({ b: 1, a: 2 })).toBe(flowJsonSha256({ a: 2, b: 1 }));
  });

  test("changes with any change of meaning", () => {
    const flow = JSON.parse(SIGN_UP);
    const before = flowJsonSha256(flow);
    expect(flowJsonSha256(reversedKeys(flow))).toBe(before);
    flow.screens[0].title = "Join Acme Rewards!";
    expect(flowJsonSha256(flow)).not.toBe(before);
    expect(flowJsonSha256(flow)).toMatch(/^[0-9a-f]{64}$/);
  });
});
