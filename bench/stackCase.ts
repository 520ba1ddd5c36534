/**
 * A case of the benchmark beside the sizes' table: a few stacks of the same resources (the floor and one or more
 * real ones), each its own program, run through the same operations in the same run, rotating which stack goes
 * first. The package case (packageCase.ts) and the MCP case (mcpCase.ts) are such cases.
 */
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import type { CaseOperation, Operation, OperationKey, Sample } from "./report";

/** `BENCH_<NAME>`: a number of resources, or "0" to skip the case (undefined). A typo fails before anything runs. */
export function parseCaseSize(variable: string, what: string, text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new Error(`${variable} must be the number of ${what}, e.g. "200", or "0" to skip; got "${text}"`);
  const n = Number(trimmed);
  return n === 0 ? undefined : n;
}

/** What a case needs from the benchmark's harness (bench/main.ts): its stacks, its timed and counted runs. */
export interface CaseHarness {
  stack(project: string, program: PulumiFn): Promise<Stack>;
  /** One CLI command, timed, with the API calls and the provider process's usage; fails unless `expected` changes happened. */
  measure(stack: Stack, command: "up" | "preview" | "refresh" | "destroy", expected: Record<string, number>): Promise<Sample>;
  warmUp(stack: Stack): Promise<void>;
  exportText(stack: Stack): Promise<string>;
  storedBytes(stack: Stack): Promise<number>;
}

export interface StackCase<K extends string> {
  /** Names the stacks' projects (`bench-<label>-<kind>`) and the log lines. */
  label: string;
  /** The case's size, for the log lines. */
  n: number;
  kinds: readonly K[];
  /** Each stack's program; `revision()` is read when the engine runs it, so "update all" can change every resource. */
  programs: (revision: () => number) => Record<K, PulumiFn>;
  /** Resources per stack, the stack itself included. */
  resources: number;
  /** How many resources the next revision changes in place; undefined: the case has no "update all". */
  updated?: number;
  /** After the create: what the case records of the stacks (e.g. state sizes). */
  afterCreate?: (stacks: Record<K, Stack>) => Promise<void>;
}

/**
 * The stacks through create, refresh, no-change preview and up, an update of all, destroy (those `selected`;
 * create always), `runs` runs of the no-change ones, rotating which stack goes first. One unmeasured preview of
 * each first warms this process up.
 */
export async function runStackCase<K extends string>(
  harness: CaseHarness,
  spec: StackCase<K>,
  selected: (key: OperationKey) => boolean,
  runs: number,
  log: (line: string) => void,
): Promise<CaseOperation<K>[]> {
  const { label, kinds, resources, updated } = spec;
  let revision = 0;
  const programs = spec.programs(() => revision);
  const stacks = {} as Record<K, Stack>;
  for (const kind of kinds) stacks[kind] = await harness.stack(`bench-${label}-${kind}`, programs[kind]);
  for (const kind of kinds) await harness.warmUp(stacks[kind]);
  const operations: CaseOperation<K>[] = [];
  const measureAll = async (
    operation: Operation,
    command: "up" | "preview" | "refresh" | "destroy",
    expected: Record<string, number>,
    times = 1,
  ) => {
    const samples = Object.fromEntries(kinds.map((kind) => [kind, [] as Sample[]])) as Record<K, Sample[]>;
    for (let i = 0; i < times; i++) {
      for (let j = 0; j < kinds.length; j++) {
        const kind = kinds[(i + j) % kinds.length];
        samples[kind].push(await harness.measure(stacks[kind], command, expected));
      }
    }
    operations.push({ operation, samples });
    log(
      `${label} case N=${spec.n} ${operation}: ${kinds.map((kind) => `${kind} ${samples[kind].map((s) => s.seconds.toFixed(2)).join(" ")} s`).join(", ")}`,
    );
  };
  await measureAll("create", "up", { create: resources });
  await spec.afterCreate?.(stacks);
  if (selected("refresh")) await measureAll("refresh", "refresh", { same: resources }, runs);
  if (selected("preview")) await measureAll("preview", "preview", { same: resources }, runs);
  if (selected("up")) await measureAll("up, no change", "up", { same: resources }, runs);
  if (selected("update") && updated !== undefined) {
    revision++;
    await measureAll("update all", "up", { update: updated });
  }
  if (selected("destroy")) await measureAll("destroy", "destroy", { delete: resources });
  return operations;
}
