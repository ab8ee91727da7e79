import { dirname, join } from "node:path";
import { parseDocument } from "yaml";
import { parseFlowsText } from "../../provider/gitops";
import { readSource, sourceSteps } from "../../provider/gitops/source";

/**
 * Reading, checking and locating take time linear in the file: a file of 2n flows costs at
 * most about twice a file of n. Proved by counting, never by timing (tests here never
 * assert durations): the steps the reader and locator take (sourceSteps), and the type
 * tests (isMap, isScalar, ...) the `yaml` parser makes, which its every loop goes through:
 * its own duplicate-key check, for one, made as many as n^2/2 of them for a map of n keys.
 */

// The parser's modules call its type tests through this one module object, so counting
// calls to its functions counts the parser's work. (Not an export of the package: found
// next to its entry point.)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const identity = require(join(dirname(require.resolve("yaml")), "nodes", "identity.js")) as Record<string, (...args: unknown[]) => unknown>;
const TYPE_TESTS = ["isAlias", "isCollection", "isDocument", "isMap", "isNode", "isPair", "isScalar", "isSeq", "hasAnchor"].filter((name) => typeof identity[name] === "function");

/** The work of checking `text`: locator steps, the parser's type tests, and the problems found. */
function workOf(text: string, fileName: string): { steps: number; typeTests: number; problems: number } {
  const spies = TYPE_TESTS.map((name) => jest.spyOn(identity, name));
  try {
    const before = sourceSteps();
    const { problems } = parseFlowsText(text, fileName);
    return { steps: sourceSteps() - before, typeTests: spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0), problems: problems.length };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
}

const id = (i: number) => String(1234567890000000 + i);

/**
 * Flows files of n flows, each shaped to make the checker locate as much as it can: every
 * flow a problem or several (each located by its path, and for duplicates by the path of
 * the first flow too), or none (each flow's line is still located).
 */
const FILES: ReadonlyArray<[what: string, fileName: string, make: (n: number) => string]> = [
  [
    "YAML, good flows",
    "flows.yaml",
    (n) => ["version: 1", "flows:", ...Array.from({ length: n }, (_, i) => `  flow-${i}:\n    flowId: "${id(i)}"\n    name: Flow ${i}\n    categories: [SURVEY]`)].join("\n"),
  ],
  [
    "YAML, every flow with problems: unknown field, bad category, duplicate id and name, bad resource name",
    "flows.yaml",
    (n) =>
      ["version: 1", "flows:", ...Array.from({ length: n }, (_, i) => `  "flow ${i}":\n    flowId: "${id(i >> 1)}"\n    name: Flow ${i >> 1}\n    nmae: x\n    categories: [SURVEY, SRUVEY]`)].join("\n"),
  ],
  [
    "YAML, anchors and aliases: each flow's categories an alias of the one before",
    "flows.yaml",
    (n) =>
      ["version: 1", "flows:", ...Array.from({ length: n }, (_, i) => `  flow-${i}:\n    flowId: "${id(i)}"\n    name: Flow ${i}\n    categories: ${i % 2 === 0 ? `&c${i} [SURVEY, OTHER]` : `*c${i - 1}`}`)].join("\n"),
  ],
  [
    "YAML, a duplicate key for every flow (a syntax error each)",
    "flows.yaml",
    (n) => ["version: 1", "flows:", ...Array.from({ length: n }, (_, i) => `  flow-${i >> 1}: {flowId: "${id(i)}", name: F}`)].join("\n"),
  ],
  [
    "JSON, good flows",
    "flows.json",
    (n) => JSON.stringify({ version: 1, flows: Object.fromEntries(Array.from({ length: n }, (_, i) => [`flow-${i}`, { flowId: id(i), name: `Flow ${i}`, categories: ["SURVEY"] }])) }, null, 2),
  ],
  [
    "JSON, every flow with problems",
    "flows.json",
    (n) =>
      JSON.stringify(
        { version: 1, flows: Object.fromEntries(Array.from({ length: n }, (_, i) => [`flow ${i}`, { flowId: id(i >> 1), name: `Flow ${i >> 1}`, nmae: "x", categories: ["SURVEY", "SRUVEY"] }])) },
        null,
        2,
      ),
  ],
  [
    "JSON, unsafe unquoted ids (each read back from the file's text)",
    "flows.json",
    (n) => `{"version": 1, "flows": {${Array.from({ length: n }, (_, i) => `"f${i}": {"flowId": ${98765432109876543 + i * 10}, "name": "F${i}"}`).join(",\n")}}}`,
  ],
];

describe("the work of checking a file is linear in its size", () => {
  const N = 400;

  test.each(FILES)("%s: 2n flows take at most about twice the work of n", (_what, fileName, make) => {
    const small = workOf(make(N), fileName);
    const large = workOf(make(2 * N), fileName);
    // The files do exercise the checker: problems grow with the flows (or stay none).
    expect(large.problems).toBe(2 * small.problems);
    expect(small.steps).toBeGreaterThan(N);
    // (Valid JSON is read without the YAML parser: no type tests at all.)
    if (fileName.endsWith(".yaml")) expect(small.typeTests).toBeGreaterThan(N);
    // a*n + b with b >= 0 gives a ratio of at most 2; quadratic work gives about 4. The
    // margin covers a fixed cost that is negative (a constant saved on large maps).
    expect(large.steps / small.steps).toBeLessThanOrEqual(2.1);
    expect(large.typeTests).toBeLessThanOrEqual(2.1 * small.typeTests);
  });

  test("the count sees quadratic work: the parser's own duplicate-key check, were it used", () => {
    // What the checker replaced: each key compared with every earlier key of its map.
    const count = (n: number) => {
      const spies = TYPE_TESTS.map((name) => jest.spyOn(identity, name));
      try {
        parseDocument(FILES[0][2](n), { uniqueKeys: true });
        return spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);
      } finally {
        spies.forEach((spy) => spy.mockRestore());
      }
    };
    expect(count(2 * N) / count(N)).toBeGreaterThan(3);
  });
});

describe("the reader gives what the parser alone gives", () => {
  // The checker finds duplicate keys itself and converts the document itself (both in one
  // pass); what it reports and reads must be what `yaml` would have reported and read.
  const DOCUMENTS: ReadonlyArray<[what: string, text: string]> = [
    ["a duplicate top-level key", "a: 1\nb: 2\na: 3\n"],
    ["duplicates in a large map, several times", Array.from({ length: 30 }, (_, i) => `k${i % 12}: ${i}`).join("\n")],
    ["quoted and plain keys that are the same string", "a: 1\n'a': 2\n\"a\": 3\n"],
    ["1 and '1' differ; 1 and 0x1 do not", "1: a\n'1': b\n0x1: c\n"],
    ["NaN keys are never equal", ".nan: 1\n.NaN: 2\n"],
    ["null keys", "~: 1\nnull: 2\n: 3\n"],
    ["keys with anchors and tags", "a: 1\n&x a: 2\n!!str a: 3\n"],
    ["flow maps", "{a: 1, b: {c: 1, c: 2}, a: 3}"],
    ["nested maps, inner duplicates before outer ones", "x:\n  a: 1\n  a: 2\ny: 1\nx: 2\n"],
    ["explicit keys", "? a\n: 1\n? a\n: 2\n"],
    ["maps as keys are never equal", "? {a: 1}\n: 1\n? {a: 1}\n: 2\n"],
    ["pairs in a flow list", "[a: 1, a: 2]"],
    ["a JSON file with a duplicate", '{"a": 1, "b": {"a": 1, "a": 2}, "a": 3}'],
    ["a duplicate next to another error", "a: 1\na: [\n"],
    ["aliases of scalars, lists and maps", "a: &x 1\nb: *x\nc: &l [1, 2]\nd: *l\ne: &m {k: v}\nf: *m\n"],
    ["an anchor redefined: the alias takes the latest", "a: &x 1\nb: &x 2\nc: *x\n"],
    ["an alias as a key", "a: &k key\n*k : v\n"],
    ["an alias of its own ancestor", "a: &x [1, *x]\n"],
    ["an unresolved alias", "a: *nope\n"],
    ["__proto__ and constructor keys", "__proto__: {polluted: true}\nconstructor: 1\ntoString: 2\n"],
    ["numbers, booleans, nulls", "a: 0x10\nb: 1e3\nc: .inf\nd: -.inf\ne: true\nf: ~\ng: 12345678901234567890\nh: -0\n"],
    ["a billion laughs", ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 6 }, (_, i) => `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n")],
    ["an anchor aliased 1,000 times", ["a: &a x", ...Array.from({ length: 1000 }, (_, i) => `b${i}: *a`)].join("\n")],
    ["an anchor aliased 999 times", ["a: &a x", ...Array.from({ length: 999 }, (_, i) => `b${i}: *a`)].join("\n")],
    ["empty lists aliased 2,000 times (they count for nothing)", ["a: &a [[], {}]", ...Array.from({ length: 2000 }, (_, i) => `b${i}: *a`)].join("\n")],
    ["a list holding itself, aliased 300 times", ["a: &a [*a, []]", ...Array.from({ length: 300 }, (_, i) => `b${i}: *a`)].join("\n")],
    ["a list holding itself and a value, aliased 600 times", ["a: &a [*a, x]", ...Array.from({ length: 600 }, (_, i) => `b${i}: *a`)].join("\n")],
    ["%YAML 1.1: merge keys (left to the parser)", "%YAML 1.1\n---\na: &a {x: 1}\nb:\n  <<: *a\n  y: 2\n"],
    ["a list as a key (left to the parser)", "? [a, b]\n: 1\n"],
    ["an empty document", ""],
    ["a comment only", "# nothing\n"],
  ];

  /** What yaml reports and reads, as the checker did before it did these itself. */
  function parserAlone(text: string) {
    const doc = parseDocument(text, { prettyErrors: false });
    const errors = [...doc.errors, ...doc.warnings].map((e) => `${e.code === "DUPLICATE_KEY" ? "dup" : "other"}@${e.pos[0]}`);
    let value: unknown;
    let failure: string | undefined;
    if (errors.length === 0) {
      try {
        value = doc.toJS({ maxAliasCount: 1000 });
      } catch (error) {
        failure = (error as Error).message;
      }
    }
    return { errors, value, failure };
  }

  test.each(DOCUMENTS)("%s", (_what, text) => {
    const expected = parserAlone(text);
    const source = readSource(text, "f.yaml");
    const duplicates = source.syntaxErrors.filter((e) => e.message.includes("Map keys must be unique")).length;
    expect(duplicates).toBe(expected.errors.filter((e) => e.startsWith("dup")).length);
    expect(source.syntaxErrors.length).toBe(expected.errors.length + (expected.failure ? 1 : 0));
    // Same positions: each error is at the line and column the parser gave.
    const doc = parseDocument(text, { prettyErrors: false });
    const positions = (list: ReadonlyArray<{ line: number; column: number }>) => list.map((p) => `${p.line}:${p.column}`).sort();
    const lines = text.split("\n");
    const at = (offset: number) => {
      let rest = offset;
      for (let i = 0; i < lines.length; i++) {
        if (rest <= lines[i].length) return { line: i + 1, column: rest + 1 };
        rest -= lines[i].length + 1;
      }
      return { line: lines.length, column: 1 };
    };
    if (!expected.failure) expect(positions(source.syntaxErrors)).toEqual(positions([...doc.errors, ...doc.warnings].map((e) => at(e.pos[0]))));
    if (expected.failure) expect(source.syntaxErrors.map((e) => e.message)).toEqual([`the file cannot be read: ${expected.failure}`]);
    if (expected.errors.length === 0 && !expected.failure) {
      expect(source.value).toEqual(expected.value);
      expect(Object.getPrototypeOf(source.value ?? {})).toBe(Object.getPrototypeOf(expected.value ?? {}));
    }
  });

  test("an alias stands for the same object, as the parser makes it", () => {
    const value = readSource("a: &l [1]\nb: *l\nc: &m {k: v}\nd: *m\ne: &r [*r]\n", "f.yaml").value as Record<string, unknown>;
    expect(value.b).toBe(value.a);
    expect(value.d).toBe(value.c);
    expect((value.e as unknown[])[0]).toBe(value.e);
  });

  test("locating in a large map finds every key, the first of a repeated scalar key, and follows aliases", () => {
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`);
    const text = ["top:", ...keys.map((k, i) => `  ${k}: {v: ${i}}`), "  1: a", "  '1': b", "anchor: &x {deep: [0, 1]}", "again: *x"].join("\n");
    const source = readSource(text, "f.yaml");
    keys.forEach((key, i) => {
      expect(source.locateKey(["top", key])).toEqual({ line: i + 2, column: 3 });
      expect(source.locate(["top", key, "v"])).toEqual({ line: i + 2, column: key.length + 9 }); // `  k7: {v: 7}`
    });
    expect(source.locateKey(["top", "1"])).toEqual({ line: 52, column: 3 });
    expect(source.locate(["top", "missing", "x"])).toEqual({ line: 2, column: 3 });
    expect(source.locate(["again", "deep", 1])).toEqual({ line: 54, column: 23 });
    expect(source.scalarSource(["top", "k7", "v"])).toEqual({ text: "7", plain: true });
  });
});

describe("valid JSON is read without the YAML parser, and gives what the parser gives", () => {
  // The JSON reader must be indistinguishable from the YAML path it replaces for valid JSON:
  // the same values, the same duplicate-key errors, and every position the same. Random
  // documents (a fixed seed, so a failure replays) are read both ways and compared on every
  // path they hold, and on paths they do not.
  let seed = 20261125;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const SPACE = ["", "", " ", "\n", "\r\n", "\t", "\n    ", "  \n\t"];
  const KEYS = ['"a"', '"b"', '"a\\u0062"', '"ab"', '"__proto__"', '""', '"1"', '"k\\"q"', '"\\u2028"', '"\u2028"', '"x y"', '"\\ud83d\\ude00"', '"😀"', '"é"', '"e\\u0301"'];
  const SCALARS = ['"text"', '""', '"a\\nb"', '"\\"q\\" \\\\ \\/"', '"\u2028\u202e"', '"😀"', "0", "-0", "12", "-7", "1.5", "1e3", "-2.5E-3", "1E400", "98765432109876543", "12345678901234567890", "true", "false", "null"];

  function value(depth: number): string {
    const roll = random();
    if (depth >= 4 || roll < 0.4) return pick(SCALARS);
    const size = Math.floor(random() * (random() < 0.2 ? 14 : 5));
    const items = Array.from({ length: size }, () => (roll < 0.75 ? `${pick(SPACE)}${pick(KEYS)}${pick(SPACE)}:${pick(SPACE)}${value(depth + 1)}${pick(SPACE)}` : `${pick(SPACE)}${value(depth + 1)}${pick(SPACE)}`));
    return roll < 0.75 ? `{${items.join(",")}${pick(SPACE)}}` : `[${items.join(",")}${pick(SPACE)}]`;
  }

  /** Every path in `v`, and for each container a path that is not there. */
  function paths(v: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
    const found: Array<Array<string | number>> = [prefix];
    if (Array.isArray(v)) {
      v.forEach((item, i) => found.push(...paths(item, [...prefix, i])));
      found.push([...prefix, v.length], [...prefix, "0"], [...prefix, v.length, "deeper"]);
    } else if (v && typeof v === "object") {
      for (const key of Object.keys(v)) found.push(...paths((v as Record<string, unknown>)[key], [...prefix, key]));
      found.push([...prefix, "missing"], [...prefix, 0], [...prefix, "missing", "deeper"]);
    } else found.push([...prefix, "x"], [...prefix, 0]);
    return found;
  }

  test("500 random documents: values, errors and every position as the parser gives them", () => {
    let compared = 0;
    for (let n = 0; n < 500; n++) {
      const text = `${pick(SPACE)}${value(0)}${pick(SPACE)}`;
      const fast = readSource(text, "f.json");
      const parser = readSource(text, "f.yaml");
      expect({ text, errors: fast.syntaxErrors }).toEqual({ text, errors: parser.syntaxErrors });
      expect({ text, value: fast.value }).toEqual({ text, value: parser.value });
      for (const path of paths(JSON.parse(text))) {
        const where = { text, path };
        expect({ ...where, at: fast.locate(path), key: fast.locateKey(path), scalar: fast.scalarSource(path) }).toEqual({
          ...where,
          at: parser.locate(path),
          key: parser.locateKey(path),
          scalar: parser.scalarSource(path),
        });
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5000);
  });

  test("files the parser reads its own way still go through it", () => {
    // A lone CR is no line break to the parser; deep nesting runs it out of stack. Either
    // way the JSON reader steps aside, so the result is what it always was.
    for (const text of ['{\r"version": 1\r}', `${"[".repeat(100)}${"]".repeat(100)}`]) {
      const fast = readSource(text, "f.json");
      const parser = readSource(text, "f.yaml");
      expect({ errors: fast.syntaxErrors.map((e) => e.message), value: fast.value }).toEqual({ errors: parser.syntaxErrors.map((e) => e.message), value: parser.value });
    }
  });
});
