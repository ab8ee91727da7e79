import { quote } from "../text/quote";
import { redactKnownSecrets } from "../redaction/known-secrets";

/** The request a failure was about: method, origin and path. Never headers, never a body. */
export interface RequestSummary {
  readonly method: string;
  /** The API origin, e.g. `https://api.in.kaleyra.io`. */
  readonly origin: string;
  /** The URL path, without the query string. */
  readonly path: string;
}

/**
 * The facts a {@link KaleyraError} can carry, declared once: every error of the package
 * exposes them as readonly fields (undefined where they do not apply). Every string in them
 * that came from a response was redacted before the error was built.
 */
export interface KaleyraErrorFacts {
  /** HTTP status of the response; undefined when no response arrived or nothing was sent. */
  readonly status?: number;
  /** Kaleyra's own code from the response body, e.g. `RBC001`, `WA-401`. */
  readonly code?: string;
  /** Kaleyra's message from the response body, plus its `error` detail where that adds to it. */
  readonly kaleyraMessage?: string;
  /** Meta's error code when the body carries Meta's error object (`error.code`), e.g. `139002`. */
  readonly metaCode?: number;
  /** The flow the failure is about. */
  readonly flowId?: string;
  /** The WhatsApp Business Account the failure is about (listing its flows). */
  readonly wabaId?: string;
  /** The account SID. */
  readonly sid?: string;
  /** The request that failed. */
  readonly request?: RequestSummary;
  /** Attempts made, retries included. */
  readonly attempts?: number;
  /** The low-level cause (a socket error, say), reduced to a redacted message. */
  readonly causeMessage?: string;
}

/** How a {@link KaleyraError} is made: its facts, and what to do about it. */
export interface KaleyraErrorInit extends KaleyraErrorFacts {
  /** What the user should do. Also the end of the message. */
  readonly hint: string;
}

const FACT_KEYS: ReadonlyArray<keyof KaleyraErrorFacts> = [
  "status",
  "code",
  "kaleyraMessage",
  "metaCode",
  "flowId",
  "wabaId",
  "sid",
  "request",
  "attempts",
  "causeMessage",
];

// Declaration merging: the class's instances have the facts as readonly fields, declared
// (with their documentation) once, in KaleyraErrorFacts; the constructor sets every one.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface KaleyraError extends KaleyraErrorFacts {}

/**
 * The root of every error this package throws: API failures, configuration problems, flows
 * that refuse a change, responses it does not recognise, flows files with problems. Catch
 * this one class to catch them all; `instanceof` a subclass for one kind.
 *
 * The message is written for the person running `pulumi up`: which flow, which account,
 * what happened (HTTP status, Kaleyra's code and message) and what to do. The same facts are
 * typed fields for programs. No error holds request headers or config, and every string
 * taken from a response is redacted before it gets here; as a last line of defence the
 * message and facts are also passed through every API key the package has seen in this
 * process.
 *
 * This class deliberately has no `id` property: the dynamic-provider host treats an error
 * with an `id` as "created but failed to initialise" and would record a resource.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class KaleyraError extends Error {
  /** What the user should do about it. Also the last sentence of `message`. */
  readonly hint: string;

  /**
   * @param message The whole message (see {@link describeFailure} for the usual form).
   * @param init The hint and the facts.
   */
  constructor(message: string, init: KaleyraErrorInit) {
    super(redactKnownSecrets(message));
    this.name = new.target.name;
    this.hint = redactKnownSecrets(init.hint);
    for (const key of FACT_KEYS) {
      const value = init[key];
      if (value === undefined) continue;
      (this as Record<string, unknown>)[key] = typeof value === "string" ? redactKnownSecrets(value) : value;
    }
  }

  /** A plain object for logs and JSON: the name, message and every fact that is set. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...Object.fromEntries(Object.entries(this)) };
  }
}

/**
 * The usual message of a failed call:
 * `Kaleyra flow 123 (account HX.. at https://..): <summary> after 3 attempts: HTTP 401 RBC001 "...". <hint>`
 */
export function describeFailure(summary: string, hint: string, facts: KaleyraErrorFacts): string {
  const subject = facts.flowId ? `flow ${facts.flowId}` : facts.wabaId ? `WABA ${facts.wabaId}` : "request";
  const account = facts.sid ? ` (account ${facts.sid}${facts.request ? ` at ${facts.request.origin}` : ""})` : "";
  const detail = [
    facts.status !== undefined ? `HTTP ${facts.status}` : undefined,
    // Kaleyra's words are shown quoted and escaped: they came from a response.
    facts.code !== undefined
      ? /^[A-Za-z0-9_-]{1,40}$/.test(facts.code)
        ? facts.code
        : quote(facts.code, 40)
      : undefined,
    facts.metaCode !== undefined ? `(Meta error ${facts.metaCode})` : undefined,
    facts.kaleyraMessage ? quote(facts.kaleyraMessage, 300) : undefined,
  ].filter(Boolean);
  const said = detail.length > 0 ? `: ${detail.join(" ")}` : "";
  const cause = facts.causeMessage ? ` (${facts.causeMessage})` : "";
  const attempts = facts.attempts && facts.attempts > 1 ? ` after ${facts.attempts} attempts` : "";
  return `Kaleyra ${subject}${account}: ${summary}${attempts}${said}${cause}. ${hint}`;
}
