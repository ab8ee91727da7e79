/**
 * Every API key the package has handed to a client in this process, so that any error can
 * mask them as a last line of defence. The first line is the client, which redacts every
 * string taken from a response before it builds an error (see Redactor).
 *
 * Held in this process only (the dynamic-provider process or the CLI), never serialized.
 */
import { MIN_SECRET_LENGTH, REDACTED } from "./redactor";

const known = new Set<string>();

/** Remembers a key for {@link redactKnownSecrets}. Keys shorter than 4 characters are ignored. */
export function rememberSecret(secret: string | undefined): void {
  if (secret && secret.length >= MIN_SECRET_LENGTH) known.add(secret);
}

/** `text` with every remembered key replaced by {@link REDACTED}. */
export function redactKnownSecrets(text: string): string {
  let out = text;
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
