/** What replaces a secret in any text this package writes. */
export const REDACTED = "[REDACTED]";

/**
 * Replaces every occurrence of each secret in `text`. A last line of defence for messages
 * built from third-party errors; the package's own errors never receive a secret at all.
 * Secrets shorter than 4 characters are ignored, since masking them would mangle text.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}
