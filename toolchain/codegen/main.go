// Command codegen is the code generation half of this repository's Pulumi language hosts: it runs Pulumi's own SDK
// generators (github.com/pulumi/pulumi/pkg/v3/codegen/nodejs and .../codegen/go, the code the real
// pulumi-language-nodejs and pulumi-language-go hosts call) for `pulumi package gen-sdk`.
//
// Why it exists: the real language hosts are separate Go modules that the Go module proxy does not serve, so
// toolchain/ensure-pulumi.sh cannot build them. Their GeneratePackage RPC is a thin wrapper over the codegen
// packages of pkg/v3, which is served (the CLI is built from it), so this binary repeats that wrapper:
//
//	codegen generate nodejs|go   reads a GeneratePackageRequest (protobuf) on stdin, writes the SDK files into its
//	                             directory and a GeneratePackageResponse (protobuf) on stdout. The Node.js stand-in
//	                             host (toolchain/language-host/main.js) calls this for GeneratePackage.
//	codegen language-host go     a `pulumi-language-go` plugin that serves only Handshake, GetPluginInfo and
//	                             GeneratePackage: enough for `pulumi package gen-sdk --language go`. Go programs in
//	                             this repository run inline (Automation API) and need no Go language host.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/emptypb"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	nodejsgen "github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// pkgVersion is the version of github.com/pulumi/pulumi/pkg/v3 this binary is built from (go.mod), as Go recorded
// it in the binary; the host reports it as its plugin version, as the real hosts report the CLI they ship with.
func pkgVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/pulumi/pulumi/pkg/v3" {
				return strings.TrimPrefix(dep.Version, "v")
			}
		}
	}
	return ""
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "codegen: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: codegen generate nodejs|go < request.pb > response.pb | codegen language-host go [engine address]")
	}
	switch args[0] {
	case "generate":
		return generateFromStdin(args[1])
	case "language-host":
		if args[1] != "go" {
			return fmt.Errorf("language-host serves only go (nodejs has toolchain/language-host/main.js), not %q", args[1])
		}
		return serveGoHost()
	}
	return fmt.Errorf("unknown command %q", args[0])
}

func generateFromStdin(language string) error {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	req := &pulumirpc.GeneratePackageRequest{}
	if err := proto.Unmarshal(in, req); err != nil {
		return fmt.Errorf("reading the GeneratePackageRequest on stdin: %w", err)
	}
	resp, err := generatePackage(language, req)
	if err != nil {
		return err
	}
	out, err := proto.Marshal(resp)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// generatePackage does what the real hosts' GeneratePackage does: bind the schema (references to other packages
// resolved through the engine's schema loader), generate the files, write them under req.Directory. Schema errors
// are answered as diagnostics, which the CLI prints, not as an RPC error.
func generatePackage(language string, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()
	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("the schema is not valid JSON: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	resp := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return resp, nil
	}
	var files map[string][]byte
	switch language {
	case "nodejs":
		files, err = nodejsgen.GeneratePackage("pulumi-language-nodejs", pkg, req.ExtraFiles, req.LocalDependencies,
			req.Local, schema.NewCachedLoader(loader))
	case "go":
		files, err = gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
		if err == nil { // the Go generator takes no extra files (`--overlays`): they are written beside its own
			for name, data := range req.ExtraFiles {
				files[name] = data
			}
		}
	default:
		return nil, fmt.Errorf("no code generator for language %q (this binary has nodejs and go)", language)
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		path := filepath.Join(req.Directory, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, err
		}
	}
	return resp, nil
}

// goHost is the `pulumi-language-go` stand-in: every RPC but these answers Unimplemented.
type goHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (goHost) Handshake(context.Context, *pulumirpc.LanguageHandshakeRequest) (*pulumirpc.LanguageHandshakeResponse, error) {
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (goHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: pkgVersion()}, nil
}

func (goHost) GeneratePackage(_ context.Context, req *pulumirpc.GeneratePackageRequest) (*pulumirpc.GeneratePackageResponse, error) {
	return generatePackage("go", req)
}

// serveGoHost listens on a free loopback port and prints it as the first line of stdout, which is how the engine
// learns where a plugin serves; the engine ends the process when it is done.
func serveGoHost() error {
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, goHost{})
			return nil
		},
		Options: rpcutil.OpenTracingServerInterceptorOptions(nil),
	})
	if err != nil {
		return fmt.Errorf("could not start the language host gRPC server: %w", err)
	}
	fmt.Printf("%d\n", handle.Port)
	return <-handle.Done
}
