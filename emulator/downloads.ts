/**
 * The `download_url`s of Get Flow Assets. Meta's point at a CDN on another host, signed and
 * short-lived; the emulator serves them itself outside `/v2` (`/__assets/<token>`), on
 * another host name for the same machine where it can (`localhost` for a request that came
 * to `127.0.0.1`, and back), with no api-key needed. Every download is logged with its
 * headers, so a test can prove a client sent the key (or anything else) nowhere it should not.
 */
import { randomBytes } from "node:crypto";
import { DEFAULT_OVERSIZED_BYTES, FaultRule } from "./faults";
import type { PreparedResponse } from "./responses";

/** The path prefix of download links. */
export const ASSET_PREFIX = "/__assets";

/** One issued link: whose asset it is, and the Flow JSON as it was when the link was given out. */
export interface AssetLink {
  readonly sid: string;
  readonly flowId: string;
  readonly text: string;
}

/** The most links kept; the oldest are forgotten first (their downloads then answer 404, as expired ones do). */
export const MAX_ASSET_LINKS = 1000;
/** The most bytes of Flow JSON the kept links may hold together. */
export const MAX_ASSET_LINK_BYTES = 64 * 1024 * 1024;

/** The links given out, by token; bounded so a long run cannot grow it without end. */
export class AssetLinks {
  private readonly links = new Map<string, AssetLink & { bytes: number }>();
  private bytes = 0;

  /** Gives out a new link to `text` (a snapshot: later uploads do not change what it serves). */
  issue(sid: string, flowId: string, text: string): string {
    const token = randomBytes(18).toString("base64url");
    const bytes = text.length * 2; // a JS string's size, near enough
    this.links.set(token, { sid, flowId, text, bytes });
    this.bytes += bytes;
    for (const [oldest, link] of this.links) {
      if (this.links.size <= MAX_ASSET_LINKS && (this.bytes <= MAX_ASSET_LINK_BYTES || this.links.size === 1)) break;
      this.links.delete(oldest);
      this.bytes -= link.bytes;
    }
    return token;
  }

  /** The link with this token, or undefined (never issued, forgotten, or cleared). */
  get(token: string): AssetLink | undefined {
    return this.links.get(token);
  }

  /** Forgets every link (a seed load). */
  clear(): void {
    this.links.clear();
    this.bytes = 0;
  }
}

/** A download path split: the token, and whether it is the target of a `redirect` fault. */
export interface AssetPath {
  readonly token: string;
  readonly redirected: boolean;
}

/** `/__assets/<token>` or `/__assets/<token>/redirected`, or undefined for anything else. */
export function parseAssetPath(path: string): AssetPath | undefined {
  const match = /^\/__assets\/([A-Za-z0-9_-]{1,64})(\/redirected)?$/.exec(path);
  return match ? { token: match[1], redirected: match[2] !== undefined } : undefined;
}

/**
 * The `host[:port]` download links use: the other loopback name for the one the request
 * used (`127.0.0.1` ↔ `localhost`), so a client sees a host other than its API's; any other
 * host is kept (the emulator cannot know another name that reaches it).
 */
export function otherHost(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(:\d+)?$/.exec(host);
  if (!match) return host;
  const [, name, port = ""] = match;
  const swapped = name === "127.0.0.1" ? "localhost" : name.toLowerCase() === "localhost" ? "127.0.0.1" : name;
  return `${swapped}${port}`;
}

/** The download link for a token, on the other host name. */
export function downloadUrl(requestHost: string, token: string): string {
  return `http://${otherHost(requestHost)}${ASSET_PREFIX}/${token}`;
}

/** The answer to a download: the Flow JSON, or 404 for a link the emulator does not know. */
export function downloadResponse(link: AssetLink | undefined): PreparedResponse {
  if (!link) return text(404, "text/plain", "Not Found: this link does not exist or has expired\n");
  return text(200, "application/json", link.text);
}

/**
 * The answer of a download-only fault. `origin` is the origin the request came to (for the
 * default `redirect` target, which serves the same asset and is logged like any download).
 */
export function downloadFault(
  fault: FaultRule,
  link: AssetLink | undefined,
  path: AssetPath | undefined,
  origin: string,
): PreparedResponse {
  switch (fault.type) {
    case "redirect": {
      const location = fault.location ?? `${origin}${ASSET_PREFIX}/${path?.token ?? "unknown"}/redirected`;
      return { ...text(302, "text/plain", `Found: ${location}\n`), headers: { location } };
    }
    case "oversized": {
      // Valid JSON (the asset, then spaces), so only its size is wrong: a client must cap it.
      const body = link?.text ?? "{}";
      const size = fault.bytes ?? DEFAULT_OVERSIZED_BYTES;
      const bytes = Buffer.alloc(Math.max(size, Buffer.byteLength(body)), " ");
      bytes.write(body, 0, "utf8");
      return { status: 200, body: bytes, contentType: "application/json" };
    }
    case "expired":
      return text(404, "text/plain", "URL signature expired\n");
    default: // notJson
      return text(
        200,
        "text/html",
        "<!DOCTYPE html><html><head><title>Content not available</title></head>" +
          "<body><p>Sorry, this content isn't available right now.</p></body></html>",
      );
  }
}

function text(status: number, contentType: string, body: string): PreparedResponse {
  return { status, body: Buffer.from(body, "utf8"), contentType };
}
