/**
 * The nearest of `choices` to `value`, if close enough to be what was meant: case and
 * separators are forgiven, then up to a third of the letters (at least two) may differ.
 * Used for "did you mean ...?" in messages about categories, properties and keys.
 */
export function closest(value: string, choices: readonly string[]): string | undefined {
  const squash = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const target = squash(value);
  let best: { choice: string; distance: number } | undefined;
  for (const choice of choices) {
    const candidate = squash(choice);
    const distance = candidate === target ? 0 : levenshtein(target, candidate);
    if (!best || distance < best.distance) best = { choice, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(target.length / 3)) ? best.choice : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
