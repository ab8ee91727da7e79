import { kindOf } from "../text/quote";
import { bad, Checked, ok } from "./checked";
import { isLoopbackHost } from "./network";

/**
 * The account selection: SID, region and API domain. These are settings as much as inputs
 * (they may come from stack config or the environment), so no message here ever repeats the
 * value: a key pasted into the wrong setting must not end up in a CI log. Each check takes
 * the `source` to name: the property (`sid`), the config key (`kaleyra:sid`) or the variable
 * (`KALEYRA_SID`).
 */

/** The Kaleyra pods the seed page lists, by the region names this package accepts. */
export const REGION_DOMAINS = {
  IN: "api.in.kaleyra.io",
  SG: "api.ap.kaleyra.io",
  EU: "api.eu.kaleyra.io",
} as const;

/** `IN`, `SG` or `EU`. */
export type Region = keyof typeof REGION_DOMAINS;

/** The region used when none is set anywhere. */
export const DEFAULT_REGION: Region = "IN";

/** The longest SID accepted. Kaleyra's are 16 characters (`HXAP16XXXXXX97IN`). */
export const SID_MAX_LENGTH = 64;

/** What is wrong with a text value, without saying what it is. */
function describeText(value: string): string {
  if (value === "") return "it is empty";
  if (value.trim() !== value) return "it has white space around it";
  if (/[^\x21-\x7e]/.test(value)) return "it holds white space, a control character or a non-ASCII character";
  return `it has ${Array.from(value).length} characters`;
}

/** An account SID: letters and digits, as Kaleyra issues them (e.g. HXAP16XXXXXX97IN). */
export function checkSid(value: unknown, source = "sid"): Checked<string> {
  const fix =
    "Use the account's SID, letters and digits such as HXAP16XXXXXX97IN (Kaleyra console > Developers > API Keys).";
  if (typeof value !== "string") return bad(`${source} must be a string, got ${kindOf(value)}. ${fix}`);
  if (!/^[A-Za-z0-9]+$/.test(value) || value.length > SID_MAX_LENGTH) {
    const what = /^[A-Za-z0-9]+$/.test(value)
      ? `it has ${value.length} characters, more than ${SID_MAX_LENGTH}`
      : value === "" || /[^\x21-\x7e]/.test(value)
        ? describeText(value)
        : "it holds a character other than a letter or digit";
    return bad(`${source} is not a Kaleyra SID: ${what} (the value is not shown: settings may hold secrets). ${fix}`);
  }
  return ok(value);
}

/** A region: IN, SG or EU, in any case. */
export function checkRegion(value: unknown, source = "region"): Checked<Region> {
  const fix =
    "Use one of IN (api.in.kaleyra.io), SG (api.ap.kaleyra.io), EU (api.eu.kaleyra.io), or set apiDomain for " +
    "another pod.";
  if (typeof value !== "string") return bad(`${source} must be a string, got ${kindOf(value)}. ${fix}`);
  const region = value.toUpperCase();
  if (Object.prototype.hasOwnProperty.call(REGION_DOMAINS, region)) return ok(region as Region);
  return bad(`${source} is not a Kaleyra pod (the value is not shown: settings may hold secrets). ${fix}`);
}

/**
 * An API domain: a bare host (https is implied) or an origin. Plain `http` is accepted only
 * for this machine (127.0.0.0/8, ::1, `localhost`), where the emulator runs: anywhere else
 * the API key would cross the network unencrypted. No credentials, path, query, fragment,
 * and no scheme-relative `//host` (which would guess the scheme). Returns the origin, e.g.
 * `https://api.in.kaleyra.io`.
 */
export function checkApiDomain(value: unknown, source = "apiDomain"): Checked<string> {
  const fix =
    "Use a host such as api.in.kaleyra.io (https is implied) or, for the emulator on this machine, an origin such " +
    "as http://127.0.0.1:4010.";
  const refuse = (what: string, extraFix = fix) =>
    bad(`${source} ${what} (the value is not shown: settings may hold secrets). ${extraFix}`);
  if (typeof value !== "string") return bad(`${source} must be a string, got ${kindOf(value)}. ${fix}`);
  if (value === "" || /[^\x21-\x7e]/.test(value)) return refuse(`is not a host or origin: ${describeText(value)}`);
  if (value.startsWith("//"))
    return refuse(
      "starts with // (scheme-relative): say which scheme",
      `Write https://<host>, or just the host. ${fix}`,
    );
  const hasScheme = value.includes("://");
  let url: URL;
  try {
    url = new URL(hasScheme ? value : `https://${value}`);
  } catch {
    return refuse("is not a host or origin");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return refuse(
      `uses the scheme ${url.protocol.replace(/:$/, "")}; only https (and http to this machine) can reach Kaleyra`,
    );
  const start = hasScheme ? value.indexOf("://") + 3 : 0;
  const authority = value.slice(start).split(/[/?#]/)[0];
  if (url.username || url.password || authority.includes("@")) {
    return refuse(
      "holds credentials (user:password@)",
      `Remove them: the API key goes in kaleyra:apiKey or KALEYRA_API_KEY. ${fix}`,
    );
  }
  if (value.includes("\\")) return refuse("holds a backslash");
  const rest = value.slice(start + authority.length);
  if (rest !== "" && rest !== "/") {
    return refuse(
      "has a path, query or fragment after the host",
      `Give the host or origin only: the package adds /v2/<sid>/whatsapp/... itself. ${fix}`,
    );
  }
  if (url.hostname === "") return refuse("has no host");
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return refuse(
      "uses plain http to a host that is not this machine",
      "The API key would travel unencrypted. Use https (or a bare host, which means https); plain http is " +
        "accepted only for 127.0.0.1, ::1 and localhost, where the emulator runs.",
    );
  }
  return ok(url.origin);
}
