/**
 * CPU time of the processes of one CLI operation, and peak memory of its dynamic-provider process,
 * read from /proc.
 *
 * The engine starts the plugin `pulumi-resource-pulumi-nodejs` (a shell launcher that `exec`s
 * `node .../@pulumi/pulumi/cmd/dynamic-provider`, so the pid stays the same) as a child of the `pulumi`
 * CLI, itself a child of this process; for a program of the `composio` package it starts that plugin's
 * launcher `pulumi-resource-composio` (it `exec`s `node .../dist/provider/plugin/main.js`). A process is ours
 * when its command line names one of those and it descends from this process: other engineers' tests on
 * this machine run their own providers, and the benchmark runs one operation at a time.
 *
 * Every `intervalMs` the sampler reads /proc/<pid>/status `VmHWM` (the kernel's own high-water mark of
 * resident memory, so a short spike between two samples is still counted) and /proc/<pid>/stat CPU ticks.
 * The only thing missed is growth in the last interval before the process exits.
 */
import { readdir, readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProcessUsage {
  /** Provider processes seen during the operation (normally 1). */
  processes: number;
  /** Highest VmHWM among them, in KiB. */
  peakRssKiB: number;
  /** User + system CPU seconds, summed over them (as of each one's last sample). */
  cpuSeconds: number;
}

const CLOCK_TICKS_PER_SECOND = 100; // `getconf CLK_TCK` on Linux

async function readOr(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return undefined; // the process ended between listing and reading
  }
}

/** `VmHWM` in KiB from a /proc/<pid>/status text. */
function peakRssKiB(status: string): number {
  const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

/** Fields of a /proc/<pid>/stat line from field 3 on (the command name, field 2, may hold spaces). */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The parent pid from a /proc/<pid>/stat line (field 4). */
function parentPid(stat: string): number {
  return Number(statFields(stat)[1]);
}

/** utime + stime in seconds (fields 14 and 15). */
function cpuSeconds(stat: string): number {
  const fields = statFields(stat);
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

/** cutime + cstime in seconds (fields 16 and 17): the CPU of every descendant that has exited and been waited for. */
function childrenCpuSeconds(stat: string): number {
  const fields = statFields(stat);
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds of a live process (e.g. the emulator), or of this process's exited descendants. */
export async function processCpu(pid: number | "self", of: "own" | "exited children" = "own"): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return of === "own" ? cpuSeconds(stat) : childrenCpuSeconds(stat);
}

/**
 * True for `node .../cmd/dynamic-provider ...` and `node .../provider/plugin/main.js ...`; false for a
 * launcher's own `node -e` that resolves that path (its script mentions it too, but no argument ends with it).
 */
export function isProviderCommand(cmdline: string): boolean {
  return cmdline.split("\0").some((arg) => /\/(cmd\/dynamic-provider(\/index\.js)?|provider\/plugin\/main\.js)$/.test(arg));
}

/**
 * A process that may still become a provider, so it is looked at again: a plugin launcher
 * (`pulumi-resource-<name>`, a shell script until it execs node), or a child the CLI has forked but not yet
 * exec'd (until then its command line reads as the CLI's own, `.../pulumi up ...`).
 */
export function mayBecomeProvider(cmdline: string): boolean {
  return cmdline.includes("pulumi-resource-") || /(^|\/)pulumi$/.test(cmdline.split("\0")[0]);
}

async function descendsFrom(pid: number, ancestor: number): Promise<boolean> {
  for (let current = pid; current > 1;) {
    const stat = await readOr(`/proc/${current}/stat`);
    if (stat === undefined) return false;
    current = parentPid(stat);
    if (current === ancestor) return true;
  }
  return false;
}

/** Starts sampling; `stop()` ends it and returns what was seen. */
export function sampleProviderProcesses(ancestor = process.pid, intervalMs = 100): { stop(): Promise<ProcessUsage> } {
  const seen = new Map<number, { peakRssKiB: number; cpuSeconds: number }>();
  /** Pids already known not to be ours (a launcher or the CLI is re-checked: see mayBecomeProvider). */
  const others = new Set<number>();
  let running = true;

  async function sampleOnce(): Promise<void> {
    for (const entry of await readdir("/proc")) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || others.has(pid)) continue;
      if (!seen.has(pid)) {
        const cmdline = await readOr(`/proc/${pid}/cmdline`);
        if (cmdline === undefined || !isProviderCommand(cmdline)) {
          if (cmdline !== undefined && !mayBecomeProvider(cmdline)) others.add(pid);
          continue;
        }
        if (!(await descendsFrom(pid, ancestor))) {
          others.add(pid);
          continue;
        }
      }
      const [status, stat] = await Promise.all([readOr(`/proc/${pid}/status`), readOr(`/proc/${pid}/stat`)]);
      if (status === undefined || stat === undefined) continue;
      const previous = seen.get(pid);
      seen.set(pid, { peakRssKiB: Math.max(previous?.peakRssKiB ?? 0, peakRssKiB(status)), cpuSeconds: cpuSeconds(stat) });
    }
  }

  const loop = (async () => {
    while (running) {
      await sampleOnce();
      await sleep(intervalMs);
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      const usage = [...seen.values()];
      return {
        processes: usage.length,
        peakRssKiB: Math.max(0, ...usage.map((u) => u.peakRssKiB)),
        cpuSeconds: usage.reduce((sum, u) => sum + u.cpuSeconds, 0),
      };
    },
  };
}
