/**
 * Key masking, on its own: a {@link Redactor} masks a set of keys in text and parsed JSON;
 * {@link rememberSecret} / {@link redactKnownSecrets} keep every key handed to a client in
 * this process, so any error can mask them as a last line of defence.
 */
export { Redactor, REDACTED, MIN_SECRET_LENGTH } from "./redactor";
export { rememberSecret, redactKnownSecrets } from "./known-secrets";
