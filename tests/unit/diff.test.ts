import { diff } from "../../provider/lifecycle";
import { UNKNOWN } from "../../provider/validation";

const old = {
  flowId: "1234567890123451",
  name: "Sign up",
  categories: ["SIGN_UP", "OTHER"],
  endpointUri: "https://example.com/f",
  sid: "HXAP16DEMO0097IN",
  region: "IN",
  apiDomain: "https://api.in.kaleyra.io",
  status: "DRAFT",
  __provider: "exports.handler = ...",
};
const { status: _status, ...inputs } = old;

describe("diff", () => {
  test.each([
    ["nothing changed", {}, false, []],
    ["categories reordered and repeated", { categories: ["OTHER", "SIGN_UP", "OTHER"] }, false, []],
    ["a different __provider (another package version)", { __provider: "something else" }, false, []],
    ["name changed", { name: "Register" }, true, []],
    ["a category added", { categories: ["SIGN_UP", "OTHER", "SURVEY"] }, true, []],
    ["endpoint changed", { endpointUri: "https://example.com/g" }, true, []],
    ["name no longer managed", { name: undefined }, true, []],
    ["region renamed, same domain", { region: "EU" }, true, []],
    ["flow id changed", { flowId: "1234567890123452" }, true, ["flowId"]],
    ["sid changed", { sid: "HXEU16DEMO0042EU" }, true, ["sid"]],
    ["pod changed", { apiDomain: "https://api.eu.kaleyra.io" }, true, ["apiDomain"]],
    ["unknown name during preview", { name: UNKNOWN }, true, []],
    ["unknown flow id during preview", { flowId: UNKNOWN }, true, ["flowId"]],
  ])("%s", (_title, change, changes, replaces) => {
    const result = diff(old, { ...inputs, ...change });
    expect(result.changes).toBe(changes);
    expect(result.replaces).toEqual(replaces);
    expect(result.deleteBeforeReplace).toBe(false);
  });

  test("the status output never causes a diff", () => {
    expect(diff({ ...old, status: "PUBLISHED" }, inputs).changes).toBe(false);
  });
});
