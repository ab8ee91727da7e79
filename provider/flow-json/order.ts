import { pointerSegments } from "./problem";

/**
 * Problems in reading order. From text: by line and column. From a value: by where each pointer sits in the value,
 * which is the order the keys were written in (the order JSON.parse and object literals keep).
 */

/** Compares two pointers by their place in `root`: a parent before its children, siblings in written order. */
export function documentOrder(root: unknown): (a: string, b: string) => number {
  const keyIndexes = new Map<object, Map<string, number>>();
  const indexOf = (container: Record<string, unknown>, key: string): number => {
    let index = keyIndexes.get(container);
    if (!index) {
      index = new Map(Object.keys(container).map((k, i) => [k, i]));
      keyIndexes.set(container, index);
    }
    return index.get(key) ?? Number.MAX_SAFE_INTEGER;
  };
  return (a, b) => {
    const left = pointerSegments(a);
    const right = pointerSegments(b);
    let node: unknown = root;
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (left[i] !== right[i]) {
        const byPlace = Array.isArray(node)
          ? Number(left[i]) - Number(right[i])
          : typeof node === "object" && node !== null
            ? indexOf(node as Record<string, unknown>, left[i]) - indexOf(node as Record<string, unknown>, right[i])
            : 0;
        if (byPlace !== 0 && !Number.isNaN(byPlace)) return byPlace;
        // Two keys the value does not have (missing properties) fall back on their names.
        return left[i] < right[i] ? -1 : 1;
      }
      node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[left[i]] : undefined;
    }
    return left.length - right.length;
  };
}
