/**
 * A local emulator of the Composio API subset this project uses (auth configs, toolkits, connected accounts, MCP servers), for
 * the demo and every test. `startEmulator` starts a real HTTP server; see emulator/README.md.
 */
import type { AddressInfo } from "node:net";
import { FaultInjector } from "./faults";
import { TokenBucket } from "./rateLimit";
import { RequestLog } from "./requestLog";
import { MASK_FORMATS, type MaskFormat } from "./masking";
import { createEmulatorServer } from "./server";
import { EmulatorSettings } from "./settings";
import { AuthConfigStore } from "./store";

export { EmulatorControl, EmulatorControlError, type KeyRestrictionOptions } from "./controlClient";
export { CATALOG, findToolkit } from "./catalog";
export { maskValue, MASK_FORMATS, DEFAULT_MASK_FORMAT, REDACTED, STARS, type MaskFormat } from "./masking";
export { CAPABILITIES, type Capability } from "./settings";
export { ERROR_KINDS, type ErrorKind } from "./errors";
export { FAULT_KINDS } from "./faults";
export type { FaultKind, FaultOptions } from "./faults";
export type { RequestLogEntry, Stats } from "./requestLog";
export type { Field, Toolkit, StoredAuthConfig, AuthScheme } from "./types";

export interface EmulatorOptions {
  /** The key every request must send in `x-api-key`. */
  apiKey: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is for local use and holds secrets. */
  host?: string;
  /** Persist auth configs to this JSON file (atomically, on every change) and load it on start. */
  stateFile?: string;
  /** No per-request log lines. */
  quiet?: boolean;
  /** Where log lines go (default: stderr). Lines never contain request or response bodies. */
  logger?: (line: string) => void;
  /** How reads mask credentials (default "prefix4"); the control API can change it at run time. */
  maskFormat?: MaskFormat;
  /**
   * The rate limit's clock in milliseconds (default `performance.now`). A test that holds it still gets the same
   * answers however fast the machine sends: a bucket that never refills.
   */
  rateLimitClock?: () => number;
}

export interface RunningEmulator {
  /** `http://HOST:PORT`, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (!options.apiKey) throw new Error("startEmulator: apiKey is required");
  if (options.maskFormat !== undefined && !MASK_FORMATS.includes(options.maskFormat)) {
    throw new Error(`startEmulator: maskFormat must be one of ${MASK_FORMATS.join(", ")}`);
  }
  const host = options.host ?? "127.0.0.1";
  const logger = options.quiet ? undefined : (options.logger ?? ((line: string) => process.stderr.write(`composio-emulator: ${line}\n`)));
  const store = new AuthConfigStore(options.stateFile);
  const { server, cancelPending } = createEmulatorServer({
    apiKey: options.apiKey,
    store,
    log: new RequestLog(),
    faults: new FaultInjector(),
    rateLimit: new TokenBucket(options.rateLimitClock),
    settings: new EmulatorSettings(options.maskFormat),
    logger,
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(":") ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    // State is already on disk (every change is written before it is acknowledged), so closing
    // only has to stop the server; in-flight requests are cut rather than awaited.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        cancelPending();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      })),
  };
}
