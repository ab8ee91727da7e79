import type { ValidSeed } from "./seed";

/**
 * The seed the emulator loads when none is given. Its keys are public (they exist only
 * here), so docs, examples and the CLI may print them. Typed as an already validated seed
 * (every default filled in), so `DEMO_SEED.accounts[0].flows[0].id` needs no checks.
 *
 * - `HXAP16DEMO0097IN`, key `Ademo0000000000000000000000000003`, WABA `1029384756102938`, Flow
 *   API enabled: `1234567890123451` "Sign up" [SIGN_UP], endpoint
 *   `https://example.com/flows/sign-up`, DRAFT; `1234567890123452` "Book an appointment"
 *   [APPOINTMENT_BOOKING], PUBLISHED; `1234567890123453` "Customer survey" [SURVEY, OTHER], DRAFT.
 * - `HXEU16DEMO0042EU`, key `Ademo0000000000000000000000000EU4`, WABA `2938475610293847`, Flow
 *   API enabled: `9876543210987651` "Lead capture" [LEAD_GENERATION], DRAFT.
 * - `HXAP16NOFLOW01IN`, key `Ademo00000000000000000000000000N5`, WABA `3847561029384756`, Flow
 *   API disabled: no flows (every call answers the seed's "API is not available" WA-401).
 *
 * Every demo account plays `publishedUpdate: "revert-to-draft"`: the demo has always let
 * clients update its PUBLISHED booking flow (200), and examples, benchmarks and end-to-end
 * tests rely on that; the flow then becomes DRAFT. A seed of your own defaults to `refuse`.
 */
export const DEMO_SEED: ValidSeed = Object.freeze({
  accounts: Object.freeze([
    Object.freeze({
      sid: "HXAP16DEMO0097IN",
      apiKey: "Ademo0000000000000000000000000003",
      wabaId: "1029384756102938",
      flowApi: true,
      publishedUpdate: "revert-to-draft",
      pageSize: 25,
      listShape: "envelope",
      detailsShape: "envelope",
      flows: Object.freeze([
        Object.freeze({
          id: "1234567890123451",
          name: "Sign up",
          categories: Object.freeze(["SIGN_UP"]),
          endpoint_uri: "https://example.com/flows/sign-up",
          status: "DRAFT",
        }),
        Object.freeze({
          id: "1234567890123452",
          name: "Book an appointment",
          categories: Object.freeze(["APPOINTMENT_BOOKING"]),
          status: "PUBLISHED",
        }),
        Object.freeze({
          id: "1234567890123453",
          name: "Customer survey",
          categories: Object.freeze(["SURVEY", "OTHER"]),
          status: "DRAFT",
        }),
      ]),
    }),
    Object.freeze({
      sid: "HXEU16DEMO0042EU",
      apiKey: "Ademo0000000000000000000000000EU4",
      wabaId: "2938475610293847",
      flowApi: true,
      publishedUpdate: "revert-to-draft",
      pageSize: 25,
      listShape: "envelope",
      detailsShape: "envelope",
      flows: Object.freeze([
        Object.freeze({
          id: "9876543210987651",
          name: "Lead capture",
          categories: Object.freeze(["LEAD_GENERATION"]),
          status: "DRAFT",
        }),
      ]),
    }),
    Object.freeze({
      sid: "HXAP16NOFLOW01IN",
      apiKey: "Ademo00000000000000000000000000N5",
      wabaId: "3847561029384756",
      flowApi: false,
      publishedUpdate: "revert-to-draft",
      pageSize: 25,
      listShape: "envelope",
      detailsShape: "envelope",
      flows: Object.freeze([]),
    }),
  ]),
} as ValidSeed);
