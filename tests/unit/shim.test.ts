import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Flow, flowJsonFile, FlowMetadata, FLOW_METADATA_TYPE, FLOW_TYPE } from "../../provider";
import { SERIALIZED_FLOW_PROVIDER, SERIALIZED_PROVIDER } from "../../provider/shim";
import { recordRegistrations } from "../support/pulumi-mocks";

/**
 * The exact bytes every FlowMetadata stores as `__provider`. If this test fails, a change
 * would show as a diff on every resource of every user's stack: do not update it lightly.
 */
const PINNED = `exports.handler = function () {
  try {
    return require("pulumi-kaleyra-flows/runtime");
  } catch (e) {
    throw new Error("pulumi-kaleyra-flows is not installed where this Pulumi program runs (npm install pulumi-kaleyra-flows): " + e.message);
  }
};
`;

describe("the serialized provider", () => {
  test("is pinned byte for byte and well under 2 KB", () => {
    expect(SERIALIZED_PROVIDER).toBe(PINNED);
    expect(Buffer.byteLength(SERIALIZED_PROVIDER)).toBeLessThan(2048);
  });

  test("FlowMetadata registers it, with the type token and only the inputs given", async () => {
    const registered = await recordRegistrations();
    const flow = new FlowMetadata("sign-up", { flowId: "1234567890123451", name: "Sign up" });
    await new Promise<void>((resolve) => flow.urn.apply(() => resolve()));
    expect(registered).toHaveLength(1);
    expect(registered[0].type).toBe(FLOW_METADATA_TYPE);
    expect(FLOW_METADATA_TYPE).toBe("pulumi-nodejs:dynamic/kaleyra:FlowMetadata");
    expect(registered[0].inputs).toEqual({ flowId: "1234567890123451", name: "Sign up", __provider: PINNED });
  });
});

/** The bytes every Flow stores as `__provider`: the same loader, for the Flow's runtime. */
const PINNED_FLOW = PINNED.replace('"pulumi-kaleyra-flows/runtime"', '"pulumi-kaleyra-flows/flow-runtime"');

describe("the Flow's serialized provider", () => {
  test("is pinned byte for byte, the FlowMetadata loader for the Flow runtime", () => {
    expect(SERIALIZED_FLOW_PROVIDER).toBe(PINNED_FLOW);
    expect(PINNED_FLOW).not.toBe(PINNED);
  });

  test("the package exports the runtime it names", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
    expect(manifest.exports["./flow-runtime"]).toBe("./dist/provider/flow-runtime.js");
  });

  test("Flow registers it, with the type token; a flowJsonFile becomes the file's text and its name", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flow-json-file-"));
    const file = path.join(dir, "sign-up.json");
    fs.writeFileSync(file, '{ "version": "7.3", "screens": [] }\n');
    const registered = await recordRegistrations();
    const flow = new Flow("sign-up", {
      wabaId: "102290129340398",
      name: "Sign up",
      categories: ["SIGN_UP"],
      flowJson: flowJsonFile(file),
    });
    await new Promise<void>((resolve) => flow.urn.apply(() => resolve()));
    expect(registered).toHaveLength(1);
    expect(registered[0].type).toBe(FLOW_TYPE);
    expect(FLOW_TYPE).toBe("pulumi-nodejs:dynamic/kaleyra:Flow");
    expect(registered[0].inputs).toEqual({
      wabaId: "102290129340398",
      name: "Sign up",
      categories: ["SIGN_UP"],
      flowJson: '{ "version": "7.3", "screens": [] }\n',
      flowJsonFile: file.split(path.sep).join("/"),
      __provider: PINNED_FLOW,
    });
  });

  test("flowJsonFile of a missing file fails in the program, naming the file", () => {
    expect(() => flowJsonFile("flows/no-such-flow.json")).toThrow(
      'flowJsonFile("flows/no-such-flow.json"): the file does not exist',
    );
  });
});
