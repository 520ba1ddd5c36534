/**
 * The set-up most e2e files share: an emulator for the file (emulatorApi.ts), a scratch Pulumi env with the file
 * backend (harness.ts) and one inline stack whose provider config points at that emulator, with one cleanup.
 */
import type { PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { startTestComposio, type TestComposio } from "./emulatorApi";
import { createE2eEnv, type ConfigInput, type E2eEnv } from "./harness";
import { createLanguageEnv } from "./languages";

export interface ComposioStack {
  composio: TestComposio;
  env: E2eEnv;
  stack: Stack;
  /** The stack's config as set: the emulator's key (a secret) as `composio:apiKey`, its URL as `composio:baseUrl`. */
  config: ConfigInput;
  /** Removes the env's temp dir, then closes the emulator. */
  cleanup(): Promise<void>;
}

export async function startComposioStack(opts: {
  /** The env's temp dir label, and the project's name unless `projectName` says otherwise. */
  name: string;
  apiKey: string;
  program: PulumiFn;
  projectName?: string;
  stackName?: string;
  /** Put first on the env's PATH (createLanguageEnv), e.g. the plugin's launcher dir. */
  pathDirs?: string[];
}): Promise<ComposioStack> {
  const composio = await startTestComposio(opts.apiKey);
  let env: E2eEnv | undefined;
  const cleanup = async () => {
    await env?.cleanup();
    await composio.emulator.close();
  };
  try {
    env = opts.pathDirs ? await createLanguageEnv(opts.name, { pathDirs: opts.pathDirs }) : await createE2eEnv(opts.name);
    const config: ConfigInput = { "composio:apiKey": { value: opts.apiKey, secret: true }, "composio:baseUrl": composio.emulator.url };
    const stack = await env.inlineStack({
      projectName: opts.projectName ?? opts.name,
      stackName: opts.stackName,
      program: opts.program,
      config,
    });
    return { composio, env, stack, config, cleanup };
  } catch (e) {
    // A set-up that fails half-way leaves the caller nothing to clean up with.
    await cleanup();
    throw e;
  }
}
