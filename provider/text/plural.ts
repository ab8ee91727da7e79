/** `1 problem`, `3 problems`, `1 flow`, `0 flows`: a count and its noun, plural unless one. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
