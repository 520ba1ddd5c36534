/**
 * `AuthConfig`: a Composio auth config managed by Pulumi. The arguments are the options of the
 * seed's `composio.authConfigs.create(toolkit, options)`, with `toolkit` among them (authConfigArgs.ts,
 * generated from the schema and its descriptions).
 */
import * as pulumi from "@pulumi/pulumi";
import { AUTH_CONFIG_MODULE, AUTH_CONFIG_NAME, SDK_REPORT_KEY, type SdkReport } from "../provider/engineProtocol";
import type { AuthConfigType, AuthScheme, CredentialValue } from "../provider/core/schema";
import type { AuthConfigArgs } from "./authConfigArgs";
import { SERVER_FIELDS } from "../provider/core/mapping";
import { SECRET_BEARING_PROPERTIES } from "../provider/core/secrets";
import { claimAdoptId } from "./adoptionClaims";
import { authConfigProviderStub } from "./providerStub";
import { plainCredentialKeys, secretCredentials, secretProxyConfig, secretWhole, wrappedSecretPaths } from "./secretInputs";
import { pauseStackTraces } from "./stackTraces";

export type { AuthConfigArgs, ProxyConfigArgs, ToolAccessConfigArgs } from "./authConfigArgs";

/** Outputs that hold secrets as a whole once the server's view is merged in. */
const SECRET_OUTPUTS: readonly string[] = SECRET_BEARING_PROPERTIES;

export class AuthConfig extends pulumi.dynamic.Resource {
  // `declare`, not `!`: with ES2022 class fields a plain declaration would be re-initialised to
  // undefined after the base constructor has set the outputs.
  /** The Composio auth config id (`ac_...`); also the resource's id. */
  declare public readonly authConfigId: pulumi.Output<string>;
  declare public readonly toolkit: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<AuthConfigType>;
  /** The server's scheme (the toolkit's managed scheme when none was given). */
  declare public readonly authScheme: pulumi.Output<AuthScheme>;
  declare public readonly credentials: pulumi.Output<Record<string, CredentialValue> | undefined>;
  declare public readonly toolAccessConfig: pulumi.Output<{ toolsForConnectedAccountCreation?: string[]; toolsAvailableForExecution?: string[] } | undefined>;
  declare public readonly proxyConfig: pulumi.Output<{ proxyUrl: string; proxyAuthKey?: string } | null | undefined>;
  declare public readonly isEnabledForToolRouter: pulumi.Output<boolean | undefined>;
  declare public readonly sharedCredentials: pulumi.Output<Record<string, unknown> | undefined>;
  declare public readonly enabled: pulumi.Output<boolean>;
  declare public readonly revokeOnDelete: pulumi.Output<boolean>;
  declare public readonly allowReplaceWithConnections: pulumi.Output<boolean | undefined>;
  /** "ENABLED" or "DISABLED", as the server reports it. */
  declare public readonly status: pulumi.Output<"ENABLED" | "DISABLED">;
  declare public readonly isComposioManaged: pulumi.Output<boolean>;
  declare public readonly noOfConnections: pulumi.Output<number>;
  declare public readonly createdAt: pulumi.Output<string | undefined>;
  declare public readonly lastUpdatedAt: pulumi.Output<string | undefined>;

  constructor(name: string, args: AuthConfigArgs, opts: pulumi.CustomResourceOptions = {}) {
    // Dynamic providers cannot serve the `import` option on either SDK this package is tested with, so it
    // is turned into an adoption: create verifies the id and takes the config over. On 3.248 the
    // provider's read loads the implementation only from the prior outputs, which an import does not send
    // (pulumi/pulumi#16175); 3.276's read falls back to the request's inputs, but the engine's import step
    // calls Read with only the URN and id, so there is still no `__provider` to load ("code must be a
    // string, not undefined"). Removing `import` after the first up changes nothing, as with real imports.
    const { import: importId, ...resourceOptions } = opts;
    // Before super: a second resource adopting the same id is never registered.
    const { adoptId, conflict: adoptionConflict } = claimAdoptId(args.adoptId ?? importId, name);
    // Without Pulumi's per-property promise stack traces: most of this constructor's CPU (stackTraces.ts).
    const stackTraces = pauseStackTraces();
    try {
      super(
        authConfigProviderStub,
        name,
        {
          // Every output the class declares must be a key here, or it is undefined on the object when
          // the program leaves the argument out (the engine still returns check's defaults for them).
          name: undefined,
          type: undefined,
          authScheme: undefined,
          toolAccessConfig: undefined,
          isEnabledForToolRouter: undefined,
          enabled: undefined,
          revokeOnDelete: undefined,
          allowReplaceWithConnections: undefined,
          ...args,
          adoptId,
          credentials: secretCredentials(args.credentials),
          proxyConfig: secretProxyConfig(args.proxyConfig),
          sharedCredentials: secretWhole(args.sharedCredentials),
          // What only the program can see, for check: one registered property, not four (engineProtocol.ts).
          // Its parts stay Inputs: Pulumi resolves them one by one, so an unknown part leaves the rest known.
          [SDK_REPORT_KEY]: {
            // check() autonames from this, as Pulumi's own providers do from the URN.
            resourceName: name,
            // Names (never values) of credentials given as plain values, for check's secret-field warning.
            plainCredentials: plainCredentialKeys(args.credentials),
            // Paths (never values) of what the program wrapped as secrets: the provider fingerprints them in outputs.
            secretPaths: wrappedSecretPaths({ ...args, adoptId }),
            adoptionConflict,
          } satisfies { [K in keyof Required<SdkReport>]: pulumi.Input<SdkReport[K]> | undefined },
          // Outputs only the server sets; listed so the engine exposes them on this object.
          ...Object.fromEntries(SERVER_FIELDS.map((field) => [field, undefined])),
        },
        { ...resourceOptions, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...SECRET_OUTPUTS] },
        AUTH_CONFIG_MODULE,
        AUTH_CONFIG_NAME,
      );
    } catch (error) {
      throw stackTraces.withStack(error);
    } finally {
      stackTraces.restore();
    }
  }
}
