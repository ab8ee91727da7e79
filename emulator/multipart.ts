/**
 * A multipart/form-data reader (RFC 7578) for Update Flow JSON, on Node built-ins only: the
 * body is split at its boundary and each part's `Content-Disposition` read for its `name`
 * and `filename`. Part contents stay bytes, so a file's size is what the client sent.
 */

/** One part of a form. */
export interface FormPart {
  /** The form field's `name`. */
  readonly name: string;
  /** Present when the part is a file (its `Content-Disposition` has a `filename`), possibly `""`. */
  readonly filename?: string;
  /** The part's own `Content-Type`, when it has one. */
  readonly contentType?: string;
  readonly data: Buffer;
}

/** The parts, or why the body is not a form. */
export type MultipartResult =
  { readonly ok: true; readonly parts: readonly FormPart[] } | { readonly ok: false; readonly reason: string };

/** The boundary of a `multipart/form-data` content-type, or undefined when it is not one. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const [type, ...params] = splitParams(contentType);
  if (type.toLowerCase() !== "multipart/form-data") return undefined;
  const boundary = params.find((p) => p.key === "boundary")?.value;
  // RFC 2046: 1 to 70 characters.
  return boundary && boundary.length <= 70 ? boundary : undefined;
}

/** Splits a body at `boundary`. Anything before the first delimiter (a preamble) is ignored. */
export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  const between = Buffer.from(`\r\n--${boundary}`, "latin1");
  let pos = body.indexOf(delimiter);
  if (pos < 0 || (pos > 0 && body.lastIndexOf("\n", pos) !== pos - 1)) {
    return { ok: false, reason: "the body does not start with the boundary of its content-type" };
  }
  const parts: FormPart[] = [];
  for (;;) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return { ok: true, parts }; // "--": the close delimiter
    // Transport padding (spaces, tabs) may follow a delimiter before its CRLF.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a)
      return { ok: false, reason: "a boundary is not followed by CRLF" };
    pos += 2;
    const headerEnd = body.indexOf("\r\n\r\n", pos, "latin1");
    if (headerEnd < 0) return { ok: false, reason: "a part's headers are not closed by an empty line" };
    const headers = readHeaders(body.toString("utf8", pos, headerEnd));
    const contentStart = headerEnd + 4;
    const next = body.indexOf(between, contentStart);
    if (next < 0) return { ok: false, reason: "the body ends before its closing boundary" };
    const disposition = headers.get("content-disposition");
    if (!disposition) return { ok: false, reason: "a part has no Content-Disposition" };
    const [kind, ...params] = splitParams(disposition);
    const name = params.find((p) => p.key === "name")?.value;
    if (kind.toLowerCase() !== "form-data" || name === undefined) {
      return { ok: false, reason: "a part's Content-Disposition is not form-data with a name" };
    }
    const filename =
      params.find((p) => p.key === "filename*")?.value ?? params.find((p) => p.key === "filename")?.value;
    const contentType = headers.get("content-type");
    parts.push({
      name,
      ...(filename !== undefined ? { filename } : {}),
      ...(contentType !== undefined ? { contentType } : {}),
      data: body.subarray(contentStart, next),
    });
    pos = next + 2; // at the "--" of the next delimiter
  }
}

function readHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** `form-data; name="file"; filename="a;b.json"` → `form-data`, then the parameters (quotes and escapes undone). */
function splitParams(value: string): [string, ...{ key: string; value: string }[]] {
  const semicolon = value.indexOf(";");
  const head = (semicolon < 0 ? value : value.slice(0, semicolon)).trim();
  const params: { key: string; value: string }[] = [];
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of (semicolon < 0 ? "" : value.slice(semicolon)).matchAll(pattern)) {
    const key = match[1].toLowerCase();
    const raw = match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3].trim();
    params.push({ key, value: key.endsWith("*") ? extValue(raw) : raw });
  }
  return [head, ...params];
}

/** RFC 5987 `UTF-8''flow%20v2.json` → `flow v2.json`; anything else as given. */
function extValue(raw: string): string {
  const match = /^[^']*'[^']*'(.*)$/.exec(raw);
  if (!match) return raw;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}
