// RunPlugin for policy packs (`pulumi preview --policy-pack <dir>` with `runtime: nodejs` in PulumiPolicy.yaml).
//
// How the CLI starts a Node.js pack (3.248 and 3.276 alike: sdk/go/common/resource/plugin/analyzer_plugin.go,
// NewPolicyAnalyzer): when a `nodejs` language plugin is found (this host, beside a CLI ensure-pulumi.sh built), the
// engine calls its RunPlugin with kind "analyzer", the pack's directory as the program directory, one argument (the
// engine's address, after any logging flags) and the CLI's environment; it reads the analyzer's port from the first
// line of the plugin's stdout, then calls Handshake and ConfigureStack (stack, project, organization, dry run, the
// stack's config) on it. Only without a language plugin does it fall back to a `pulumi-analyzer-policy-nodejs`
// executable on PATH (the old shim script, which the CLI built from Go modules does not ship).
//
// @pulumi/policy's PolicyPack serves the Analyzer service itself but expects what the old shim gave it: the working
// directory is the pack's (it reads `./package.json` for its version) and the stack's details are in the environment
// (PULUMI_NODEJS_STACK, PULUMI_CONFIG, ..., for `pulumi.getStack()` and `new pulumi.Config()` in pack code). So this
// does what Pulumi's Go host does (sdk/nodejs/cmd/pulumi-language-nodejs RunPlugin with its PolicyProxy): it serves a
// proxy Analyzer first, answers Handshake, waits for ConfigureStack, then starts
// `node <pack's @pulumi/pulumi>/cmd/run-policy-pack <engine> <pack dir>` in the pack's directory with that
// environment, reads the pack's own port from its stdout, replays ConfigureStack to it, and forwards every other
// Analyzer call to it unchanged (as bytes: the pack may load another copy of the protos).
"use strict";
const { spawn } = require("child_process");

const EMPTY_MESSAGE = Buffer.alloc(0); // an empty protobuf message (AnalyzerHandshakeResponse, ...)

/** A promise with its resolve/reject outside; settles once (later calls are ignored, as promises do). */
function deferred() {
  const d = {};
  d.promise = new Promise((resolve, reject) => Object.assign(d, { resolve, reject }));
  d.promise.catch(() => {}); // a rejection nobody awaits (no call came) is not an error of the host
  return d;
}

/** The Analyzer service with every message passed through as raw bytes. */
function rawAnalyzerService(analyzerService) {
  const identity = (b) => b;
  return Object.fromEntries(
    Object.entries(analyzerService).map(([name, method]) => [
      name,
      {
        ...method,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    ]),
  );
}

/** The pack's environment: the engine's (`K=V` entries) plus what the old shim set from ConfigureStack. */
function packEnvironment(envList, stackConfig, options) {
  const env = {};
  for (const entry of envList) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  env.PULUMI_NODEJS_TYPESCRIPT = String(options.typescript ?? true);
  if (typeof options.tsconfig === "string") env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  if (!stackConfig) return env; // no ConfigureStack came first (e.g. `pulumi policy publish`)
  const set = (key, value) => {
    if (value) env[key] = value;
  };
  set("PULUMI_NODEJS_ORGANIZATION", stackConfig.getOrganization());
  set("PULUMI_NODEJS_PROJECT", stackConfig.getProject());
  set("PULUMI_NODEJS_STACK", stackConfig.getStack());
  set("PULUMI_NODEJS_DRY_RUN", String(stackConfig.getDryRun()));
  const config = Object.fromEntries(stackConfig.getConfigMap().entries());
  if (Object.keys(config).length > 0) set("PULUMI_CONFIG", JSON.stringify(config));
  return env;
}

/**
 * Serves one RunPlugin call of kind "analyzer". `call` is the server-streaming call (RunPluginRequest in, stdout,
 * stderr chunks out); `sdk` the gRPC module and protos of the SDK this host speaks.
 */
function runPolicyPack(call, { grpc, langproto, analyzerproto, analyzerService }) {
  const req = call.request;
  const info = req.getInfo();
  const packDir = info.getProgramDirectory();
  const options = (info.getOptions() && info.getOptions().toJavaScript()) || {};
  let runPolicyPackPath;
  try {
    runPolicyPackPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  } catch {
    call.emit("error", {
      code: grpc.status.FAILED_PRECONDITION,
      details:
        `the policy pack in ${packDir} cannot load @pulumi/pulumi/cmd/run-policy-pack: install its dependencies ` +
        "(@pulumi/policy and @pulumi/pulumi) where node resolves them from that directory",
    });
    return;
  }

  let finished = false;
  const output = (setter, data) => {
    if (!finished) call.write(new langproto.RunPluginResponse()[setter](new Uint8Array(data)));
  };
  const stackConfigured = deferred(); // the raw ConfigureStack request, or undefined when another call came first
  const packClient = deferred();
  const proxy = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  let child;
  const finish = (error) => {
    if (finished) return;
    finished = true;
    packClient.reject(new Error(error || "the policy pack has stopped"));
    proxy.tryShutdown(() => {}); // lets calls waiting for the pack answer with the reason first
    if (child && child.exitCode === null) child.kill("SIGTERM");
    if (error) call.emit("error", { code: grpc.status.UNKNOWN, details: error });
    else call.end();
  };
  call.on("cancelled", () => finish()); // the engine is done with the pack

  const forwarded = (path) => (inbound, callback) => {
    stackConfigured.resolve(undefined);
    packClient.promise.then(
      (client) =>
        client.makeUnaryRequest(
          path,
          (b) => b,
          (b) => b,
          inbound.request,
          callback,
        ),
      (err) => callback({ code: grpc.status.UNAVAILABLE, details: err.message }),
    );
  };
  const service = rawAnalyzerService(analyzerService);
  const handlers = Object.fromEntries(Object.entries(service).map(([name, method]) => [name, forwarded(method.path)]));
  handlers.handshake = (_inbound, callback) => callback(null, EMPTY_MESSAGE);
  handlers.configureStack = (inbound, callback) => {
    stackConfigured.resolve(inbound.request);
    callback(null, EMPTY_MESSAGE);
  };
  proxy.addService(service, handlers);

  const start = (rawStackConfig) => {
    if (finished) return; // the engine gave up on the pack before it asked for anything
    const stackConfig = rawStackConfig && analyzerproto.AnalyzerStackConfigureRequest.deserializeBinary(new Uint8Array(rawStackConfig));
    const nodeargs = typeof options.nodeargs === "string" && options.nodeargs.trim() ? options.nodeargs.trim().split(/\s+/) : [];
    const args = [...nodeargs, runPolicyPackPath, ...req.getArgsList(), packDir];
    child = spawn(process.execPath, args, {
      cwd: packDir,
      env: packEnvironment(req.getEnvList(), stackConfig, options),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let portLine = ""; // the pack's first stdout line is its port, for us, not the engine
    child.stdout.on("data", (chunk) => {
      if (portLine === undefined) return output("setStdout", chunk);
      portLine += chunk.toString();
      const newline = portLine.indexOf("\n");
      if (newline < 0) return;
      const port = Number(portLine.slice(0, newline).trim());
      const rest = portLine.slice(newline + 1);
      portLine = undefined;
      if (rest) output("setStdout", Buffer.from(rest));
      attach(port, rawStackConfig);
    });
    child.stderr.on("data", (chunk) => output("setStderr", chunk));
    child.on("error", (err) => finish(`could not start the policy pack (${process.execPath}): ${err.message}`));
    child.on("exit", (code, signal) => {
      if (finished) return;
      if (code === 0) finish();
      // 32: the SDK's loader already showed the pack's error (as for programs, main.js's Run).
      else if (code === 32) finish("the policy pack failed to start; its error is shown above");
      else finish(signal ? `the policy pack was stopped by ${signal}` : `the policy pack exited with code ${code}`);
    });
  };
  const attach = (port, rawStackConfig) => {
    if (!Number.isInteger(port) || port <= 0) return finish("the policy pack did not print its port first on stdout");
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    if (!rawStackConfig) return packClient.resolve(client);
    client.makeUnaryRequest(
      service.configureStack.path,
      (b) => b,
      (b) => b,
      rawStackConfig,
      (err) => {
        // A pack on an @pulumi/policy without ConfigureStack still gets the stack from its environment.
        if (err && err.code !== grpc.status.UNIMPLEMENTED) return finish(`policy pack configuration failed: ${err.message}`);
        packClient.resolve(client);
      },
    );
  };

  proxy.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) return finish(`could not start the policy pack proxy: ${err.message}`);
    output("setStdout", Buffer.from(`${port}\n`)); // the engine reads our port from the first line
    stackConfigured.promise.then(start);
  });
}

module.exports = { runPolicyPack };
