#!/usr/bin/env node
// A minimal Pulumi Node.js language host (`pulumi-language-nodejs` plugin), written in Node.js.
//
// Why it exists: the real host is the Go module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3,
// and the Go module proxy this project builds from answers 403 "This module version is not available" for every
// version of it. (Old sdk/v3 releases carried the host as a package: the newest such release the proxy serves is
// v3.68.0 of 2023, 180 minor versions older than our CLI and SDK, which is not a sound base; v3.90.0 and later
// have it only in the separate module.) Automation API *inline*
// programs need no language host at all (the Node SDK serves the LanguageRuntime in-process and passes `--client`
// to the CLI). Local programs (`pulumi up` in a directory whose Pulumi.yaml says `runtime: nodejs`) do, and this
// file is that host: it serves the LanguageRuntime gRPC service with the protos shipped in @pulumi/pulumi, and
// runs a program the way the Go host does, by spawning `node <program's @pulumi/pulumi>/cmd/run` with the engine's
// addresses, the project/stack, and the config in PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS. Everything that
// happens inside the program (TypeScript via the SDK's ts-node, resource registration, closure serialization) is
// the SDK's own code, unchanged.
//
// Differences from the Go host, on purpose: no plugin discovery (GetRequiredPlugins/Packages return nothing, so the
// engine never tries to download provider plugins; dynamic providers need none), no dependency installation (run
// `npm ci` yourself), no packing or linking (those RPCs answer UNIMPLEMENTED), and RunPlugin runs only policy packs
// (kind "analyzer", see policyPack.js): the engine starts a Node.js policy pack through it, resource plugins written
// in Node.js (bin/pulumi-resource-composio) are executables it runs itself. Code generation (GeneratePackage, for
// `pulumi package gen-sdk --language nodejs`) is delegated to toolchain/codegen, a Go binary over Pulumi's own
// Node.js SDK generator (built by toolchain/ensure-codegen.sh), so the generated SDK is what the real host writes.
//
// Also considered: running a local program as an inline one (Automation API, workDir = the program's directory,
// program = () => require(entry)). That works only through the Automation API, never for `pulumi up` as users run
// it, and bypasses the SDK's program loader (TypeScript, package.json entry points, its own process per run).
"use strict";
const { spawn } = require("child_process");
const path = require("path");

// The SDK this host speaks the protocol of: the one installed beside this script (the repository's).
const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [__dirname] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
const langrpc = require(path.join(sdkDir, "proto/language_grpc_pb"));
const langproto = require(path.join(sdkDir, "proto/language_pb"));
const plugproto = require(path.join(sdkDir, "proto/plugin_pb"));
const emptyproto = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdkDir] }));
const analyzerproto = require(path.join(sdkDir, "proto/analyzer_pb"));
const { AnalyzerService: analyzerService } = require(path.join(sdkDir, "proto/analyzer_grpc_pb"));
const { runPolicyPack } = require("./policyPack");
const sdkVersion = require(path.join(sdkDir, "package.json")).version;

// Arguments from the engine: [--logtostderr] [-v=N] [--tracing <url>] [-root=<dir>] <engine address>.
let engineAddress = "";
let tracing = "";
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  if (/^--?tracing$/.test(arg)) tracing = argv[++i] ?? "";
  else if (/^--?tracing=/.test(arg)) tracing = arg.slice(arg.indexOf("=") + 1);
  else if (!arg.startsWith("-")) engineAddress = arg;
}

const ok = (callback, message) => callback(null, message);

// toolchain/codegen, as toolchain/ensure-codegen.sh builds it.
const codegenBinary = process.env.PULUMI_COMPOSIO_CODEGEN || path.join(__dirname, "../../.cache/codegen/bin/codegen");

/** The program's @pulumi/pulumi/cmd/run: resolved from the program's directory, like the Go host does. */
function locateRun(programDir) {
  const override = process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH;
  return require.resolve(override || "@pulumi/pulumi/cmd/run", { paths: [programDir] });
}

const impl = {
  handshake(call, callback) {
    engineAddress = call.request.getEngineAddress() || engineAddress;
    ok(callback, new langproto.LanguageHandshakeResponse());
  },
  getPluginInfo(_call, callback) {
    ok(callback, new plugproto.PluginInfo().setVersion(sdkVersion));
  },
  getRequiredPlugins(_call, callback) {
    ok(callback, new langproto.GetRequiredPluginsResponse().setPluginsList([]));
  },
  getRequiredPackages(_call, callback) {
    ok(callback, new langproto.GetRequiredPackagesResponse().setPackagesList([]));
  },
  installDependencies(call) {
    call.end(); // nothing to stream: dependencies are installed with npm by the user
  },
  getProgramDependencies(_call, callback) {
    ok(callback, new langproto.GetProgramDependenciesResponse().setDependenciesList([]));
  },
  about(_call, callback) {
    const resp = new langproto.AboutResponse().setExecutable(process.execPath).setVersion(process.version);
    resp.getMetadataMap().set("host", "pulumi-composio toolchain/language-host");
    ok(callback, resp);
  },
  generatePackage(call, callback) {
    let answered = false; // a child that cannot start emits "error", and may emit "exit" too
    const answer = (err, resp) => {
      if (!answered) {
        answered = true;
        callback(err, resp);
      }
    };
    const fail = (details) => answer({ code: grpc.status.UNKNOWN, details });
    const child = spawn(codegenBinary, ["generate", "nodejs"], { stdio: ["pipe", "pipe", "pipe"] });
    const out = [];
    let err = "";
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", (e) => fail(`code generation needs ${codegenBinary} (run toolchain/ensure-codegen.sh): ${e.message}`));
    child.on("exit", (code) => {
      if (code !== 0) return fail(err.trim() || `${codegenBinary} exited with code ${code}`);
      answer(null, langproto.GeneratePackageResponse.deserializeBinary(new Uint8Array(Buffer.concat(out))));
    });
    child.stdin.end(Buffer.from(call.request.serializeBinary()));
  },
  runPlugin(call) {
    if (call.request.getKind() === "analyzer") return runPolicyPack(call, { grpc, langproto, analyzerproto, analyzerService });
    const details = `this language host (toolchain/language-host) runs only policy packs, not a ${call.request.getKind()} plugin`;
    call.emit("error", { code: grpc.status.UNIMPLEMENTED, details });
  },
  cancel(_call, callback) {
    ok(callback, new emptyproto.Empty());
  },
  run(call, callback) {
    const req = call.request;
    const info = req.getInfo();
    const programDir = (info && info.getProgramDirectory()) || req.getPwd() || process.cwd();
    const options = (info && info.getOptions() && info.getOptions().toJavaScript()) || {};
    let runPath;
    try {
      runPath = locateRun(programDir);
    } catch {
      return ok(
        callback,
        new langproto.RunResponse().setError(
          "It looks like the Pulumi SDK has not been installed. Have you run npm install or yarn install?",
        ),
      );
    }
    const args = [];
    if (typeof options.nodeargs === "string" && options.nodeargs.trim()) args.push(...options.nodeargs.trim().split(/\s+/));
    args.push(runPath);
    const flag = (name, value) => {
      if (value) args.push(`--${name}`, String(value));
    };
    flag("monitor", req.getMonitorAddress());
    flag("engine", engineAddress);
    flag("organization", req.getOrganization());
    flag("project", req.getProject());
    flag("stack", req.getStack());
    flag("pwd", req.getPwd());
    flag("root-directory", info && info.getRootDirectory());
    if (req.getDryrun()) args.push("--dry-run");
    flag("parallel", req.getParallel());
    flag("tracing", tracing);
    args.push((info && info.getEntryPoint()) || req.getProgram() || ".", ...req.getArgsList());

    const config = Object.fromEntries(req.getConfigMap().entries());
    const env = {
      ...process.env,
      PULUMI_CONFIG: JSON.stringify(config),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
      PULUMI_NODEJS_TYPESCRIPT: String(options.typescript ?? true),
    };
    if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;

    // The program's output goes to ours, which the engine shows as the program's diagnostics.
    const child = spawn(process.execPath, args, { cwd: req.getPwd() || programDir, env, stdio: ["ignore", "inherit", "inherit"] });
    let answered = false;
    const answer = (resp) => {
      if (!answered) {
        answered = true;
        ok(callback, resp);
      }
    };
    child.on("error", (err) =>
      answer(new langproto.RunResponse().setError(`Problem executing program (could not run language executor): ${err.message}`)),
    );
    child.on("exit", (code, signal) => {
      const resp = new langproto.RunResponse();
      // 32: the SDK already showed the user an actionable message, so the engine should just stop.
      if (code === 32) resp.setBail(true);
      else if (code !== 0)
        resp.setError(signal ? `Program exited with signal ${signal}` : `Program exited with non-zero exit code: ${code}`);
      answer(resp);
    });
  },
};

const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(langrpc.LanguageRuntimeService, impl);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) {
    console.error(`could not start the language host gRPC server: ${err.message}`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`); // the engine reads the port from our first line of output
});
// The engine kills plugins when it is done; a SIGTERM/SIGINT ends the process normally.
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.tryShutdown(() => process.exit(0)));
