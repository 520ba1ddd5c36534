/**
 * AuthConfigArgs, derived from the schema (sdk/argumentTypes.ts, sdk/authConfigArgs.ts): what a program may
 * write compiles, what the schema does not take does not. `npm test` type-checks this file (`npm run typecheck`, before
 * jest, which only transpiles it), so each `@ts-expect-error` fails the run when the line it marks compiles.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AuthConfigArgs, ProxyConfigArgs } from "../../sdk";

describe("AuthConfigArgs", () => {
  it("takes a pulumi.Input for every argument and every value inside one", () => {
    const args: AuthConfigArgs = {
      toolkit: pulumi.output("notion"),
      name: Promise.resolve("Notion"),
      type: pulumi.output("use_custom_auth" as const),
      authScheme: "OAUTH2",
      credentials: { client_id: pulumi.output("id"), client_secret: pulumi.secret("s"), scopes: [pulumi.output("read"), "write"] },
      toolAccessConfig: {
        toolsForConnectedAccountCreation: pulumi.output(["NOTION_SEARCH"]),
        toolsAvailableForExecution: [pulumi.output("NOTION_SEARCH")],
      },
      proxyConfig: { proxyUrl: pulumi.output("https://proxy.example.com"), proxyAuthKey: pulumi.secret("k") },
      isEnabledForToolRouter: pulumi.output(true),
      sharedCredentials: { token: pulumi.secret("t") },
      enabled: false,
      revokeOnDelete: Promise.resolve(true),
      adoptId: pulumi.output("ac_1234abcd"),
    };
    const cleared: ProxyConfigArgs | null = null;
    const withoutProxy: AuthConfigArgs = { toolkit: "notion", proxyConfig: cleared };
    expect(Object.keys(args)).toHaveLength(12);
    expect(withoutProxy.proxyConfig).toBeNull();
  });

  it("does not compile with an argument, a field or a value the schema does not take", () => {
    const refused: AuthConfigArgs[] = [
      // @ts-expect-error: an unknown argument
      { toolkit: "github", colour: "blue" },
      // @ts-expect-error: a misspelt one
      { toolkit: "github", authscheme: "OAUTH2" },
      // @ts-expect-error: not a type
      { toolkit: "github", type: "custom" },
      // @ts-expect-error: not a scheme
      { toolkit: "github", authScheme: "OAUTH3" },
      // @ts-expect-error: an unknown proxy field
      { toolkit: "notion", proxyConfig: { proxyURL: "https://proxy.example.com" } },
      // @ts-expect-error: tool lists hold slugs
      { toolkit: "github", toolAccessConfig: { toolsAvailableForExecution: [42] } },
      // @ts-expect-error: enabled is a boolean
      { toolkit: "github", enabled: "yes" },
    ];
    // @ts-expect-error: toolkit is required
    const withoutToolkit: AuthConfigArgs = { name: "GitHub" };
    expect(refused.length + Object.keys(withoutToolkit).length).toBe(8);
  });
});
