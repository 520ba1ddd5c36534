// Command goprograms runs one operation of a Go inline program (Pulumi's Automation API, auto.UpsertStackInlineSource)
// with the Pulumi CLI found on PATH, for the end-to-end tests (testbed/languages.ts builds and drives it).
//
// It reads one JSON request on stdin, so that secret config values never appear in its arguments:
//
//	{"program": "basic", "project": "goprog", "stack": "test", "workDir": "/abs/dir", "op": "up",
//	 "config": {"greeting": {"value": "hi"}, "token": {"value": "…", "secret": true}}}
//
// op is up, preview, refresh, destroy or outputs; refresh and expectNoChanges (optional, up and preview only) are
// their --refresh and --expect-no-changes; config (optional) is set on the stack before the operation. It
// prints one JSON result on stdout: {"ok", "error"?, "output" (what the CLI printed), "outputs"?, "changes"?} and
// exits 1 when the operation failed. The state backend and secrets come from the environment only:
// PULUMI_BACKEND_URL and PULUMI_CONFIG_PASSPHRASE must be set (it never falls back to a Pulumi Cloud login), and
// PULUMI_HOME should be a scratch directory. No Go language host is involved: the program runs in this process.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	res := run(context.Background(), os.Stdin)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, "goprograms: cannot write the result:", err)
		os.Exit(2)
	}
	if !res.OK {
		os.Exit(1)
	}
}

func run(ctx context.Context, stdin io.Reader) Result {
	var req Request
	dec := json.NewDecoder(stdin)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return failed(fmt.Errorf("the request on stdin is not valid JSON of the documented shape: %w", err), "")
	}
	if err := checkEnvironment(os.Getenv); err != nil {
		return failed(err, "")
	}
	if (req.Refresh || req.ExpectNoChanges) && req.Op != "up" && req.Op != "preview" {
		return failed(fmt.Errorf("refresh and expectNoChanges are options of up and preview, not of %q", req.Op), "")
	}
	program, ok := programs[req.Program]
	if !ok {
		return failed(fmt.Errorf("unknown program %q: the programs are %s (testbed/programs/go/programs.go)", req.Program, programNames()), "")
	}
	return operate(ctx, req, program)
}

// checkEnvironment refuses to run without a state backend and passphrase in the environment: the Automation API would
// otherwise use the CLI's current login (possibly the Pulumi Cloud) and prompt for nothing.
func checkEnvironment(getenv func(string) string) error {
	var missing []string
	for _, name := range []string{"PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"} {
		if getenv(name) == "" {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%s must be set (a local state backend such as file:///tmp/state, and the secrets passphrase)", strings.Join(missing, " and "))
	}
	return nil
}

func programNames() string {
	names := make([]string, 0, len(programs))
	for name := range programs {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
