/**
 * One end-to-end suite for a program on the native provider, run for each language the
 * package claims (tests/e2e/native-*.test.ts, each with its program in tests/e2e/programs):
 * the same resources, config and expectations, through the real Pulumi CLI against the
 * emulator. Each test starts its own stack from the demo seed.
 *
 * Every program declares: an explicit provider `eu` (the EU account, its key a secret
 * config value), FlowMetadata `sign-up` (renamed by the program), `booking` (PUBLISHED,
 * matched), `lead` (on `eu`), and the Flow `welcome` from flows/welcome.json; config
 * `signUpName`, `signUpCategory`, `bookingName`, `allowBookingUpdate`, `euApiDomain`,
 * `euApiKey`; outputs `signUpStatus`, `leadSid`, `welcomeFlowId`, `welcomeStatus`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEMO_SEED, RunningEmulator, startEmulator } from "../../emulator";
import { REPO_ROOT } from "./paths";
import { PulumiProject } from "./pulumi-project";

/** What differs between languages. */
export interface NativeProgram {
  /** The language, as test names say it. */
  readonly language: string;
  /** The program's folder; its project name is the folder's name, which namespaces its config. */
  readonly program: string;
  /** The node_modules the project links: default the package's install alone. */
  readonly nodeModules?: () => string;
  /** Environment the language host needs (PATH for a venv, PYTHONPATH, GOFLAGS). */
  readonly env?: () => NodeJS.ProcessEnv;
  /** Readies a new project's folder (a go.mod pointing at the SDK). */
  readonly prepare?: (dir: string) => void;
  /**
   * After `pulumi import` of the survey flow: makes the program declare it, as a user adds
   * the code the import wrote (or, where the language host cannot write code, the same
   * inputs by hand). `generated` is the file `--out` wrote, when the host generates code.
   */
  readonly declareImported: (project: PulumiProject, generated?: string) => void;
  /** Whether the language host can generate code for `pulumi import`. */
  readonly generatesCode: boolean;
}

const SID = "HXAP16DEMO0097IN";
const EU_SID = "HXEU16DEMO0042EU";
const KEY = DEMO_SEED.accounts.find((a) => a.sid === SID)!.apiKey;
const EU_KEY = DEMO_SEED.accounts.find((a) => a.sid === EU_SID)!.apiKey;
const SIGN_UP = "1234567890123451"; // DRAFT "Sign up": the program renames it
const BOOKING = "1234567890123452"; // PUBLISHED, and the program matches it
/** A flow no program declares at first: imported. */
export const SURVEY = "1234567890123453";
const LEAD = "9876543210987651"; // the EU account's, matched by the program
const METADATA = "kaleyra:index:FlowMetadata";

/** Defines the suite for one language's program. */
export function nativeProgramSuite(spec: NativeProgram): void {
  const projectName = path.basename(spec.program);
  describe(`a ${spec.language} program on the native provider`, () => suite(spec, projectName));
}

function suite(spec: NativeProgram, projectName: string): void {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: DEMO_SEED, quiet: true });
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.loadSeed(DEMO_SEED);
    emulator.clearRequests();
  });

  /** A new stack of the program, its accounts configured; with the keys unless told otherwise. */
  async function stack(name: string, options: { keys?: boolean } = {}): Promise<PulumiProject> {
    const created = await PulumiProject.create(`${projectName}-${name}`, {
      source: spec.program,
      nodeModules: spec.nodeModules?.() ?? process.env.KALEYRA_E2E_NODE_MODULES!,
      env: { KALEYRA_RETRY_BASE_MS: "50", ...spec.env?.() },
    });
    fs.cpSync(path.join(REPO_ROOT, "flows"), path.join(created.dir, "flows"), { recursive: true });
    spec.prepare?.(created.dir);
    created.setConfig({
      "kaleyra:sid": SID,
      "kaleyra:apiDomain": emulator.url,
      [`${projectName}:euApiDomain`]: emulator.url,
    });
    if (options.keys ?? true) {
      await created.setSecret("kaleyra:apiKey", KEY);
      await created.setSecret(`${projectName}:euApiKey`, EU_KEY);
    } else {
      // The program's secret config must be set; empty means "not set" to the provider.
      await created.setSecret(`${projectName}:euApiKey`, "");
    }
    return created;
  }

  /** A stack after its first `up`, the requests of that up cleared. */
  async function upStack(name: string): Promise<PulumiProject> {
    const project = await stack(name);
    const up = await project.up();
    if (up.code !== 0) throw new Error(`first up failed:\n${up.output}`);
    emulator.clearRequests();
    return project;
  }

  const posts = () => emulator.requests({ method: "POST" });

  async function resourcesOf(project: PulumiProject, type: string) {
    return (await project.exportState()).resources.filter((r) => r.type === type);
  }

  test("preview with no API key anywhere: every resource a create, nothing sent", async () => {
    const project = await stack("preview", { keys: false });
    const preview = await project.preview();
    expect(preview.code).toBe(0);
    for (const name of ["sign-up", "booking", "lead"]) {
      expect(preview.stdout).toMatch(new RegExp(`\\+ ${METADATA}: \\(create\\)\\s+\\[urn=[^\\]]*::${name}\\]`));
    }
    expect(preview.stdout).toMatch(/\+ kaleyra:index:Flow: \(create\)/);
    expect(preview.stdout).toMatch(/\+ pulumi:providers:kaleyra: \(create\)/);
    expect(emulator.requests()).toEqual([]);
  });

  test("up reads every flow and sends only what differs, in both accounts; the next preview shows no changes", async () => {
    const project = await stack("up");
    const up = await project.up();
    expect(up.code).toBe(0);
    // Metadata: read each; only sign-up differs (its name). The EU flow is read with the EU account.
    const gets = emulator.requests({ method: "GET" }).map((r) => `${r.sid} ${r.flowId ?? ""}`);
    for (const [sid, flowId] of [
      [SID, SIGN_UP],
      [SID, BOOKING],
      [EU_SID, LEAD],
    ])
      expect(gets).toContain(`${sid} ${flowId}`);
    const metadataPosts = posts().filter((r) => r.path.endsWith(`/whatsapp/${SIGN_UP}`));
    expect(metadataPosts.map((r) => JSON.parse(r.body))).toEqual([{ name: "Sign up for offers" }]);
    expect(posts().filter((r) => [BOOKING, LEAD].some((id) => r.path.includes(id)))).toEqual([]);
    // The whole flow: created in the WABA as a DRAFT with its JSON.
    const outputs = await project.outputs();
    const made = emulator.getFlow(SID, outputs.welcomeFlowId)!;
    expect(made).toMatchObject({ name: "Welcome to Acme Rewards", status: "DRAFT" });
    expect(JSON.parse(made.flowJson!)).toEqual(
      JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "flows/welcome.json"), "utf8")),
    );
    expect(outputs).toMatchObject({ signUpStatus: "DRAFT", leadSid: EU_SID, welcomeStatus: "DRAFT" });

    emulator.clearRequests();
    const again = await project.preview("--expect-no-changes");
    expect(again.code).toBe(0);
    const noop = await project.up("--expect-no-changes");
    expect(noop.code).toBe(0);
    expect(posts()).toEqual([]);
  });

  test("a rename previews as an update of that name, and up sends exactly that", async () => {
    const project = await upStack("rename");
    project.setConfig({ [`${projectName}:signUpName`]: "Join our offers" });
    const preview = await project.preview();
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(new RegExp(`~ ${METADATA}: \\(update\\)\\s+\\[id=${SIGN_UP}\\]`));
    expect(preview.stdout).toMatch(/~ name\s*: "Sign up for offers" => "Join our offers"/);
    expect(emulator.requests()).toEqual([]);
    const up = await project.up();
    expect(up.code).toBe(0);
    expect(posts().map((r) => [r.flowId, JSON.parse(r.body)])).toEqual([[SIGN_UP, { name: "Join our offers" }]]);
  });

  test("a published flow's change is refused with nothing sent, then sent once allowPublishedUpdate is set", async () => {
    const project = await upStack("published");
    project.setConfig({ [`${projectName}:bookingName`]: "Book a visit" });
    const refused = await project.up();
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`Kaleyra flow ${BOOKING} (account ${SID}`);
    expect(refused.output).toContain("allowPublishedUpdate: true");
    expect(posts()).toEqual([]);
    project.setConfig({ [`${projectName}:allowBookingUpdate`]: true });
    const allowed = await project.up();
    expect(allowed.code).toBe(0);
    expect(emulator.getFlow(SID, BOOKING)!.name).toBe("Book a visit");
  });

  test("refresh shows a change made in the console as drift, and the next up restores the program's", async () => {
    const project = await upStack("refresh");
    emulator.patchFlow(SID, SIGN_UP, { name: "Renamed in the console" });
    const refresh = await project.refresh();
    expect(refresh.code).toBe(0);
    const [signUp] = (await resourcesOf(project, METADATA)).filter((r) => r.id === SIGN_UP);
    expect(signUp.outputs.name).toBe("Renamed in the console");
    const preview = await project.preview();
    expect(preview.stdout).toMatch(/~ name\s*: "Renamed in the console" => "Sign up for offers"/);
    expect((await project.up()).code).toBe(0);
    expect(emulator.getFlow(SID, SIGN_UP)!.name).toBe("Sign up for offers");
  });

  test("import reads a flow by id, records every field, sends nothing; with its code added the preview is clean", async () => {
    const stack = await upStack("import");
    const generated = path.join(stack.dir, "imported-code");
    const codeArgs = spec.generatesCode ? ["--out", generated] : ["--generate-code=false"];
    const imported = await stack.pulumi(["import", METADATA, "survey", SURVEY, "--yes", ...codeArgs]);
    expect(imported.code).toBe(0);
    // Read (by the import's preview, then by the import itself), never written.
    expect(new Set(emulator.requests().map((r) => `${r.method} ${r.flowId}`))).toEqual(new Set([`GET ${SURVEY}`]));
    const [state] = (await resourcesOf(stack, METADATA)).filter((r) => r.id === SURVEY);
    const held = emulator.getFlow(SID, SURVEY)!;
    expect(state.inputs).toEqual({
      flowId: SURVEY,
      name: held.name,
      categories: [...held.categories!],
      sid: SID,
      region: "IN",
      apiDomain: emulator.url,
    });
    spec.declareImported(stack, spec.generatesCode ? generated : undefined);
    emulator.clearRequests();
    const preview = await stack.preview("--expect-no-changes");
    expect(preview.code).toBe(0);
    expect(emulator.requests()).toEqual([]);
  });

  test("import of a whole live flow: adopted as to be published, its JSON recorded, nothing sent", async () => {
    const project = await upStack("import-flow");
    const json = fs.readFileSync(path.join(REPO_ROOT, "flows/welcome.json"), "utf8");
    emulator.setFlowJson(SID, BOOKING, json);
    const codeArgs = spec.generatesCode
      ? ["--out", path.join(project.dir, "imported-flow")]
      : ["--generate-code=false"];
    const imported = await project.pulumi([
      "import",
      "kaleyra:index:Flow",
      "booking-flow",
      BOOKING,
      "--yes",
      ...codeArgs,
    ]);
    expect(imported.code).toBe(0);
    expect(posts()).toEqual([]);
    const [state] = (await resourcesOf(project, "kaleyra:index:Flow")).filter((r) => r.id === BOOKING);
    // PUBLISHED: imported as to be published, adopted (never deleted by destroy).
    expect(state.inputs).toMatchObject({ flowId: BOOKING, publish: true });
    expect(JSON.parse(state.inputs.flowJson)).toEqual(JSON.parse(json));
    expect(state.outputs).toMatchObject({ status: "PUBLISHED", created: false });
  });

  test("destroy forgets the metadata and deletes the DRAFT flow the stack created; the flows it adopted stay", async () => {
    const project = await upStack("destroy");
    const { welcomeFlowId } = await project.outputs();
    const destroy = await project.destroy();
    expect(destroy.code).toBe(0);
    expect(emulator.getFlow(SID, welcomeFlowId)).toBeUndefined();
    expect(emulator.getFlow(SID, SIGN_UP)).toBeDefined();
    expect(emulator.getFlow(EU_SID, LEAD)).toBeDefined();
    expect(emulator.requests({ method: "DELETE" }).map((r) => r.flowId)).toEqual([welcomeFlowId]);
  });

  test("the API keys are nowhere in state, outputs or the CLI's output, debug lines included", async () => {
    const project = await stack("keys");
    const up = await project.pulumi(["up", "--yes", "--skip-preview"], { KALEYRA_DEBUG: "1" });
    expect(up.code).toBe(0);
    const preview = await project.preview();
    const state = (await project.exportState()).text;
    const outputs = JSON.stringify(await project.outputs());
    for (const text of [up.output, preview.output, state, outputs]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(EU_KEY);
    }
    // The flows' own state holds no key field at all; the providers hold theirs only encrypted.
    for (const resource of (await project.exportState()).resources) {
      if (!resource.type.startsWith("kaleyra:index:")) continue;
      expect(Object.keys({ ...resource.inputs, ...resource.outputs })).not.toContain("apiKey");
    }
  });

  test("bad input fails the preview naming the property and the fix; nothing is sent", async () => {
    const project = await stack("bad-input");
    project.setConfig({ [`${projectName}:signUpCategory`]: "SIGNUP" });
    const preview = await project.preview();
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain("categories");
    expect(preview.output).toContain("SIGN_UP");
    expect(emulator.requests()).toEqual([]);
  });
}
