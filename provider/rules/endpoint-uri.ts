import { show } from "../text/quote";
import { bad, Checked, ok } from "./checked";
import { classifyHost, HostKind } from "./network";

/**
 * The longest endpoint URI accepted. Meta documents no limit; 2048 characters is what URLs
 * are held to in practice (browsers, CDNs, most HTTP servers' request lines), and a longer
 * one is a paste gone wrong.
 */
export const ENDPOINT_URI_MAX_LENGTH = 2048;

const EXAMPLE = `e.g. "https://flows.example.com/endpoint"`;

const UNREACHABLE: Record<Exclude<HostKind, "public">, string> = {
  loopback: "a loopback address (this machine)",
  private: "a private network address",
  "link-local": "a link-local address",
  unspecified: "an unspecified address",
  reserved: "a reserved or multicast address",
  "local-name": "a name that only resolves inside a local network",
};

/**
 * An endpoint URI: an absolute `https` URL that Meta's servers can reach: a valid port, no
 * credentials, no fragment, not a loopback, private or link-local address (nor a name that
 * only resolves locally), at most {@link ENDPOINT_URI_MAX_LENGTH} characters.
 *
 * The text sent is the text written, so it must already be the URL parser's canonical form
 * (scheme and host in lower case, no default port, spaces percent-encoded, no stray
 * whitespace or backslashes); an empty path may be written without its `/`. Anything the
 * parser would have to clean up is refused, and the message gives the form to write.
 */
export function checkEndpointUri(value: unknown): Checked<string> {
  if (typeof value !== "string")
    return bad(`endpointUri must be a string, an absolute https URL, got ${show(value)}. For example ${EXAMPLE}.`);
  if (value.length > ENDPOINT_URI_MAX_LENGTH) {
    return bad(
      `endpointUri ${show(value)} has ${value.length} characters; the limit is ${ENDPOINT_URI_MAX_LENGTH}. Use a ` +
        `shorter URL for the flow's endpoint.`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return bad(
      `endpointUri ${show(value)} is not an absolute URL. Give the full https URL of your flow endpoint, ${EXAMPLE}.`,
    );
  }
  if (url.protocol !== "https:") {
    return bad(
      `endpointUri ${show(value)} uses ${show(url.protocol.replace(/:$/, ""))}; WhatsApp only calls https ` +
        `endpoints. Use an https:// URL, ${EXAMPLE}.`,
    );
  }
  if (url.username || url.password || /^[^/?#]*\/\/[^/?#]*@/.test(value)) {
    return bad(
      `endpointUri ${show(value)} holds credentials (user:password@). Remove them: Meta calls the endpoint ` +
        `without them, and they would be stored in plain text in the stack.`,
    );
  }
  if (value.includes("#"))
    return bad(`endpointUri ${show(value)} has a fragment (#...), which is never sent to a server. Remove it.`);
  if (url.port === "0")
    return bad(
      `endpointUri ${show(value)} has port 0, which nothing listens on. Use the endpoint's real port, or none for 443.`,
    );
  const kind = classifyHost(url.hostname);
  if (kind !== "public") {
    return bad(
      `endpointUri ${show(value)} points at ${UNREACHABLE[kind]}; Meta's servers call the endpoint over the ` +
        `internet and cannot reach it. Use the endpoint's public https URL, ${EXAMPLE}.`,
    );
  }
  const canonical = url.href;
  const bareOrigin = url.pathname === "/" && !url.search && value + "/" === canonical;
  if (value !== canonical && !bareOrigin) {
    return bad(
      `endpointUri ${show(value)} is not written the way a URL parser reads it (${cleanupOf(value)}), so what is ` +
        `checked would differ from what is sent. Write it as ${show(canonical)}.`,
    );
  }
  return ok(value);
}

/** What the URL parser changed, in a few words, for the message. */
function cleanupOf(value: string): string {
  if (value !== value.trim()) return "surrounding white space";
  if (/[\t\n\r]/.test(value)) return "a tab or line break";
  if (/\s/.test(value)) return "white space";
  if (value.includes("\\")) return "backslashes";
  if (/[^\x21-\x7e]/.test(value)) return "characters that must be percent-encoded";
  if (!/^https:\/\//.test(value)) return "the scheme is not written as https://";
  return "case, default port, dot segments or encoding";
}
