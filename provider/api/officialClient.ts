/**
 * The official `@composio/client`, loaded on first use rather than with the hooks: loading it costs the
 * provider process 30-50 ms, which a no-change preview or up (no API call at all) need not pay. Its
 * error classes are only asked about errors, and an error of the client comes from a call, which has
 * loaded it already; asking about any other error loads it once then, on a path that is failing anyway.
 */
import type * as Client from "@composio/client";

let loaded: typeof Client | undefined;

export function officialClient(): typeof Client {
  // A plain require at run time; `import` would load it with this module (the package compiles to CommonJS).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, as said above
  return (loaded ??= require("@composio/client") as typeof Client);
}
