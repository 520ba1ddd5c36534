/**
 * The same N auth configs through the two hosts of the provider's hooks (issue 14): the dynamic provider
 * (`AuthConfig` of sdk/, served by `pulumi-resource-pulumi-nodejs`) and the `composio` package (the resource
 * provider plugin of provider/plugin, declared as `composio:index:AuthConfig`), beside the engine's floor (the
 * no-op dynamic provider of workload.ts), in the same run, with the same TypeScript specs. What differs is the
 * provider host: a plugin resource stores no `__provider` closure (about 1.9 KB twice per resource), so its
 * state is smaller, and the engine rewrites less of it after each step.
 */
import { join } from "node:path";
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { REPO_ROOT } from "../testbed/harness";
import { authConfigProgram, floorProgram, packageProgram, specs, type Spec } from "./workload";
import {
  PACKAGE_STACKS,
  type OperationKey,
  type Operation,
  type PackageCaseResult,
  type PackageOperation,
  type PackageStack,
  type PackageState,
  type Sample,
} from "./report";

/** `BENCH_PACKAGE`: the number of configs, or "0" to skip the case. */
export function parsePackageSize(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed))
    throw new Error(`BENCH_PACKAGE must be the number of auth configs, e.g. "200", or "0" to skip; got "${text}"`);
  const n = Number(trimmed);
  return n === 0 ? undefined : n;
}

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The configs of an exported deployment: every resource but the stack and the provider resources. */
function configsOf(deployment: { deployment: { resources?: ExportedResource[] } }): ExportedResource[] {
  return (deployment.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
}

/** Sizes from `pulumi stack export`'s text and the backend's byte count. Pure. */
export function packageState(exportText: string, storedBytes: number): PackageState {
  const configs = configsOf(JSON.parse(exportText));
  const bytes = (value: unknown) => (typeof value === "string" ? Buffer.byteLength(value) : 0);
  const mean = (of: (r: ExportedResource) => number) => (configs.length ? configs.reduce((sum, r) => sum + of(r), 0) / configs.length : 0);
  return {
    exportBytes: Buffer.byteLength(exportText),
    storedBytes,
    resourceBytes: mean((r) => Buffer.byteLength(JSON.stringify(r))),
    providerBytes: mean((r) => bytes(r.inputs?.__provider) + bytes(r.outputs?.__provider)),
  };
}

/** What the case needs from the benchmark's harness (bench/main.ts): its stacks, its timed and counted runs. */
export interface PackageCaseHarness {
  stack(project: string, program: PulumiFn): Promise<Stack>;
  /** One CLI command, timed, with the API calls and the provider process's usage; fails unless `expected` changes happened. */
  measure(stack: Stack, command: "up" | "preview" | "refresh" | "destroy", expected: Record<string, number>): Promise<Sample>;
  warmUp(stack: Stack): Promise<void>;
  exportText(stack: Stack): Promise<string>;
  storedBytes(stack: Stack): Promise<number>;
}

/**
 * The three stacks through create, refresh, no-change preview and up, an update of all, destroy (those of
 * BENCH_OPERATIONS; create always), `runs` runs of the no-change ones, rotating which stack goes first.
 */
export async function benchPackage(
  harness: PackageCaseHarness,
  n: number,
  selected: (key: OperationKey) => boolean,
  runs: number,
  log: (line: string) => void,
): Promise<PackageCaseResult> {
  let revision = 0;
  const current = (): Spec[] => specs(n, revision);
  const programs: Record<PackageStack, PulumiFn> = {
    floor: floorProgram(current),
    dynamic: authConfigProgram(current),
    package: packageProgram(current, join(REPO_ROOT, "schema.json")),
  };
  const stacks = {} as Record<PackageStack, Stack>;
  for (const kind of PACKAGE_STACKS) stacks[kind] = await harness.stack(`bench-package-${kind}`, programs[kind]);
  for (const kind of PACKAGE_STACKS) await harness.warmUp(stacks[kind]);
  const operations: PackageOperation[] = [];
  const measureAll = async (
    operation: Operation,
    command: "up" | "preview" | "refresh" | "destroy",
    expected: Record<string, number>,
    times = 1,
  ) => {
    const result: PackageOperation = { operation, samples: { floor: [], dynamic: [], package: [] } };
    for (let i = 0; i < times; i++) {
      for (let j = 0; j < PACKAGE_STACKS.length; j++) {
        const kind = PACKAGE_STACKS[(i + j) % PACKAGE_STACKS.length];
        result.samples[kind].push(await harness.measure(stacks[kind], command, expected));
      }
    }
    operations.push(result);
    log(
      `package case N=${n} ${operation}: ${PACKAGE_STACKS.map((kind) => `${kind} ${result.samples[kind].map((s) => s.seconds.toFixed(2)).join(" ")} s`).join(", ")}`,
    );
  };
  const resources = n + 1; // and the stack itself
  await measureAll("create", "up", { create: resources });
  const state = {} as Record<PackageStack, PackageState>;
  for (const kind of PACKAGE_STACKS)
    state[kind] = packageState(await harness.exportText(stacks[kind]), await harness.storedBytes(stacks[kind]));
  if (selected("refresh")) await measureAll("refresh", "refresh", { same: resources }, runs);
  if (selected("preview")) await measureAll("preview", "preview", { same: resources }, runs);
  if (selected("up")) await measureAll("up, no change", "up", { same: resources }, runs);
  if (selected("update")) {
    revision++;
    await measureAll("update all", "up", { update: n });
  }
  if (selected("destroy")) await measureAll("destroy", "destroy", { delete: resources });
  return { n, operations, state };
}
