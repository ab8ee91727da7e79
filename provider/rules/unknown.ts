/**
 * The value the Pulumi engine sends, during preview, for an input that is not known yet
 * (another resource's output, say). It must pass check untouched and never be sent.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or holds, a value not known until `up`. */
export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  return Array.isArray(value) && value.some(isUnknown);
}
