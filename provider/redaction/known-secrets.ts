/**
 * Every API key the package has handed to a client in this process, so that any error can
 * mask them as a last line of defence. The first line is the client, which redacts every
 * string taken from a response before it builds an error (see Redactor).
 *
 * Held in this process only (the dynamic-provider process or the CLI), never serialized.
 */
import { registerProcessCache } from "../process-caches";
import { MIN_SECRET_LENGTH, Redactor } from "./redactor";

const known = new Set<string>();
// Made again only when a new key is remembered: most processes see one key.
let redactor: Redactor | undefined;

registerProcessCache(() => {
  known.clear();
  redactor = undefined;
});

/** Remembers a key for {@link redactKnownSecrets}. Keys shorter than 4 characters are ignored. */
export function rememberSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_SECRET_LENGTH || known.has(secret)) return;
  known.add(secret);
  redactor = undefined;
}

/** `text` with every remembered key masked, as a {@link Redactor} masks it. */
export function redactKnownSecrets(text: string): string {
  if (known.size === 0) return text;
  redactor ??= new Redactor(known);
  return redactor.text(text);
}
