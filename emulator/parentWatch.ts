/**
 * The emulator command ends with whatever started it. `npx composio-emulator ... &` runs it under npm (and often a
 * `sh -c` between them); `kill $!` stops npm, which does not pass the signal on, and the emulator lived on under
 * pid 1, holding its port (the next start failed with EADDRINUSE). Stdin cannot tell: a background job's stdin is
 * /dev/null from the start. So the command records its ancestors when it starts and exits once one of them is
 * gone. Linux: from /proc, each ancestor with its start time (a pid reused later is another process); elsewhere,
 * only a change of parent (re-parenting) is seen.
 */
import * as fs from "node:fs";

interface ProcessIdentity {
  pid: number;
  /** Clock ticks after boot (field 22 of /proc/<pid>/stat); with the pid, names one process for good. */
  startTime: string;
}

interface ProcStat {
  /** R, S, D, Z (ended, not yet reaped), ... */
  state: string;
  ppid: number;
  startTime: string;
}

/** The fields used from the text of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses. */
function parseProcStat(text: string): ProcStat | undefined {
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // After the name: state (3), ppid (4), ... starttime (22): indexes 0, 1 and 19 here.
  const [state, ppid, startTime] = [fields[0], Number(fields[1]), fields[19]];
  return state && Number.isInteger(ppid) && startTime !== undefined && /^\d+$/.test(startTime) ? { state, ppid, startTime } : undefined;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined;
  }
}

/** This process's ancestors, nearest first, up to (not including) pid 1; undefined without /proc. */
function ancestors(pid = process.pid): ProcessIdentity[] | undefined {
  const own = procStat(pid);
  if (!own) return undefined;
  const chain: ProcessIdentity[] = [];
  for (let next = own.ppid; next > 1 && chain.length < 64;) {
    const stat = procStat(next);
    if (!stat) break;
    chain.push({ pid: next, startTime: stat.startTime });
    next = stat.ppid;
  }
  return chain;
}

function alive(ancestor: ProcessIdentity): boolean {
  const stat = procStat(ancestor.pid);
  return stat !== undefined && stat.state !== "Z" && stat.startTime === ancestor.startTime;
}

/** Calls `onGone` once, when an ancestor present at the call has ended (polled every `intervalMs`; never keeps the process alive). */
export function whenParentGone(onGone: () => void, intervalMs = 500): void {
  const chain = ancestors();
  const parent = process.ppid;
  const gone = chain ? () => !chain.every(alive) : () => process.ppid !== parent;
  const timer = setInterval(() => {
    if (!gone()) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
}
