/**
 * `AuthConfig`: a Composio auth config managed by Pulumi. The arguments are the options of the
 * seed's `composio.authConfigs.create(toolkit, options)`, with `toolkit` among them (authConfigArgs.ts,
 * generated from the schema and its descriptions).
 */
import * as pulumi from "@pulumi/pulumi";
import { AUTH_CONFIG_MODULE, AUTH_CONFIG_NAME, SDK_REPORT_KEY, type SdkReport } from "../provider/engineProtocol";
import type { AuthConfigInputs, AuthScheme } from "../provider/core/schema";
import type { AuthConfigArgs } from "./authConfigArgs";
import { COMPARED_PROPERTIES, SECRET_BEARING_PROPERTIES, SERVER_FIELDS, type ServerOutputName } from "../provider/core/fields";
import type { ServerOwned } from "../provider/core/mapping";
import { claimAdoptId } from "./adoptionClaims";
import { authConfigProviderStub } from "./providerStub";
import { plainCredentialKeys, secretCredentials, secretProxyConfig, secretWhole, wrappedSecretPaths } from "./secretInputs";
import { pauseStackTraces } from "./stackTraces";

export type { AuthConfigArgs, ProxyConfigArgs, ToolAccessConfigArgs } from "./authConfigArgs";

/** Outputs that hold secrets as a whole once the server's view is merged in. */
const SECRET_OUTPUTS: readonly string[] = SECRET_BEARING_PROPERTIES;

/**
 * The outputs the class declares: every argument the diff compares (the field table's; `adoptId` is read once
 * and not among them, `authConfigId` is the id) and every output only the server sets (fields.ts SERVER_OUTPUTS).
 */
const DECLARED_OUTPUTS = [...COMPARED_PROPERTIES, ...SERVER_FIELDS];
type ArgumentOutputName = (typeof COMPARED_PROPERTIES)[number];
/** What any variant's checked inputs hold at `K`. */
type InputValue<K extends PropertyKey> = ValueIn<AuthConfigInputs, K>;
type ValueIn<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;
type DeclaredOutputs = { readonly [K in Exclude<ArgumentOutputName, "authScheme">]: pulumi.Output<InputValue<K>> } & {
  readonly [K in ServerOutputName]: pulumi.Output<ServerOwned[K]>;
} & {
  /** The server's scheme (the toolkit's managed scheme when none was given). */
  readonly authScheme: pulumi.Output<AuthScheme>;
};

// The outputs are declared by merging this interface into the class: the engine sets them in the base constructor
// (a class field, even `declare`d, would have to be written out per output, a second list of the fields).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- set by pulumi.dynamic.Resource's constructor
export interface AuthConfig extends DeclaredOutputs {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface above
export class AuthConfig extends pulumi.dynamic.Resource {
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
          // the program leaves the argument out (the engine still returns check's defaults for them); the
          // ones only the server sets are listed so the engine exposes them on this object.
          ...Object.fromEntries(DECLARED_OUTPUTS.map((output) => [output, undefined])),
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
