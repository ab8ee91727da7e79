/**
 * Update Flow JSON (`POST /v2/<sid>/whatsapp/<flow_id>/assets`, multipart/form-data) over real
 * HTTP, and the emulator's own Flow JSON validation: the form's fields (100 naming the field),
 * the 10 MB cap (139001), statuses (both published readings, frozen flows), validation errors
 * with their lines and columns in the uploaded text, and the `messageOnly` style.
 */
import { FLOW_NOT_FOUND_BODY, MAX_FLOW_JSON_BYTES, RunningEmulator, SeedFile, startEmulator } from "../../emulator";

const SID = "HXJSON0001";
const KEY = "Ajson00000000000000000000000000001";
const F = {
  draft: "4440000000000001",
  published: "4440000000000002",
  throttled: "4440000000000003",
  deprecated: "4440000000000004",
  blocked: "4440000000000005",
  reverts: "4440000000000006",
};

const SEED: SeedFile = {
  accounts: [
    {
      sid: SID,
      apiKey: KEY,
      wabaId: "4440000000000000",
      // publishedUpdate left out: "refuse" by default
      flows: [
        { id: F.draft, name: "Draft" },
        { id: F.published, name: "Published", status: "PUBLISHED", flowJson: "{}" },
        { id: F.throttled, name: "Throttled", status: "THROTTLED" },
        { id: F.deprecated, name: "Deprecated", status: "DEPRECATED" },
        { id: F.blocked, name: "Blocked", status: "BLOCKED" },
        { id: F.reverts, name: "Reverts", status: "PUBLISHED", publishedUpdate: "revert-to-draft" },
      ],
    },
  ],
};

/** A valid Flow JSON: two screens, a navigate action to the second, the second terminal. */
const VALID = JSON.stringify(
  {
    version: "7.3",
    screens: [
      {
        id: "WELCOME",
        title: "Welcome",
        layout: {
          type: "SingleColumnLayout",
          children: [
            { type: "TextHeading", text: "Hello" },
            {
              type: "Footer",
              label: "Next",
              "on-click-action": { name: "navigate", next: { type: "screen", name: "DONE" }, payload: {} },
            },
          ],
        },
      },
      {
        id: "DONE",
        terminal: true,
        layout: {
          type: "SingleColumnLayout",
          children: [{ type: "Footer", label: "Finish", "on-click-action": { name: "complete", payload: {} } }],
        },
      },
    ],
  },
  null,
  2,
);

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

type Json = Record<string, any>;

/** A form as Update Flow JSON takes it; any field can be left out or changed. */
function form(text: string, fields: { name?: string | null; asset_type?: string | null; filename?: string } = {}) {
  const data = new FormData();
  data.set("file", new Blob([text], { type: "application/json" }), fields.filename ?? "my-flow.json");
  if (fields.name !== null) data.set("name", fields.name ?? "flow.json");
  if (fields.asset_type !== null) data.set("asset_type", fields.asset_type ?? "FLOW_JSON");
  return data;
}

async function upload(flow: string, body: FormData | string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${flow}/assets`, {
    method: "POST",
    headers: { "api-key": KEY, ...headers },
    body,
  });
  return { status: response.status, json: (await response.json()) as Json };
}

const errorsOf = async (text: string) => (await upload(F.draft, form(text))).json.data.validation_errors as Json[];

describe("Update Flow JSON", () => {
  test("a valid JSON on a DRAFT: stored, {success: true, validation_errors: []} (the list always comes)", async () => {
    const answer = await upload(F.draft, form(VALID));
    expect(answer).toEqual({
      status: 200,
      json: {
        code: "WA200",
        message: "Request Processed Successfully",
        data: { success: true, validation_errors: [] },
        error: {},
      },
    });
    expect(emulator.getFlow(SID, F.draft)).toMatchObject({ flowJson: VALID, validationErrors: [], uploads: 1 });
    await upload(F.draft, form(VALID));
    expect(emulator.getFlow(SID, F.draft)!.uploads).toBe(2);
  });

  test('detailsShape "bare": Meta\'s {success, validation_errors} with no envelope', async () => {
    emulator.patchAccount(SID, { detailsShape: "bare" });
    expect((await upload(F.draft, form(VALID))).json).toEqual({ success: true, validation_errors: [] });
  });

  test("any filename is fine; the file's bytes are stored as sent, whitespace and all", async () => {
    const text = `\n\n   ${VALID}\n\t`;
    expect((await upload(F.draft, form(text, { filename: "whatever.txt" }))).status).toBe(200);
    expect(emulator.getFlow(SID, F.draft)!.flowJson).toBe(text);
  });

  test("a hand-written multipart body (as curl -F sends) is read the same", async () => {
    const boundary = "------------------------d74496d66958873e";
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="name"',
      "",
      "flow.json",
      `--${boundary}`,
      'Content-Disposition: form-data; name="asset_type"',
      "",
      "FLOW_JSON",
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="flow.json"',
      "Content-Type: application/json",
      "",
      VALID,
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const answer = await upload(F.draft, body, { "content-type": `multipart/form-data; boundary=${boundary}` });
    expect(answer.status).toBe(200);
    expect(emulator.getFlow(SID, F.draft)!.flowJson).toBe(VALID);
  });

  test("an unknown flow is the flow_id WA-401 before anything about the form", async () => {
    expect(await upload("9999999999999999", "junk")).toEqual({ status: 401, json: FLOW_NOT_FOUND_BODY });
  });

  const without = (field: string) => {
    const data = form(VALID);
    data.delete(field);
    return data;
  };
  const plainFile = () => {
    const data = form(VALID);
    data.set("file", VALID); // a field, not a file
    return data;
  };
  const cases: [string, () => FormData | string, Record<string, string>, string][] = [
    ["not multipart (a JSON body)", () => JSON.stringify({ file: VALID }), {}, "multipart/form-data"],
    [
      "multipart without its closing boundary",
      () => '--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\nflow.json',
      { "content-type": "multipart/form-data; boundary=xyz" },
      "not valid multipart/form-data",
    ],
    ["no file", () => without("file"), {}, '"file" is required'],
    ["file as a plain field", plainFile, {}, '"file" must be a file'],
    ["no name", () => form(VALID, { name: null }), {}, '"name" is required and must be "flow.json"'],
    ["a wrong name", () => form(VALID, { name: "screens.json" }), {}, '"name" must be "flow.json", got "screens.json"'],
    ["no asset_type", () => form(VALID, { asset_type: null }), {}, '"asset_type" is required and must be "FLOW_JSON"'],
    ["a wrong asset_type", () => form(VALID, { asset_type: "flow_json" }), {}, '"asset_type" must be "FLOW_JSON"'],
  ];
  test.each(cases)("%s: 100 naming the field; nothing stored", async (_name, build, headers, message) => {
    const answer = await upload(F.draft, build(), headers);
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe("WA-400");
    expect(answer.json.error).toMatchObject({
      code: 100,
      type: "OAuthException",
      error_user_title: "Invalid parameter",
    });
    expect(answer.json.message).toContain(message);
    expect(emulator.getFlow(SID, F.draft)!.flowJson).toBeUndefined();
  });

  test("exactly 10 MB is accepted; one byte more is 139001 'Flow JSON is too large', nothing stored", async () => {
    const exact = VALID + " ".repeat(MAX_FLOW_JSON_BYTES - Buffer.byteLength(VALID));
    expect(Buffer.byteLength(exact)).toBe(10 * 1024 * 1024);
    const ok = await upload(F.draft, form(exact));
    expect(ok.json.data).toEqual({ success: true, validation_errors: [] });

    const over = await upload(F.draft, form(`${exact} `));
    expect(over.status).toBe(400);
    expect(over.json.error).toMatchObject({
      code: 139001,
      message: "Flow JSON is too large",
      error_user_msg: expect.stringContaining(`${10 * 1024 * 1024 + 1} bytes`),
    });
    expect(emulator.getFlow(SID, F.draft)!.flowJson).toBe(exact); // the earlier upload, unchanged
    // The log still keeps only the start of such a body.
    const [entry] = emulator.requests({ method: "POST" }).slice(-1);
    expect(entry).toMatchObject({ bodyTruncated: true });
    expect(entry.bodyBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(Buffer.byteLength(entry.body)).toBeLessThanOrEqual(emulator.requestLogLimits.maxBodyBytes);
  });

  test("a body far past the cap (20 MB) is drained and answered 139001 too", async () => {
    const answer = await upload(F.draft, form(" ".repeat(20 * 1024 * 1024)));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe(139001);
  });

  test("invalid JSON is stored anyway and answered as an INVALID_JSON validation error", async () => {
    const answer = await upload(F.draft, form('{"version": "7.3",}'));
    expect(answer.status).toBe(200);
    expect(answer.json.data.validation_errors).toEqual([
      {
        error: "INVALID_JSON",
        error_type: "FLOW_JSON_ERROR",
        message: expect.stringContaining("line 1, column 19"),
        line_start: 1,
        line_end: 1,
        column_start: 19,
        column_end: 19,
        pointers: [],
      },
    ]);
    expect(emulator.getFlow(SID, F.draft)!.flowJson).toBe('{"version": "7.3",}');
  });
});

describe("statuses", () => {
  test('PUBLISHED and THROTTLED, publishedUpdate "refuse": 139001 "Once published, ..."; nothing stored', async () => {
    for (const flow of [F.published, F.throttled]) {
      const before = emulator.getFlow(SID, flow);
      const answer = await upload(flow, form(VALID));
      expect(answer.status).toBe(400);
      expect(answer.json.message).toBe("Once published, Flows can no longer be updated");
      expect(answer.json.error).toMatchObject({ code: 139001, error_user_msg: expect.stringContaining(flow) });
      expect(emulator.getFlow(SID, flow)).toEqual(before);
    }
  });

  test("publishedUpdate \"revert-to-draft\" (the flow's or the account's): stored, back to DRAFT", async () => {
    const own = await upload(F.reverts, form(VALID));
    expect(own.json.data).toEqual({ success: true, validation_errors: [] });
    expect(emulator.getFlow(SID, F.reverts)).toMatchObject({ status: "DRAFT", flowJson: VALID, uploads: 1 });

    emulator.setPublishedUpdate(SID, "revert-to-draft");
    expect((await upload(F.throttled, form(VALID))).status).toBe(200);
    expect(emulator.getFlow(SID, F.throttled)).toMatchObject({ status: "DRAFT", flowJson: VALID });
  });

  test("DEPRECATED and BLOCKED: 139001 whatever publishedUpdate says; nothing stored", async () => {
    emulator.setPublishedUpdate(SID, "revert-to-draft");
    for (const [flow, status] of [
      [F.deprecated, "DEPRECATED"],
      [F.blocked, "BLOCKED"],
    ]) {
      const answer = await upload(flow, form(VALID));
      expect(answer.status).toBe(400);
      expect(answer.json.error).toMatchObject({ code: 139001 });
      expect(answer.json.message).toContain(status);
      expect(emulator.getFlow(SID, flow)).toEqual({ id: flow, name: expect.any(String), status });
    }
  });

  test('errorShape "meta": HTTP 400 with Meta\'s bare {error}', async () => {
    emulator.setErrorShape(SID, "meta");
    const answer = await upload(F.published, form(VALID));
    expect(answer).toEqual({
      status: 400,
      json: {
        error: {
          message: "Once published, Flows can no longer be updated",
          type: "OAuthException",
          code: 139001,
          error_user_title: "Once published, Flows can no longer be updated",
          error_user_msg: expect.any(String),
          fbtrace_id: expect.stringMatching(/^A[A-Za-z0-9_-]+$/),
        },
      },
    });
  });
});

describe("validation errors: where they are in the uploaded text", () => {
  // Meta's own sample reports an unknown component type at line 10, columns 21 to 34.
  const UNKNOWN_COMPONENT = [
    "{", // 1
    '  "version": "7.3",', // 2
    '  "screens": [', // 3
    "    {", // 4
    '      "id": "ONE",', // 5
    '      "terminal": true,', // 6
    '      "layout": {', // 7
    '        "type": "SingleColumnLayout",', // 8
    '        "children": [', // 9
    '          { "type": "TextHeadline", "text": "Hi" }', // 10: the value spans columns 21-34
    "        ]", // 11
    "      }", // 12
    "    }", // 13
    "  ]", // 14
    "}", // 15
  ].join("\n");

  test("an unknown component type: line 10, columns 21-34, with the path as pointer", async () => {
    expect(await errorsOf(UNKNOWN_COMPONENT)).toEqual([
      {
        error: "INVALID_PROPERTY_VALUE",
        error_type: "FLOW_JSON_ERROR",
        message: "Invalid value found for property 'type': \"TextHeadline\" is not a component type.",
        line_start: 10,
        line_end: 10,
        column_start: 21,
        column_end: 34,
        pointers: [
          {
            line_start: 10,
            line_end: 10,
            column_start: 21,
            column_end: 34,
            path: "screens[0].layout.children[0].type",
          },
        ],
      },
    ]);
  });

  test("a syntax error deep in the text: its own line and column (\\r\\n line ends too)", async () => {
    const text = '{\r\n  "version": "7.3",\r\n  "screens": [,]\r\n}';
    const [error] = await errorsOf(text);
    expect(error).toMatchObject({
      error: "INVALID_JSON",
      line_start: 3,
      column_start: 15,
      line_end: 3,
      column_end: 15,
    });
    expect((await errorsOf('{"a": "b\nc"}'))[0]).toMatchObject({
      error: "INVALID_JSON",
      line_start: 1,
      column_start: 9,
    });
    expect((await errorsOf(""))[0]).toMatchObject({ error: "INVALID_JSON", line_start: 1, column_start: 1 });
    expect((await errorsOf('{"version": "7.3"'))[0].message).toContain("end of input");
  });

  test("no terminal screen: the whole screens array, over several lines", async () => {
    const text = UNKNOWN_COMPONENT.replace('"terminal": true', '"terminal": false').replace(
      "TextHeadline",
      "TextHeading",
    );
    expect(await errorsOf(text)).toEqual([
      {
        error: "MISSING_TERMINAL_SCREEN",
        error_type: "FLOW_JSON_ERROR",
        message: expect.stringContaining("terminal"),
        line_start: 3,
        line_end: 14,
        column_start: 14,
        column_end: 3,
        pointers: [{ line_start: 3, line_end: 14, column_start: 14, column_end: 3, path: "screens" }],
      },
    ]);
  });

  test("a duplicated screen id points at the duplicate, then at the first use", async () => {
    const screen = (id: string) => ({ id, terminal: true, layout: { type: "SingleColumnLayout", children: [] } });
    const text = JSON.stringify({ version: "7.3", screens: [screen("A"), screen("A")] });
    const [error] = await errorsOf(text);
    const first = text.indexOf('"A"') + 1; // 1-based columns on the one line
    const second = text.indexOf('"A"', first) + 1;
    expect(error).toMatchObject({ error: "DUPLICATE_SCREEN_ID", column_start: second, column_end: second + 2 });
    expect(error.pointers.map((p: Json) => [p.path, p.column_start])).toEqual([
      ["screens[1].id", second],
      ["screens[0].id", first],
    ]);
  });

  const screen = (extra: Json = {}) => ({
    id: "ONE",
    terminal: true,
    layout: { type: "SingleColumnLayout", children: [] },
    ...extra,
  });
  test.each([
    ["no version", { screens: [screen()] }, ["MISSING_REQUIRED_PROPERTY"], [""]],
    ["an unpublishable version", { version: "3.1", screens: [screen()] }, ["INVALID_VERSION"], ["version"]],
    ["a version as a number", { version: 7.3, screens: [screen()] }, ["INVALID_VERSION"], ["version"]],
    ["no screens", { version: "7.3" }, ["MISSING_REQUIRED_PROPERTY"], [""]],
    ["screens not an array", { version: "7.3", screens: {} }, ["INVALID_PROPERTY_TYPE"], ["screens"]],
    ["screens empty", { version: "7.3", screens: [] }, ["INVALID_PROPERTY_VALUE"], ["screens"]],
    [
      "a screen id SUCCESS",
      { version: "7.3", screens: [screen({ id: "SUCCESS" })] },
      ["RESERVED_SCREEN_ID"],
      ["screens[0].id"],
    ],
    [
      "a screen without id",
      { version: "7.3", screens: [screen({ id: undefined })] },
      ["MISSING_REQUIRED_PROPERTY"],
      ["screens[0]"],
    ],
    [
      "a navigate to a missing screen",
      {
        version: "7.3",
        screens: [
          screen({
            layout: {
              type: "SingleColumnLayout",
              children: [{ type: "Footer", "on-click-action": { name: "navigate", next: { name: "NOWHERE" } } }],
            },
          }),
        ],
      },
      ["UNKNOWN_SCREEN"],
      ["screens[0].layout.children[0].on-click-action.next.name"],
    ],
    [
      "an unknown type inside a Form, an If and a Switch",
      {
        version: "7.3",
        screens: [
          screen({
            layout: {
              type: "SingleColumnLayout",
              children: [
                { type: "Form", name: "f", children: [{ type: "Slider" }] },
                { type: "If", condition: "true", then: [{ type: "TextBody", text: "x" }], else: [{ type: "Map" }] },
                { type: "Switch", value: "${data.x}", cases: { a: [{ type: "Video" }] } },
              ],
            },
          }),
        ],
      },
      ["INVALID_PROPERTY_VALUE", "INVALID_PROPERTY_VALUE", "INVALID_PROPERTY_VALUE"],
      [
        "screens[0].layout.children[0].children[0].type",
        "screens[0].layout.children[1].else[0].type",
        "screens[0].layout.children[2].cases.a[0].type",
      ],
    ],
    [
      "a data_api_version that is not 3.0 or 4.0, and no routing_model",
      { version: "7.3", data_api_version: "2.0", screens: [screen()] },
      ["INVALID_DATA_API_VERSION", "MISSING_REQUIRED_PROPERTY"],
      ["data_api_version", "data_api_version"],
    ],
    ["the document an array", [screen()], ["INVALID_PROPERTY_TYPE"], [""]],
  ])("%s", async (_name, value, errors, paths) => {
    const found = await errorsOf(JSON.stringify(value, null, 2));
    expect(found.map((e) => e.error)).toEqual(errors);
    expect(found.map((e) => e.pointers[0].path)).toEqual(paths);
    for (const e of found) expect(e.error_type).toMatch(/^(FLOW_JSON_ERROR|JSON_SCHEMA_ERROR)$/);
  });

  test("every publishable version and both data API versions (with a routing_model) are valid", async () => {
    for (const version of ["5.1", "6.0", "6.1", "6.2", "6.3", "7.0", "7.1", "7.2", "7.3"]) {
      for (const dataApi of [undefined, "3.0", "4.0"]) {
        const value = {
          version,
          ...(dataApi ? { data_api_version: dataApi, routing_model: {} } : {}),
          screens: [screen()],
        };
        expect(await errorsOf(JSON.stringify(value))).toEqual([]);
      }
    }
    expect(await errorsOf(VALID)).toEqual([]);
  });

  test("every component type of Meta's reference is known", async () => {
    const types = [
      "TextHeading",
      "TextSubheading",
      "TextBody",
      "TextCaption",
      "RichText",
      "TextInput",
      "TextArea",
      "CheckboxGroup",
      "RadioButtonsGroup",
      "ChipsSelector",
      "Dropdown",
      "DatePicker",
      "CalendarPicker",
      "OptIn",
      "EmbeddedLink",
      "Footer",
      "Image",
      "ImageCarousel",
      "PhotoPicker",
      "DocumentPicker",
      "NavigationList",
      "If",
      "Switch",
      "Form",
    ];
    const value = {
      version: "7.3",
      screens: [screen({ layout: { type: "SingleColumnLayout", children: types.map((type) => ({ type })) } })],
    };
    expect(await errorsOf(JSON.stringify(value))).toEqual([]);
  });
});

describe('validationStyle "messageOnly"', () => {
  test("only {error, error_type, message}, the path in the message; the account's or the flow's setting", async () => {
    emulator.patchAccount(SID, { validationStyle: "messageOnly" });
    const [error] = await errorsOf(JSON.stringify({ version: "9.9", screens: [] }));
    expect(error).toEqual({
      error: "INVALID_VERSION",
      error_type: "FLOW_JSON_ERROR",
      message: expect.stringMatching(/"9\.9" cannot be published.*\(at version\)$/),
    });

    emulator.setValidationStyle(SID, "full", F.draft); // the flow's own setting wins
    expect(Object.keys((await errorsOf("[]"))[0])).toContain("pointers");
    emulator.setValidationStyle(SID, null, F.draft);
    expect((await errorsOf("nope"))[0]).toEqual({
      error: "INVALID_JSON",
      error_type: "FLOW_JSON_ERROR",
      message: expect.stringContaining("line 1, column 1"), // no path: the message as it is
    });
  });

  test("Get Flow Details writes them the same way", async () => {
    await upload(F.draft, form('{"version": "7.3"}'));
    emulator.setValidationStyle(SID, "messageOnly", F.draft);
    const response = await fetch(`${emulator.url}/v2/${SID}/whatsapp/${F.draft}?fields=validation_errors`, {
      headers: { "api-key": KEY },
    });
    const { data } = (await response.json()) as Json;
    expect(data.validation_errors).toEqual([
      {
        error: "MISSING_REQUIRED_PROPERTY",
        error_type: "JSON_SCHEMA_ERROR",
        message: "The property 'screens' is required.",
      },
    ]);
  });
});
