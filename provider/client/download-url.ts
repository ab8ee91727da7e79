import { bad, type Checked, ok } from "../rules/checked";
import { isLoopbackHost } from "../rules/network";

/**
 * Whether a `download_url` from a response may be fetched: an absolute https URL, or plain
 * http to this machine (the emulator), as for `apiDomain`; no user:password. It is fetched
 * with no key and no header (transport.ts `download`), so the worst a hostile URL gets is a
 * request from this machine with nothing of the user's in it. Reasons never show the URL:
 * its query may be signed.
 */
export function checkDownloadUrl(text: string): Checked<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return bad("is not an absolute URL");
  }
  if (url.username || url.password) return bad("holds credentials, and is not fetched");
  if (url.protocol === "https:") return ok(url);
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return ok(url);
  return bad(
    `uses ${url.protocol.replace(/:$/, "")} to ${url.hostname}: only https (and http to this machine) is fetched`,
  );
}
