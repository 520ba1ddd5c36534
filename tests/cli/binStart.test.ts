/**
 * The start the bins share (cliIo.ts startCommand): --help prints the usage and exits 0, bad arguments
 * say what is wrong with the usage and exit 2; drift with --json also answers in JSON. Nothing runs Pulumi.
 */
import type { CliIo } from "../../cli/cliIo";
import { main as drift } from "../../cli/drift";
import { USAGE as DRIFT_USAGE } from "../../cli/driftArgs";
import { main as recover, USAGE as RECOVER_USAGE } from "../../cli/recover";
import { main as toolkits, USAGE as TOOLKITS_USAGE } from "../../cli/toolkits";

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    workingDir: "/nonexistent-program-dir",
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

describe.each([
  ["composio-drift", drift, DRIFT_USAGE],
  ["composio-recover", recover, RECOVER_USAGE],
  ["composio-toolkits", toolkits, TOOLKITS_USAGE],
])("%s", (command, main, usage) => {
  it("prints its usage for --help and exits 0", async () => {
    const io = capture();
    expect(await main(["--help"], io)).toBe(0);
    expect(io.out).toBe(`${usage}\n`);
    expect(io.err).toBe("");
  });

  it("says what is wrong with the arguments, then the usage, and exits 2", async () => {
    const io = capture();
    expect(await main(["--no-such-option"], io)).toBe(2);
    expect(io.err).toMatch(new RegExp(`^${command}: .*no-such-option.*\\n${usage.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`, "s"));
    expect(io.out).toBe("");
  });
});

it("composio-drift --json answers a bad argument in JSON on stdout too", async () => {
  const io = capture();
  expect(await drift(["--json", "--no-such-option"], io)).toBe(2);
  expect(JSON.parse(io.out)).toMatchObject({ error: expect.stringContaining("no-such-option") });
});
