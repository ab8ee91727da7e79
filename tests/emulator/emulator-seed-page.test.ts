/**
 * Every request and response example of Kaleyra's "Update Flow Metadata" page, replayed
 * against the emulator over real HTTP. The expected bodies are cut out of the page itself
 * (tests/fixtures is a verbatim copy of shared/seed), so a body that differs by one space
 * from the documentation fails here.
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { RunningEmulator, SeedFile, startEmulator } from "../../emulator";

const PAGE = readFileSync(path.join(__dirname, "..", "fixtures", "kaleyra-update-flow-metadata.txt"), "utf8");

/** The page's JSON response blocks, in order: a line that is just "{" to a line that is just "}". */
const BLOCKS = [...PAGE.matchAll(/^\{\n[\s\S]*?^\}/gm)].map((m) => m[0]);
const [SUCCESS, RBC001, WRONG_ACCOUNT, BAD_PAYLOAD, SERVER_ERROR, FLOW_ID] = BLOCKS;

/** The sample request of the page, exactly as its curl sends it. */
const sample = (() => {
  const section = PAGE.slice(PAGE.indexOf("Sample Request Format"));
  const url = /'https:\/\/<api_domain>(\/v2\/[^']+)'/.exec(section)![1];
  const apiKey = /--header 'api-key: ([^']+)'/.exec(section)![1];
  const data = /--data '([\s\S]*?)'/.exec(section)![1];
  return { url, apiKey, data };
})();

// The page masks digits of its flow id with X; a flow id is digits, so the seed uses
// the same shape with zeros.
const SAMPLE_SID = "HXAP16XXXXXX97IN";
const SAMPLE_FLOW = "12XXXXXXXXXXXXX".replace(/X/g, "0");

const SEED: SeedFile = {
  accounts: [
    { sid: SAMPLE_SID, apiKey: sample.apiKey, flows: [{ id: SAMPLE_FLOW, name: "Old name", categories: ["SIGN_UP"] }] },
    { sid: "HXAP16NOFLOW77IN", apiKey: "Anoflow0000000000000000000000007", flowApi: false },
  ],
};

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED, quiet: true });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.loadSeed(SEED));

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/** What `curl --request POST --header 'api-key: ...' --data '...'` sends: a form content-type. */
function curlPost(urlPath: string, headers: Record<string, string>, data: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${emulator.url}${urlPath}`,
      {
        method: "POST",
        headers: {
          accept: "*/*",
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(data),
          ...headers,
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode!, contentType: response.headers["content-type"], text }),
        );
      },
    );
    request.on("error", reject);
    request.end(data);
  });
}

const samplePath = (sid = SAMPLE_SID, flow = SAMPLE_FLOW) => `/v2/${sid}/whatsapp/${flow}`;

test("the page has the six response blocks this suite expects", () => {
  expect(BLOCKS).toHaveLength(6);
  expect(BLOCKS.map((b) => JSON.parse(b).code)).toEqual(["WA200", "RBC001", "WA-401", "WA-400", "WA-500", "WA-401"]);
  expect(sample.url).toBe("/v2/HXAP16XXXXXX97IN/whatsapp/12XXXXXXXXXXXXX");
});

test("the sample request, sent as the page's curl sends it, answers the sample success body byte for byte", async () => {
  const answer = await curlPost(samplePath(), { "api-key": sample.apiKey }, sample.data);
  expect(answer.status).toBe(200);
  expect(answer.contentType).toBe("application/json");
  expect(answer.text).toBe(SUCCESS);
  expect(JSON.parse(answer.text)).toEqual({
    code: "WA200",
    message: "Request Processed Successfully",
    data: { success: true },
    error: {},
  });
  expect(emulator.getFlow(SAMPLE_SID, SAMPLE_FLOW)).toEqual({
    id: SAMPLE_FLOW,
    name: "This is the first flow",
    categories: ["SIGN_IN"],
    endpoint_uri: "https://www.tatacommunications.com/",
    status: "DRAFT",
  });
  const [logged] = emulator.requests();
  expect(logged.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  expect(logged.body).toBe(sample.data);
});

describe("each failure response of the page: status, exact text, same JSON", () => {
  test.each([
    [
      "401 Unauthorized: wrong api-key",
      () => curlPost(samplePath(), { "api-key": `${sample.apiKey}x` }, sample.data),
      401,
      () => RBC001,
    ],
    ["401 Unauthorized: no api-key", () => curlPost(samplePath(), {}, sample.data), 401, () => RBC001],
    [
      "401 Unauthorized: unknown sid",
      () => curlPost(samplePath("HXAP16UNKNOWN9IN"), { "api-key": sample.apiKey }, sample.data),
      401,
      () => RBC001,
    ],
    [
      "401 Wrong account: Flow API not enabled",
      () => curlPost(samplePath("HXAP16NOFLOW77IN"), { "api-key": "Anoflow0000000000000000000000007" }, sample.data),
      401,
      () => WRONG_ACCOUNT,
    ],
    [
      "400 Incorrect payload",
      () => curlPost(samplePath(), { "api-key": sample.apiKey }, '{"name": ""}'),
      400,
      () => BAD_PAYLOAD,
    ],
    [
      "500 Internal Server Error",
      () => {
        emulator.addFault({ type: "error500", times: 1 });
        return curlPost(samplePath(), { "api-key": sample.apiKey }, sample.data);
      },
      500,
      () => SERVER_ERROR,
    ],
    [
      "401 flow_id",
      () => curlPost(samplePath(SAMPLE_SID, "1234567890123456"), { "api-key": sample.apiKey }, sample.data),
      401,
      () => FLOW_ID,
    ],
  ] as const)("%s", async (_name, send, status, expected) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.contentType).toBe("application/json");
    expect(answer.text).toBe(expected());
    expect(JSON.parse(answer.text)).toEqual(JSON.parse(expected()));
    // A refused request changes nothing.
    expect(emulator.getFlow(SAMPLE_SID, SAMPLE_FLOW)!.name).toBe("Old name");
  });
});

test("the request format's placeholders: every documented field is optional, each alone is accepted", async () => {
  for (const body of [
    { name: "n" },
    { endpoint_uri: "https://example.com/x" },
    { categories: ["SIGN_UP", "SURVEY"] },
  ]) {
    const answer = await curlPost(samplePath(), { "api-key": sample.apiKey }, JSON.stringify(body));
    expect([answer.status, answer.text]).toEqual([200, SUCCESS]);
  }
  expect(emulator.getFlow(SAMPLE_SID, SAMPLE_FLOW)).toEqual({
    id: SAMPLE_FLOW,
    name: "n",
    categories: ["SIGN_UP", "SURVEY"],
    endpoint_uri: "https://example.com/x",
    status: "DRAFT",
  });
});

test("all nine documented categories are accepted together", async () => {
  const categories = [
    "SIGN_UP",
    "SIGN_IN",
    "APPOINTMENT_BOOKING",
    "LEAD_GENERATION",
    "SHOPPING",
    "CONTACT_US",
    "CUSTOMER_SUPPORT",
    "SURVEY",
    "OTHER",
  ];
  const answer = await curlPost(samplePath(), { "api-key": sample.apiKey }, JSON.stringify({ categories }));
  expect(answer.status).toBe(200);
  expect(emulator.getFlow(SAMPLE_SID, SAMPLE_FLOW)!.categories).toEqual(categories);
});
