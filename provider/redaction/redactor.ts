/** What replaces a secret in any text this package writes. */
export const REDACTED = "[REDACTED]";

/**
 * Secrets shorter than this are not masked: replacing every "ab" in a message would shred
 * it. Kaleyra's API keys are 33 characters.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Masks a fixed set of secrets (the API key in use and every other key the settings know)
 * in text and in parsed JSON values. The client passes every response through one before
 * reading it, so errors, log lines and outputs are built from a copy that holds no key.
 *
 * Each secret is matched as written and in the encodings a server may echo it in: URL
 * encoded and JSON-escaped. A key written with `\u` escapes in a JSON body is caught after
 * parsing, by {@link Redactor.value}.
 */
export class Redactor {
  readonly #needles: readonly string[];

  constructor(secrets: Iterable<string | undefined>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      needles.add(secret);
      needles.add(encodeURIComponent(secret));
      needles.add(JSON.stringify(secret).slice(1, -1));
    }
    // Longest first, so a key that contains another key is masked whole.
    this.#needles = [...needles].sort((a, b) => b.length - a.length);
  }

  /** `text` with every secret replaced by {@link REDACTED}. */
  text(text: string): string {
    let out = text;
    for (const needle of this.#needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  }

  /**
   * A deep copy of a parsed JSON value with every string (keys included) redacted. For a
   * value parsed from `rawText` that was already redacted, pass `rawText`: a secret can only
   * survive in the parsed strings through a JSON escape, so a text without a backslash
   * needs no second pass (the common case, and the one the benchmark measures).
   */
  value(value: unknown, rawText?: string): unknown {
    if (rawText !== undefined && !rawText.includes("\\")) return value;
    return this.deepValue(value);
  }

  private deepValue(value: unknown): unknown {
    if (typeof value === "string") return this.text(value);
    if (Array.isArray(value)) return value.map((item) => this.deepValue(item));
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        // defineProperty, not assignment: a JSON key "__proto__" must stay a plain key.
        Object.defineProperty(out, this.text(key), {
          value: this.deepValue(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return value;
  }

  /** Never shows the secrets, however the redactor itself is logged. */
  toJSON(): string {
    return "Redactor";
  }
}
