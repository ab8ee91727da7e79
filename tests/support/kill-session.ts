import * as fs from "node:fs";

/**
 * The live processes of session `sid`, from /proc (Linux); undefined where there is no /proc.
 * Zombies are left out: they hold no sockets and cannot be killed again.
 */
function sessionMembers(sid: number): number[] | undefined {
  if (!fs.existsSync("/proc/self/stat")) return undefined;
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while listing
    }
    // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
    const [state, , , session] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(session) === sid && state !== "Z") members.push(Number(entry));
  }
  return members;
}

/**
 * SIGKILLs every process of the session led by `leader` (a child spawned with `detached:
 * true`), as a crash of the machine's job would. The Pulumi CLI starts its language host and
 * providers in process groups of their own, so killing the leader's group alone leaves them
 * running; they stay in its session. Repeats until a listing finds no process not yet
 * signalled, so one forked meanwhile is caught too. Without /proc: the leader's group only.
 */
export function killSession(leader: number): void {
  const signalled = new Set<number>();
  const kill = (pid: number) => {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
    signalled.add(pid);
  };
  kill(-leader);
  for (;;) {
    const fresh = (sessionMembers(leader) ?? []).filter((pid) => !signalled.has(pid));
    if (fresh.length === 0) return;
    fresh.forEach(kill);
  }
}
