// @ts-check
/**
 * Where a process's CPU went, from a V8 `.cpuprofile` (`node --cpu-prof`, or a P5 run with
 * BENCH_CPU_PROF_DIR set): self time by module (a package under node_modules, a file of this
 * package's dist/, node's own internals, the garbage collector), then the functions with the
 * most self time, then the functions with the most total time (self and callees).
 *
 *   node bench/profile-summary.js FILE.cpuprofile [--top 30] [--match runtime.js]
 *
 * `--match TEXT` adds the total time under every function whose file contains TEXT, by
 * function: e.g. how much of the process ran under the provider's entry points.
 */
const fs = require("node:fs");

/** @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode */

/** @param {string} url */
function moduleOf(url) {
  if (!url) return "(node/V8 internals)";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    const pkg = rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    if (pkg === "@pulumi/pulumi" || pkg === "pulumi-kaleyra-flows")
      return `${pkg}/${rest.slice(pkg.includes("/") ? 2 : 1, -1).join("/")}`;
    return pkg;
  }
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

/** @param {ProfileNode} node */
function nameOf(node) {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url ? url.split("/").slice(-1)[0] : "";
  return `${functionName || "(anonymous)"} ${file}${url ? `:${lineNumber + 1}` : ""}`;
}

function main() {
  const args = process.argv.slice(2);
  const file = args[0];
  const top = Number(args[args.indexOf("--top") + 1]) || 30;
  const match = args.includes("--match") ? args[args.indexOf("--match") + 1] : undefined;
  /** @type {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} */
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** @type {Map<number, number>} */
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** @type {Map<number, number>} self microseconds per node */
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = (/** @type {ProfileNode} */ n) =>
    n.callFrame.functionName === "(idle)" || n.callFrame.functionName === "(program)";
  let busy = 0;
  let total = 0;
  /** @type {Map<string, number>} */
  const modules = new Map();
  /** @type {Map<string, number>} */
  const selfByFn = new Map();
  /** @type {Map<string, number>} */
  const totalByFn = new Map();
  /** @type {Map<string, number>} */
  const matched = new Map();
  for (const [id, us] of self) {
    const node = /** @type {ProfileNode} */ (byId.get(id));
    total += us;
    if (idle(node)) continue;
    busy += us;
    const mod =
      node.callFrame.functionName === "(garbage collector)" ? "(garbage collector)" : moduleOf(node.callFrame.url);
    modules.set(mod, (modules.get(mod) ?? 0) + us);
    selfByFn.set(nameOf(node), (selfByFn.get(nameOf(node)) ?? 0) + us);
    // Total time: each function once per stack, however deep it recurses.
    const seen = new Set();
    const seenMatch = new Set();
    for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parent.get(at)) {
      const frame = /** @type {ProfileNode} */ (byId.get(at));
      const name = nameOf(frame);
      if (!seen.has(name)) {
        seen.add(name);
        totalByFn.set(name, (totalByFn.get(name) ?? 0) + us);
      }
      if (match && frame.callFrame.url.includes(match) && !seenMatch.has(name)) {
        seenMatch.add(name);
        matched.set(name, (matched.get(name) ?? 0) + us);
      }
    }
  }
  const ms = (/** @type {number} */ us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (/** @type {number} */ us) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const table = (/** @type {string} */ title, /** @type {Map<string, number>} */ rows, /** @type {number} */ n) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...rows].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms(v)} ms ${pct(v)}  ${k}`);
  };
  console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy (not idle)`);
  table("self time by module", modules, top);
  table("self time by function", selfByFn, top);
  table("total time by function", totalByFn, top);
  if (match) table(`total time under functions of files matching ${JSON.stringify(match)}`, matched, top);
}

main();
