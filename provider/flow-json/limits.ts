/**
 * The bounds a Flow JSON is held to here: Meta's cap on its size, and what keeps checking it cheap and the messages
 * short whatever the input.
 */

/** Meta's cap on a Flow JSON: 10 MB (10 * 1024 * 1024 bytes of UTF-8). */
export const MAX_FLOW_JSON_BYTES = 10 * 1024 * 1024;

/**
 * The deepest a Flow JSON may nest objects and lists. Real flows stay under 30 levels (Meta allows three nested `If`
 * components); the checks here recurse, so a bound keeps a hostile file from overflowing the stack.
 */
export const MAX_FLOW_JSON_DEPTH = 100;

/** The most problems reported for one Flow JSON; past that a last problem says how many more there were. */
export const MAX_FLOW_JSON_PROBLEMS = 100;

/** The most characters of any string from the input (a value, a key, a screen id) that a message shows. */
export const SHOWN_MAX_LENGTH = 60;
