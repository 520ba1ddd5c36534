/**
 * The connected-accounts guard's decision (pure): a replace or delete of a config with accounts goes
 * ahead only when the program allowed it, and every refusal names the resource, the count, what happens
 * to the users and both fixes. Also the flag's place in the diff: a state-only input, never a replace.
 */
import fc from "fast-check";
import { decideConnectionGuard, type GuardSubject } from "../../../provider/core/connectionGuard";
import { diffAuthConfig } from "../../../provider/core/diff";
import { planUpdate, toCreateBody } from "../../../provider/core/mapping";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { checkAuthConfig } from "../../../provider/core/check";

/** The autoname's random part, which the provider's edge supplies (core/check.ts is pure). */
const fixedSuffix = () => "abc1234";

const subject = (overrides: Partial<GuardSubject> = {}): GuardSubject => ({
  operation: "replace",
  resourceName: "github",
  authConfigId: "ac_abc123",
  connections: 3,
  allowed: false,
  replacedBy: ["authScheme"],
  ...overrides,
});

describe("decideConnectionGuard", () => {
  it("refuses a replace of a config with accounts, naming the resource, the count, the users' fate and both fixes", () => {
    const decision = decideConnectionGuard(subject());
    expect(decision.proceed).toBe(false);
    const { message } = decision as { message: string };
    expect(message).toContain('auth config "github" (ac_abc123) has 3 connected accounts');
    expect(message).toContain("changing authScheme replaces it");
    expect(message).toMatch(/users lose the connection/);
    expect(message).toContain("allowReplaceWithConnections: true");
    expect(message).toMatch(/migrate instead: declare the new auth config beside this one, move the users to it .* then remove this one/);
  });

  it("refuses a delete the same way, saying the flag must reach the state first", () => {
    const decision = decideConnectionGuard(subject({ operation: "delete", connections: 1, replacedBy: undefined }));
    expect(decision).toEqual({ proceed: false, message: expect.stringContaining("has 1 connected account;") });
    expect((decision as { message: string }).message).toMatch(/run `pulumi up` .* then delete it again/);
  });

  it("lets a config with no accounts go, whatever the flag, with nothing to say", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom("replace" as const, "delete" as const), (allowed, operation) => {
        expect(decideConnectionGuard(subject({ connections: 0, allowed, operation }))).toEqual({ proceed: true, cutOff: 0 });
      }),
    );
  });

  it("goes ahead when allowed, and says how many accounts are cut off", () => {
    const decision = decideConnectionGuard(subject({ allowed: true }));
    expect(decision).toEqual({
      proceed: true,
      cutOff: 3,
      notice: expect.stringContaining('auth config "github" (ac_abc123) is replaced with 3 connected accounts'),
    });
  });

  it("proceeds exactly when there are no accounts or the program allowed it (property)", () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.boolean(),
        fc.constantFrom("replace" as const, "delete" as const),
        (connections, allowed, operation) => {
          const decision = decideConnectionGuard(subject({ connections, allowed, operation }));
          expect(decision.proceed).toBe(connections === 0 || allowed);
          if (decision.proceed) expect(decision.cutOff).toBe(connections);
          else expect(decision.message).toContain(`has ${connections} connected account`);
        },
      ),
    );
  });
});

describe("allowReplaceWithConnections as an input", () => {
  const base = {
    toolkit: "github",
    name: "gh",
    type: "use_custom_auth",
    authScheme: "API_KEY",
    credentials: {},
    enabled: true,
    revokeOnDelete: false,
  } as AuthConfigInputs;

  it("is a change that never replaces and makes no API body, set or removed", () => {
    for (const [olds, news] of [
      [base, { ...base, allowReplaceWithConnections: true }],
      [{ ...base, allowReplaceWithConnections: true }, base],
    ] as const) {
      const diff = diffAuthConfig(olds, news);
      expect(diff).toEqual({ changes: true, changed: ["allowReplaceWithConnections"], replaces: [] });
      expect(planUpdate(olds, news, diff.changed)).toEqual({});
    }
    // false and absent are the same: a state from before the flag shows no change.
    expect(diffAuthConfig(base, { ...base, allowReplaceWithConnections: false }).changes).toBe(false);
  });

  it("is never sent on create, and check takes only a boolean", () => {
    expect(JSON.stringify(toCreateBody({ ...base, allowReplaceWithConnections: true }))).not.toContain("allow");
    const bad = checkAuthConfig(undefined, { toolkit: "github", allowReplaceWithConnections: "yes" }, fixedSuffix);
    expect(bad.failures).toEqual([
      { property: "allowReplaceWithConnections", reason: "allowReplaceWithConnections must be true or false" },
    ]);
    const good = checkAuthConfig(undefined, { toolkit: "github" }, fixedSuffix);
    expect(good.inputs).not.toHaveProperty("allowReplaceWithConnections");
  });
});
