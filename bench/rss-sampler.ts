/**
 * Peak memory of the processes a Pulumi command starts, read from /proc while it runs.
 *
 * Other Pulumi runs may share the machine (other engineers' e2e suites, CI jobs), so a
 * process counts only if its command line matches a role AND its environment carries this
 * run's marker (the project's private PULUMI_HOME), which every process the CLI starts
 * inherits.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** A kind of process to watch, recognised by its command line. */
export interface Role {
  readonly name: string;
  readonly matches: (argv: readonly string[]) => boolean;
}

const isNode = (argv: readonly string[]) => path.basename(argv[0] ?? "") === "node" || /\/node$/.test(argv[0] ?? "");

/** The processes the bench reports on. */
export const ROLES: readonly Role[] = [
  // `node .../@pulumi/pulumi/cmd/dynamic-provider`: runs every dynamic resource's CRUD; or
  // `node .../pulumi-kaleyra-flows/bin/../dist/provider/native/main.js`, the native plugin
  // (bin/pulumi-resource-kaleyra execs node on it), which runs the native stacks' (N1-N4).
  {
    name: "provider",
    matches: (argv) =>
      isNode(argv) &&
      argv.some(
        (a) =>
          /@pulumi\/pulumi\/cmd\/dynamic-provider(\/index\.js)?$/.test(a) ||
          /\/dist\/provider\/native\/main\.js$/.test(a),
      ),
  },
  // `node .../@pulumi/pulumi/cmd/run ...`: the user's program, started by the language host.
  {
    name: "program",
    matches: (argv) => isNode(argv) && argv.some((a) => /@pulumi\/pulumi\/cmd\/run(\/|$|\/index\.js$)/.test(a)),
  },
  // The Go CLI with the engine: holds the whole state in memory (for information).
  { name: "engine", matches: (argv) => path.basename(argv[0] ?? "") === "pulumi" },
];

/** Peak memory of one role during one command. */
export interface RolePeak {
  /** Highest resident set seen, in MiB: max of VmRSS samples and the kernel's VmHWM. */
  readonly peakMiB: number;
  /** How many distinct processes matched. */
  readonly processes: number;
  /** How many samples saw it. */
  readonly samples: number;
  /**
   * User + system CPU of its processes, in seconds, as of each one's last sample: short of
   * the true figure by at most one sampling interval per process (what it did just before
   * it exited).
   */
  readonly cpuSeconds: number;
}

interface Tracked {
  peakKiB: number;
  samples: number;
  cpuTicks: number;
}

// /proc/<pid>/stat counts CPU time in clock ticks of USER_HZ, 100 on every Linux build that
// matters (x86-64 and arm64 alike); node has no sysconf to ask.
const TICKS_PER_SECOND = 100;

/** Samples VmRSS/VmHWM of matching processes every `intervalMs` until stopped. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  // Environment checks are the costly read; a pid keeps its environment for its lifetime.
  private readonly ours = new Map<string, boolean>();
  private readonly tracked = new Map<string, Map<string, Tracked>>();

  /**
   * @param marker a `NAME=value` entry that every process of this run has in its
   *   environment and no other process has.
   */
  constructor(
    private readonly marker: string,
    private readonly roles: readonly Role[] = ROLES,
    private readonly intervalMs = 100,
  ) {}

  /** Starts sampling (the first sample at once). */
  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    return this;
  }

  /** Stops sampling and returns each role's peak (roles never seen are absent). */
  stop(): Record<string, RolePeak> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const result: Record<string, RolePeak> = {};
    for (const [role, pids] of this.tracked) {
      const all = [...pids.values()];
      result[role] = {
        peakMiB: Math.max(...all.map((t) => t.peakKiB)) / 1024,
        processes: all.length,
        samples: all.reduce((sum, t) => sum + t.samples, 0),
        cpuSeconds: all.reduce((sum, t) => sum + t.cpuTicks, 0) / TICKS_PER_SECOND,
      };
    }
    return result;
  }

  private sample(): void {
    let pids: string[];
    try {
      pids = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
    } catch {
      return; // no /proc (not Linux): memory figures will be missing, and reported so
    }
    for (const pid of pids) {
      const argv = readArgv(pid);
      if (!argv) continue;
      const role = this.roles.find((r) => r.matches(argv));
      if (!role) continue;
      // Keyed with argv: a forked process that has not exec'd yet has its parent's.
      const key = `${pid} ${argv.join(" ")}`;
      let ours = this.ours.get(key);
      if (ours === undefined) {
        ours = readEnviron(pid).includes(this.marker);
        this.ours.set(key, ours);
      }
      if (!ours) continue;
      const memory = readMemory(pid);
      if (!memory) continue;
      let pidsOfRole = this.tracked.get(role.name);
      if (!pidsOfRole) this.tracked.set(role.name, (pidsOfRole = new Map()));
      const tracked = pidsOfRole.get(pid) ?? { peakKiB: 0, samples: 0, cpuTicks: 0 };
      tracked.peakKiB = Math.max(tracked.peakKiB, memory.rssKiB, memory.hwmKiB);
      tracked.cpuTicks = Math.max(tracked.cpuTicks, readCpuTicks(pid));
      tracked.samples++;
      pidsOfRole.set(pid, tracked);
    }
  }
}

function readArgv(pid: string): string[] | undefined {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return raw ? raw.split("\0").filter(Boolean) : undefined;
  } catch {
    return undefined; // gone already
  }
}

function readEnviron(pid: string): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
  } catch {
    return [];
  }
}

function readMemory(pid: string): { rssKiB: number; hwmKiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssKiB: kib("VmRSS"), hwmKiB: kib("VmHWM") };
  } catch {
    return undefined;
  }
}

/** utime + stime of a process, in clock ticks (0 if it is gone). */
function readCpuTicks(pid: string): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of the whole line
  } catch {
    return 0;
  }
}
