/**
 * What a refresh makes of one auth config: the outputs and the inputs the provider's `read` hands the engine,
 * from the live config and the prior outputs. Pure, and shared: the provider's `read` (hooks) and
 * `composio-drift`'s check from the last checkpoint (cli/driftPlan.ts) both call it, so the two agree by
 * construction on what a live config means. The prior outputs may be marked (the plugin's): what it reports is
 * marked where they were.
 */
import { importedCredentials, inputsOf, observe, type AuthConfigOutputs } from "./mapping";
import { redactSecrets } from "./secrets";
import type { StoredAuthConfig } from "./schema";
import type { WireAuthConfig } from "./wire";

/** Outputs hold the server's scheme either way, so they also record whether the program named one. */
export const schemeFromProgram = (given: boolean): Partial<AuthConfigOutputs> => (given ? { __schemeFromProgram: true } : {});

/**
 * The inputs a refresh writes back. A managed config's scheme is the toolkit's choice unless the
 * program named it (it is replace-only and cannot drift), so it is an input only when the program
 * gave one: otherwise every refresh would show it as a new input, or as one gone.
 */
function refreshedInputs(observed: AuthConfigOutputs): StoredAuthConfig {
  const inputs = inputsOf(observed);
  if (inputs.type === "use_composio_managed_auth" && !observed.__schemeFromProgram) delete inputs.authScheme;
  return inputs;
}

/**
 * The id recorded for a create whose outcome is unknown (its answer was lost and the look-up failed).
 * The next `up` replaces it delete-first: the delete looks the lost config up again and removes it,
 * then a fresh create runs, so a re-run (what a CI retry does) never leaves two configs.
 */
export const UNCONFIRMED_PREFIX = "unconfirmed-create-since-";

/** When the unconfirmed create recorded under `id` started; undefined for the id of a real config. */
export function unconfirmedSince(id: string): number | undefined {
  return id.startsWith(UNCONFIRMED_PREFIX) ? Number(id.slice(UNCONFIRMED_PREFIX.length)) : undefined;
}

/** What a read of a config that exists reports: its outputs (`props`) and the inputs the refresh writes back. */
export function refreshedState(live: WireAuthConfig, props: AuthConfigOutputs): { props: AuthConfigOutputs; inputs: StoredAuthConfig } {
  // `pulumi import` through the plugin passes the id alone (no toolkit): what reads show in clear becomes the program's.
  const prior = props.toolkit === undefined ? { ...inputsOf(props), ...importedCredentials(live) } : inputsOf(props);
  // On import the props are program inputs with real secrets: they must not reach the outputs.
  const observed = redactSecrets(
    { ...observe(live, prior, props.lastUpdatedAt), ...schemeFromProgram(props.__schemeFromProgram === true) },
    props,
  );
  return { props: observed, inputs: refreshedInputs(observed) };
}
