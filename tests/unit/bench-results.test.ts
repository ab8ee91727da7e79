import { readFileSync } from "node:fs";
import { join } from "node:path";
import { linearFit } from "../../bench/fit";
import { performanceTable } from "../../bench/performance-table";
import type { Entry, Results } from "../../bench/report";
import { fillTemplate, resultsMarkdown } from "../../bench/results-md";

/**
 * bench/RESULTS.md is generated from the committed bench/results.json and
 * bench/RESULTS.template.md (`npm run bench:report`); a report edited by hand, or left
 * behind by a new run, fails here. So does a docs/performance.md whose table no longer
 * shows the committed figures.
 */
const ROOT = join(__dirname, "..", "..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const results = JSON.parse(read("bench/results.json")) as Results;

describe("bench/RESULTS.md", () => {
  test("is what npm run bench:report makes of the committed results.json and template", () => {
    const generated = resultsMarkdown(results, read("bench/RESULTS.template.md"));
    // Compared line by line, so a failure shows the first line that differs.
    expect(read("bench/RESULTS.md").split("\n")).toEqual(generated.split("\n"));
  });

  test("reports a complete full run (N = 500, 3 repeats, every scenario ran)", () => {
    expect({ N: results.machine.N, repeats: results.machine.repeats, failures: results.failures }).toEqual({
      N: 500,
      repeats: 3,
      failures: [],
    });
    const scenarios = new Set(results.entries.map((e) => e.name.split(" ")[0]));
    for (const id of ["P1", "P2", "P3", "P4", "P5", "MEM", "V1", "F1", "F2", "F3", "F4", "N1", "N2", "N3", "N4"])
      expect(scenarios).toContain(id);
  });
});

test("docs/performance.md shows the committed figures (bench/performance-table.ts)", () => {
  expect(read("docs/performance.md")).toContain(performanceTable(results));
});

test("the table leaves out a scenario the results do not hold, and no row of one they do", () => {
  const without = { ...results, entries: results.entries.filter((e) => !e.name.startsWith("N1 ")) };
  expect(performanceTable(without)).not.toContain("`N1.preview`");
  const other: Entry = { ...results.entries[0], id: "N1.other", name: "N1 other" };
  expect(() => performanceTable({ ...without, entries: [...without.entries, other] })).toThrow(/N1\.preview/);
});

describe("the template's placeholders", () => {
  const entry: Entry = {
    id: "X.one",
    name: "X one",
    value: 12.5,
    unit: "s",
    baseline: 10,
    ratio: 1.25,
    target: "<= 1.1",
    pass: false,
    spread: { min: 12, max: 13 },
    baselineSpread: { min: 10, max: 10 },
    samples: [12, 12.5, 13],
    note: "",
  };
  const small: Results = { machine: { ...results.machine, N: 7 }, entries: [entry], failures: [] };

  test("fill in values, baselines, ratios and verdicts from the entry", () => {
    expect(
      fillTemplate(
        "{{X.one}} vs {{X.one:baseline}}: {{X.one:ratio}} ({{X.one:times}}), {{X.one:verdict}}; {{X.one:range}}; N={{machine.N}}",
        small,
      ),
    ).toBe("12.5 s vs 10 s: 1.25 (1.3x), missed; 12.5 (12-13) s; N=7");
  });

  test("a {{#ran S}} block keeps its text when the results hold scenario S, else its {{else}} part", () => {
    expect(
      fillTemplate(
        "{{#ran X}}{{X.one}}{{else}}no X{{/ran}}; {{#ran Y}}{{Y.two}}{{else}}no Y{{/ran}}; {{#ran Y}}{{Y.two}}{{/ran}}.",
        small,
      ),
    ).toBe("12.5 s; no Y; .");
    expect(() => fillTemplate("{{#ran X}}{{X.one}}", small)).toThrow(/unmatched \{\{#ran X\}\}/);
  });

  test("an unknown id or format is an error naming it, never text left in the report", () => {
    expect(() => fillTemplate("{{X.two}} {{X.one:colour}}", small)).toThrow(
      /\{\{X\.two\}\}: no entry has this id[\s\S]*\{\{X\.one:colour\}\}: unknown format/,
    );
  });
});

describe("linearFit (memory per added flow)", () => {
  test("finds the slope of points on a line, with R² 1 and a zero-width interval", () => {
    const fit = linearFit([100, 250, 500].map((x) => ({ x, y: 140 + 0.01 * x })));
    expect(fit.slope).toBeCloseTo(0.01, 10);
    expect(fit.intercept).toBeCloseTo(140, 8);
    expect(fit.r2).toBeCloseTo(1, 10);
    expect(fit.slopeHigh - fit.slopeLow).toBeCloseTo(0, 8);
  });

  test("shows noise: R² below 1 and an interval around the slope", () => {
    const fit = linearFit([
      { x: 100, y: 141 },
      { x: 100, y: 139 },
      { x: 250, y: 143 },
      { x: 250, y: 141 },
      { x: 500, y: 146 },
      { x: 500, y: 144 },
    ]);
    expect(fit.slope).toBeCloseTo(0.01245, 4);
    expect(fit.r2).toBeGreaterThan(0.5);
    expect(fit.r2).toBeLessThan(1);
    expect(fit.slopeLow).toBeLessThan(fit.slope);
    expect(fit.slopeHigh).toBeGreaterThan(fit.slope);
  });

  test("refuses a single size, which defines no line", () => {
    expect(() =>
      linearFit([
        { x: 500, y: 1 },
        { x: 500, y: 2 },
      ]),
    ).toThrow(/two distinct x values/);
  });
});
