/**
 * AuthConfig registers without Pulumi's per-property promise stack traces (sdk/stackTraces.ts): the
 * limit is 0 only while its constructor registers, it is back afterwards (also when registration
 * throws), an error thrown in that stretch still has a stack, and PULUMI_DEBUG_PROMISE_LEAKS keeps the
 * traces. A transformation runs inside the constructor's registration, so it sees the limit in force.
 */
import * as pulumi from "@pulumi/pulumi";

// Async in its signature only: the mocks are in place when it returns.
void pulumi.runtime.setMocks(
  {
    newResource: (args) => ({ id: "ac_mocked", state: { ...args.inputs, authConfigId: "ac_mocked", status: "ENABLED" } }),
    call: () => ({}),
  },
  "project",
  "stack",
  false,
);

// Imported after setMocks, as Pulumi's docs require.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after setMocks (above)
const { AuthConfig } = require("../../sdk") as typeof import("../../sdk");

/** The limit a transformation of the resource sees while Pulumi's constructor runs (once registered). */
async function limitDuringRegistration(name: string): Promise<number | undefined> {
  let seen: number | undefined;
  const config = new AuthConfig(
    name,
    { toolkit: "github" },
    {
      transformations: [
        (args) => {
          seen = Error.stackTraceLimit;
          return { props: args.props, opts: args.opts };
        },
      ],
    },
  );
  await new Promise((resolve) => config.urn.apply(resolve));
  return seen;
}

describe("AuthConfig's registration without promise stack traces", () => {
  const debugLeaks = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  afterEach(() => {
    if (debugLeaks === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = debugLeaks;
  });

  it("registers with the limit at 0 and puts the program's limit back", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    Error.stackTraceLimit = 17;
    expect(await limitDuringRegistration("paused")).toBe(0);
    expect(Error.stackTraceLimit).toBe(17);
  });

  it("keeps the traces when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    Error.stackTraceLimit = 17;
    expect(await limitDuringRegistration("debugging")).toBe(17);
    expect(Error.stackTraceLimit).toBe(17);
  });

  it("puts the limit back when registration throws, and the error has a stack", () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    Error.stackTraceLimit = 17;
    let thrown: unknown;
    try {
      // Pulumi's dynamic.Resource refuses this key before it starts anything asynchronous.
      new AuthConfig("throws", { toolkit: "github", __provider: "mine" } as never);
    } catch (error) {
      thrown = error;
    }
    expect(Error.stackTraceLimit).toBe(17);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe("A dynamic resource must not define the __provider key");
    expect((thrown as Error).stack).toMatch(/\n\s+at /);
  });
});
