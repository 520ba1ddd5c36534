/**
 * Warnings from the dynamic-provider process into `pulumi preview` / `pulumi up` output.
 *
 * Measured with @pulumi/pulumi 3.248 under the real CLI: whatever that process writes to stdout or
 * stderr, and `pulumi.log.warn` (which has no engine connection there and falls back to
 * console.warn), shows only as plain messages of the stack, not counted as warnings. A Log call to
 * the engine, whose address the CLI passes as the process's only argument
 * (`node <sdk>/cmd/dynamic-provider <engine>`), shows as a real `warning:` (counted in the
 * summary, severity "warning" in `--json` and in Automation API events). So that is used when this
 * process is the dynamic-provider host, and stderr otherwise (direct use, or a future host that
 * starts differently). Check requests carry no URN to a dynamic provider, so the engine lists
 * these warnings under the stack: the message itself must name the resource.
 */
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";

export type WarningSink = (message: string) => Promise<void>;

/** The engine's address when this process is Pulumi's Node.js dynamic-provider host. */
function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const [, script, address] = argv;
  const isHost = script !== undefined && /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script);
  return isHost && address !== undefined && /^[\w.[\]:-]+:\d+$/.test(address) ? address : undefined;
}

export const stderrWarnings: WarningSink = async (message) => {
  process.stderr.write(`warning: ${message}\n`);
};

/** A sink that logs through the engine at `address`, falling back to stderr if that call fails. */
export function engineWarnings(address: string): WarningSink {
  let client: EngineClient | undefined;
  return (message) =>
    new Promise<void>((resolve) => {
      try {
        // Loaded only here: the SDK's generated engine client and the gRPC library it was built with.
        /* eslint-disable @typescript-eslint/no-require-imports -- generated CommonJS modules, loaded on first use */
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [require.resolve("@pulumi/pulumi")] }));
        const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
        const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
        /* eslint-enable @typescript-eslint/no-require-imports */
        client ??= new EngineClient(address, grpc.credentials.createInsecure()) as EngineClient;
        const request = new LogRequest().setSeverity(LogSeverity.WARNING).setMessage(message).setUrn("").setStreamid(0);
        client.log(request, (error) => {
          if (error) void stderrWarnings(message).then(resolve);
          else resolve();
        });
      } catch {
        void stderrWarnings(message).then(resolve);
      }
    });
}

/** The sink for this process: the engine when running under the Pulumi CLI, else stderr. */
export function processWarnings(): WarningSink {
  const address = engineAddress();
  return address ? engineWarnings(address) : stderrWarnings;
}
