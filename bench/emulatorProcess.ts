/**
 * The emulator as its own process (the built `composio-emulator` command), not inside the benchmark: the
 * benchmark's process also runs the inline programs, and an emulator on that event loop would slow the
 * AuthConfig runs with work the floor never pays for. A real API's work happens elsewhere too.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { EmulatorControl } from "pulumi-composio/emulator";

export interface EmulatorProcess {
  url: string;
  control: EmulatorControl;
  pid: number;
  close(): Promise<void>;
}

export function startEmulatorProcess(repoRoot: string, apiKey: string): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [join(repoRoot, "dist", "emulator", "cli.js"), "--port", "0", "--api-key", apiKey, "--quiet"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Never outlive the benchmark, whatever ends it.
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  return new Promise((resolve, reject) => {
    let out = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the emulator exited (code ${code}) before it listened`)));
    child.stdout!.on("data", (data: Buffer) => {
      out += data.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (!url) return;
      resolve({
        url,
        control: new EmulatorControl(url, apiKey),
        pid: child.pid!,
        async close() {
          process.off("exit", stop);
          stop();
          await exited;
        },
      });
    });
  });
}
