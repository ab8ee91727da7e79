/**
 * Resource names for discovered flows: readable, ASCII, bounded, unique, and independent of
 * the order Kaleyra lists the flows in (the name is the resource's URN).
 */
import { RESOURCE_NAME_PATTERN } from "../../provider/gitops/flows-file";
import {
  assignResourceNames,
  compareIds,
  fallbackName,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
  slugOf,
} from "../../provider/discover/slug";

describe("slugOf", () => {
  test.each([
    ["Sign up", "sign-up"],
    ["Book an appointment", "book-an-appointment"],
    ["  Sign   up  ", "sign-up"],
    ["Sign_up (v2)!", "sign-up-v2"],
    ["Customer survey -- 2024", "customer-survey-2024"],
    ["ALL CAPS", "all-caps"],
    ["a.b.c", "a-b-c"],
  ])("%j → %j", (name, slug) => {
    expect(slugOf(name)).toBe(slug);
  });

  test.each([
    ["Réservation", "reservation"],
    ["Café crème brûlée", "cafe-creme-brulee"],
    ["Ångström Ølsen", "angstrom-olsen"],
    ["Straße", "strasse"],
    ["Encyclopædia Œuvre", "encyclopaedia-oeuvre"],
    ["Łódź", "lodz"],
    ["Þórður", "thordur"],
    ["İstanbul", "istanbul"],
    ["ﬁle Ｗｉｄｅ ²", "file-wide-2"],
    ["São Paulo — Niño", "sao-paulo-nino"],
  ])("diacritics and compatibility forms are folded: %j → %j", (name, slug) => {
    expect(slugOf(name)).toBe(slug);
  });

  test.each([[undefined], [""], ["   "], ["日本語のフロー"], ["🚀🔥"], ["---"], ["\u202E\u0000\u2028"], ["Привет"]])(
    "no ASCII letter or digit left: empty (%j)",
    (name) => {
      expect(slugOf(name)).toBe("");
    },
  );

  test("long names are cut at a word boundary, at most SLUG_MAX_LENGTH characters", () => {
    const name = "Register for the annual customer appreciation event and win prizes every single week";
    const slug = slugOf(name);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
    expect(slug).toBe("register-for-the-annual-customer-appreciation-event-and-win");
    expect(slug).toMatch(SLUG_PATTERN);
  });

  test("one very long word is cut mid-word; a megabyte name costs no more than its head", () => {
    expect(slugOf("x".repeat(500))).toBe("x".repeat(SLUG_MAX_LENGTH));
    const huge = "ab ".repeat(400_000);
    expect(slugOf(huge)).toMatch(SLUG_PATTERN);
    expect(slugOf(huge).length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
  });

  test("hostile names: controls, bidi, line breaks, YAML and shell syntax all become plain slugs", () => {
    const hostile = [
      "evil\u202Egnp.exe",
      "line\nbreak: yes",
      "tab\there",
      "'; rm -rf / #",
      "{{template}} ${env} `cmd`",
      "key: value\n- item",
      "../../etc/passwd",
      "a\u0000b\u0007c",
      "\uFEFFbom",
      "zero\u200Bwidth",
      "\uD800lone surrogate",
      "<script>alert(1)</script>",
      "*alias &anchor !tag",
      "%YAML 1.1",
    ];
    for (const name of hostile) {
      const slug = slugOf(name);
      expect(slug).toMatch(SLUG_PATTERN);
      expect(slug).toMatch(RESOURCE_NAME_PATTERN);
    }
    expect(slugOf("evil\u202Egnp.exe")).toBe("evil-gnp-exe");
    expect(slugOf("'; rm -rf / #")).toBe("rm-rf");
  });
});

describe("assignResourceNames", () => {
  const id = (n: number) => `12345678901234${String(n).padStart(2, "0")}`;

  test("each flow gets its slug; a flow without a usable name gets flow-<id>", () => {
    const names = assignResourceNames([
      { id: id(1), name: "Sign up" },
      { id: id(2) },
      { id: id(3), name: "日本語" },
      { id: id(4), name: "" },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      [id(1)]: "sign-up",
      [id(2)]: fallbackName(id(2)),
      [id(3)]: `flow-${id(3)}`,
      [id(4)]: `flow-${id(4)}`,
    });
  });

  test("repeats get -2, -3 ...; the smallest id keeps the plain slug whatever the order", () => {
    const flows = [
      { id: id(30), name: "Sign up" },
      { id: id(10), name: "sign-up" },
      { id: id(20), name: "SIGN UP!" },
    ];
    const expected = { [id(10)]: "sign-up", [id(20)]: "sign-up-2", [id(30)]: "sign-up-3" };
    expect(Object.fromEntries(assignResourceNames(flows))).toEqual(expected);
    expect(Object.fromEntries(assignResourceNames([...flows].reverse()))).toEqual(expected);
  });

  test("a suffix never takes another flow's own slug", () => {
    const names = assignResourceNames([
      { id: id(1), name: "A" },
      { id: id(2), name: "A" },
      { id: id(3), name: "A 2" },
      { id: id(4), name: "A" },
    ]);
    expect(Object.fromEntries(names)).toEqual({ [id(1)]: "a", [id(3)]: "a-2", [id(2)]: "a-3", [id(4)]: "a-4" });
  });

  test("a name that reads like another flow's fallback does not clash with it", () => {
    const names = assignResourceNames([{ id: id(1) }, { id: id(2), name: `Flow ${id(1)}` }]);
    expect(new Set(names.values()).size).toBe(2);
    expect(names.get(id(1))).toBe(`flow-${id(1)}`);
    expect(names.get(id(2))).toBe(`flow-${id(1)}-2`);
  });

  test("suffixed long names stay within SLUG_MAX_LENGTH and unique", () => {
    const long = "Register for the annual customer appreciation event and win prizes";
    const flows = Array.from({ length: 120 }, (_, i) => ({ id: id(i), name: long }));
    const names = [...assignResourceNames(flows).values()];
    expect(new Set(names).size).toBe(120);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(SLUG_MAX_LENGTH);
      expect(name).toMatch(SLUG_PATTERN);
    }
    expect(names).toContain("register-for-the-annual-customer-appreciation-event-and-120");
  });

  test("the same flow listed twice gets one name", () => {
    const names = assignResourceNames([
      { id: id(1), name: "A" },
      { id: id(1), name: "A" },
    ]);
    expect([...names.entries()]).toEqual([[id(1), "a"]]);
  });

  test("ids are ordered as numbers, not as text", () => {
    expect(["100000000000000000", "99999999999999999", "100000000000000001"].sort(compareIds)).toEqual([
      "99999999999999999",
      "100000000000000000",
      "100000000000000001",
    ]);
    const names = assignResourceNames([
      { id: "100000000000000000", name: "X" },
      { id: "99999999999999999", name: "X" },
    ]);
    expect(names.get("99999999999999999")).toBe("x");
  });
});
