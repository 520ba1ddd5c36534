/**
 * The `composio` resource provider plugin's gRPC server: Pulumi's ResourceProvider service, answering
 * for `composio:index:AuthConfig` (authConfigResource.ts), `composio:index:McpServer` (mcpServerResource.ts) and
 * the functions (functions.ts).
 *
 * Why our own server rather than `@pulumi/pulumi/provider`'s `main(provider, args)`: that server (3.248
 * and 3.276 alike) ignores the Configure request, answering only acceptSecrets/acceptResources, and its
 * Provider interface has no configure hook, so `composio:apiKey` / `composio:baseUrl` from the stack
 * would never reach the provider. Patching the SDK's class at run time would tie us to its internals;
 * this file is modelled on that server.js instead and uses only public pieces: @grpc/grpc-js (the
 * SDK's own dependency, resolved through it so the generated service definitions match) and the SDK's
 * generated protos (@pulumi/pulumi/proto/provider_grpc_pb, provider_pb).
 */
import type * as grpcTypes from "@grpc/grpc-js";
import * as fs from "node:fs";
import * as path from "node:path";
import { AuthConfigProvider } from "../hooks/authConfigProvider";
import { McpServerProvider } from "../hooks/mcpServerProvider";
import { engineWarnings, stderrWarnings } from "../hooks/engineLog";
import { resolveSettings, type ProviderSettings } from "../api/settings";
import { AUTH_CONFIG_TOKEN, MCP_SERVER_TOKEN } from "../engineProtocol";
import { AuthConfigResource } from "./authConfigResource";
import { McpServerResource } from "./mcpServerResource";
import { FUNCTIONS } from "./functions";
import { unmarkSecrets } from "../core/secretMarks";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated CommonJS gRPC modules, from its own directory */
const sdkRoot = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const grpc: typeof grpcTypes = require(require.resolve("@grpc/grpc-js", { paths: [sdkRoot] }));
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const plugproto = require("@pulumi/pulumi/proto/plugin_pb");
const statusproto = require("@pulumi/pulumi/proto/status_pb");
const emptyproto = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdkRoot] }));
const anyproto = require(require.resolve("google-protobuf/google/protobuf/any_pb", { paths: [sdkRoot] }));
const structproto = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkRoot] }));
/* eslint-enable @typescript-eslint/no-require-imports */

/** The package root (dist/provider/plugin/ -> root), where package.json and schema.json are. */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..", "..");

function pluginVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Provider config as Configure carries it: `args` holds the provider's inputs (`apiKey`, `baseUrl`, from
 * stack config `composio:apiKey` / `composio:baseUrl`); older engines send `variables` keyed
 * `composio:config:apiKey`. Looked up in the names resolveSettings asks for (`composio:apiKey`).
 */
function configLookup(args: Record<string, unknown>, variables: ReadonlyMap<string, string>): (key: string) => string | undefined {
  return (key) => {
    const name = key.replace(/^composio:/, "");
    const value = args[name] ?? variables.get(`composio:config:${name}`) ?? variables.get(key);
    return typeof value === "string" ? value : undefined;
  };
}

const toStruct = (value: unknown) => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})));
const fromStruct = (struct: { toJavaScript(): unknown } | undefined): unknown => struct?.toJavaScript() ?? {};

/**
 * An error for the engine. One that carries an id (the hooks' RecordedCreateError: created, but
 * finishing failed) becomes ErrorResourceInitFailed, so the engine keeps the resource in state.
 */
function grpcError(error: unknown): grpcTypes.ServiceError {
  const e = error as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
  const metadata = new grpc.Metadata();
  if (e.id) {
    const status = new statusproto.Status();
    status.setCode(grpc.status.UNKNOWN);
    status.setMessage(e.message);
    const detail = new provproto.ErrorResourceInitFailed();
    detail.setId(e.id);
    detail.setProperties(toStruct(e.properties));
    detail.setReasonsList(e.reasons ?? []);
    const any = new anyproto.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    status.addDetails(any);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return Object.assign(new Error(e.message), { code: grpc.status.UNKNOWN, details: e.message, metadata });
}

/** What the server asks of a resource type: the adapters to the hooks (authConfigResource.ts, mcpServerResource.ts). */
type PluginResource = Pick<AuthConfigResource, "check" | "diff" | "create" | "read" | "update" | "delete">;

class ComposioProviderServer {
  private readonly hooks: { useSettings(resolve: () => ProviderSettings): unknown }[];
  private readonly resources: Readonly<Record<string, PluginResource>>;
  private lookup: (key: string) => string | undefined = () => undefined;

  constructor(engineAddress: string | undefined) {
    const warnings = engineAddress ? engineWarnings(engineAddress) : stderrWarnings;
    const authConfigs = new AuthConfigProvider(warnings);
    const mcpServers = new McpServerProvider(warnings);
    this.hooks = [authConfigs, mcpServers];
    this.resources = { [AUTH_CONFIG_TOKEN]: new AuthConfigResource(authConfigs), [MCP_SERVER_TOKEN]: new McpServerResource(mcpServers) };
  }

  /** The resource type a URN names (`urn:pulumi:stack::project::[parent$]type::name`). */
  private resource(urn: string): PluginResource {
    const type = urn.split("::")[2]?.split("$").pop() ?? "";
    const resource = this.resources[type];
    if (!resource) throw new Error(`unknown resource type ${type}; this provider has ${Object.keys(this.resources).join(", ")}`);
    return resource;
  }

  private settings(): ProviderSettings {
    return resolveSettings(this.lookup, process.env);
  }

  /** Each RPC: run, answer, and turn any error into one the engine shows. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the generated request classes carry no types
  private handle(run: (request: any) => Promise<unknown>) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
    return (call: grpcTypes.ServerUnaryCall<any, unknown>, callback: grpcTypes.sendUnaryData<unknown>) => {
      run(call.request).then(
        (response) => callback(null, response),
        (error) => callback(grpcError(error)),
      );
    };
  }

  /** The service's implementation, for grpc.Server.addService. */
  service(): grpcTypes.UntypedServiceImplementation {
    // The methods left out (Handshake, Parameterize, Construct, Call, List, GetMapping(s)) answer
    // UNIMPLEMENTED (grpc-js's default), which the engine takes as "not supported".
    return {
      getPluginInfo: this.handle(async () => new plugproto.PluginInfo().setVersion(pluginVersion())),
      getSchema: this.handle(async (req) => {
        if (req.getVersion() !== 0) throw new Error(`unsupported schema version ${req.getVersion()}`);
        return new provproto.GetSchemaResponse().setSchema(fs.readFileSync(path.join(PACKAGE_ROOT, "schema.json"), "utf8"));
      }),
      checkConfig: this.handle(async (req) => new provproto.CheckResponse().setInputs(req.getNews())),
      diffConfig: this.handle(async (req) => {
        // A new key or base URL applies to the next calls; it never replaces the provider (and so every config).
        const same = JSON.stringify(fromStruct(req.getOldInputs() ?? req.getOlds())) === JSON.stringify(fromStruct(req.getNews()));
        return new provproto.DiffResponse().setChanges(
          same ? provproto.DiffResponse.DiffChanges.DIFF_NONE : provproto.DiffResponse.DiffChanges.DIFF_SOME,
        );
      }),
      configure: this.handle(async (req) => {
        const args = unmarkSecrets(fromStruct(req.getArgs())).value as Record<string, unknown>;
        const variables = new Map<string, string>(req.getVariablesMap().toArray());
        this.lookup = configLookup(args, variables);
        for (const hooks of this.hooks) hooks.useSettings(() => this.settings());
        // supportsPreview stays false: the engine then never calls Create/Update during a preview.
        return new provproto.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(false).setSupportspreview(false);
      }),
      check: this.handle(async (req) => {
        const { inputs, failures } = await this.resource(req.getUrn()).check(
          req.getUrn(),
          fromStruct(req.getOlds()),
          fromStruct(req.getNews()),
        );
        const list = failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason));
        return new provproto.CheckResponse().setInputs(toStruct(inputs)).setFailuresList(list);
      }),
      diff: this.handle(async (req) => {
        const result = await this.resource(req.getUrn()).diff(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
        const changes = result.changes ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE;
        return new provproto.DiffResponse()
          .setChanges(changes)
          .setReplacesList(result.replaces ?? [])
          .setDeletebeforereplace(result.deleteBeforeReplace ?? false)
          .setDiffsList(result.diffs);
      }),
      create: this.handle(async (req) => {
        const { id, outs } = await this.resource(req.getUrn()).create(fromStruct(req.getProperties()), req.getPreview());
        return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs));
      }),
      read: this.handle(async (req) => {
        const result = await this.resource(req.getUrn()).read(req.getId(), fromStruct(req.getProperties()));
        const response = new provproto.ReadResponse().setId(result.id);
        if (result.props) response.setProperties(toStruct(result.props));
        if (result.inputs) response.setInputs(toStruct(result.inputs));
        return response;
      }),
      update: this.handle(async (req) => {
        const outs = await this.resource(req.getUrn()).update(
          req.getId(),
          fromStruct(req.getOlds()),
          fromStruct(req.getNews()),
          req.getPreview(),
        );
        return new provproto.UpdateResponse().setProperties(toStruct(outs));
      }),
      delete: this.handle(async (req) => {
        await this.resource(req.getUrn()).delete(req.getId(), fromStruct(req.getProperties()));
        return new emptyproto.Empty();
      }),
      invoke: this.handle(async (req) => {
        const fn = FUNCTIONS[req.getTok()];
        if (!fn) throw new Error(`unknown function ${req.getTok()}; this provider has ${Object.keys(FUNCTIONS).join(", ")}`);
        const args = unmarkSecrets(fromStruct(req.getArgs())).value as Record<string, unknown>;
        return new provproto.InvokeResponse().setReturn(toStruct(await fn(args, this.settings())));
      }),
      cancel: this.handle(async () => new emptyproto.Empty()),
      attach: this.handle(async () => new emptyproto.Empty()),
    };
  }
}

/** Serves on a free 127.0.0.1 port and prints it, which is how the engine learns where to connect. */
export async function serve(engineAddress: string | undefined): Promise<grpcTypes.Server> {
  const server = new grpc.Server();
  server.addService(provrpc.ResourceProviderService, new ComposioProviderServer(engineAddress).service());
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  process.stdout.write(`${port}\n`);
  return server;
}
