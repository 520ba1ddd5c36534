/**
 * The same N auth configs through the two hosts of the provider's hooks (issue 14): the dynamic provider
 * (`AuthConfig` of sdk/, served by `pulumi-resource-pulumi-nodejs`) and the `composio` package (the resource
 * provider plugin of provider/plugin, declared as `composio:index:AuthConfig`), beside the engine's floor (the
 * no-op dynamic provider of workload.ts), in the same run, with the same TypeScript specs. What differs is the
 * provider host: a plugin resource stores no `__provider` closure (about 1.9 KB twice per resource), so its
 * state is smaller, and the engine rewrites less of it after each step.
 */
import { join } from "node:path";
import { REPO_ROOT } from "../testbed/harness";
import { authConfigProgram, floorProgram, packageProgram, specs, type Spec } from "./workload";
import { PACKAGE_STACKS, type OperationKey, type PackageCaseResult, type PackageStack, type PackageState } from "./report";
import { parseCaseSize, runStackCase, type CaseHarness } from "./stackCase";

/** `BENCH_PACKAGE`: the number of configs, or "0" to skip the case. */
export const parsePackageSize = (text: string): number | undefined => parseCaseSize("BENCH_PACKAGE", "auth configs", text);

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

/**
 * The three stacks through create, refresh, no-change preview and up, an update of all, destroy (those of
 * BENCH_OPERATIONS; create always), `runs` runs of the no-change ones, rotating which stack goes first.
 */
export async function benchPackage(
  harness: CaseHarness,
  n: number,
  selected: (key: OperationKey) => boolean,
  runs: number,
  log: (line: string) => void,
): Promise<PackageCaseResult> {
  const state = {} as Record<PackageStack, PackageState>;
  const operations = await runStackCase(
    harness,
    {
      label: "package",
      n,
      kinds: PACKAGE_STACKS,
      programs: (revision) => {
        const current = (): Spec[] => specs(n, revision());
        return {
          floor: floorProgram(current),
          dynamic: authConfigProgram(current),
          package: packageProgram(current, join(REPO_ROOT, "schema.json")),
        };
      },
      resources: n + 1, // and the stack itself
      updated: n,
      afterCreate: async (stacks) => {
        for (const kind of PACKAGE_STACKS)
          state[kind] = packageState(await harness.exportText(stacks[kind]), await harness.storedBytes(stacks[kind]));
      },
    },
    selected,
    runs,
    log,
  );
  return { n, operations, state };
}
