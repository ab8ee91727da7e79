import { collectingDiagnostics, SILENT } from "../support/diagnostics";
import { diff } from "../../provider/resources/flow-metadata";
import { UNKNOWN } from "../../provider/rules";

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
    ["allowPublishedUpdate alone", { allowPublishedUpdate: true }, false, []],
  ])("%s", async (_title, change, changes, replaces) => {
    const result = await diff(old, { ...inputs, ...change }, SILENT);
    expect(result.changes).toBe(changes);
    expect(result.replaces).toEqual(replaces);
    expect(result.deleteBeforeReplace).toBe(false);
  });

  test("the status output never causes a diff", async () => {
    expect((await diff({ ...old, status: "PUBLISHED" }, inputs, SILENT)).changes).toBe(false);
  });
});

describe("diff says what the last known status means for a change", () => {
  test.each([
    ["DRAFT", {}, "infos", /flow 1234567890123451 \("Register"\) was DRAFT when last read; name would change\./],
    [
      "PUBLISHED",
      {},
      "warnings",
      /was PUBLISHED when last read; name would change\. `pulumi up` will stop at this flow and send nothing, unless .* allowPublishedUpdate/,
    ],
    ["THROTTLED", {}, "warnings", /was THROTTLED when last read; name would change\. `pulumi up` will stop/],
    [
      "PUBLISHED",
      { allowPublishedUpdate: true },
      "warnings",
      /allowPublishedUpdate is on: the update may put the flow back to DRAFT/,
    ],
    [
      "DEPRECATED",
      {},
      "warnings",
      /was DEPRECATED when last read; name would change, but a DEPRECATED flow cannot take changes/,
    ],
    [
      "BLOCKED",
      {},
      "warnings",
      /BLOCKED flow cannot take changes: `pulumi up` will fail for this flow and send nothing/,
    ],
  ])("%s %p", async (status, extra, channel, pattern) => {
    const diagnostics = collectingDiagnostics();
    await diff({ ...old, status }, { ...inputs, name: "Register", ...extra }, diagnostics);
    const said = diagnostics[channel as "infos" | "warnings"];
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(pattern);
    expect(diagnostics[channel === "infos" ? "warnings" : "infos"]).toHaveLength(0);
  });

  test("nothing is said when nothing changes, when the flow is replaced, or when the status was never read", async () => {
    const diagnostics = collectingDiagnostics();
    await diff({ ...old, status: "PUBLISHED" }, inputs, diagnostics);
    await diff({ ...old, status: "PUBLISHED" }, { ...inputs, flowId: "1234567890123452", name: "x" }, diagnostics);
    const { status: _never, ...unread } = old;
    await diff(unread, { ...inputs, name: "x" }, diagnostics);
    expect([...diagnostics.warnings, ...diagnostics.infos]).toEqual([]);
  });
});
