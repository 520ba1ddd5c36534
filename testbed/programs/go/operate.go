package main

import (
	"bytes"
	"context"
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// operate runs req.Op on the inline program's stack, with the `pulumi` on PATH (the caller puts the bin dir of
// toolchain/ensure-pulumi.sh first, and there any plugin the program needs).
func operate(ctx context.Context, req Request, program pulumi.RunFunc) Result {
	cli, err := auto.NewPulumiCommand(nil) // nil: the `pulumi` on PATH, checked against the SDK's minimum version
	if err != nil {
		return failed(fmt.Errorf("no usable Pulumi CLI on PATH: %w", err), "")
	}
	stack, err := auto.UpsertStackInlineSource(ctx, req.Stack, req.Project, program,
		auto.Pulumi(cli), auto.WorkDir(req.WorkDir), auto.SecretsProvider("passphrase"))
	if err != nil {
		return failed(fmt.Errorf("cannot create or select stack %q: %w", req.Stack, err), "")
	}
	if len(req.Config) > 0 {
		config := auto.ConfigMap{}
		for key, v := range req.Config {
			config[key] = auto.ConfigValue{Value: v.Value, Secret: v.Secret}
		}
		if err := stack.SetAllConfig(ctx, config); err != nil {
			return failed(fmt.Errorf("cannot set the stack's config: %w", err), "")
		}
	}

	var stdout, stderr bytes.Buffer
	output := func() string { return stdout.String() + stderr.String() }
	res := Result{OK: true}
	switch req.Op {
	case "up":
		opts := []optup.Option{optup.ProgressStreams(&stdout), optup.ErrorProgressStreams(&stderr), optup.Color("never")}
		if req.Refresh {
			opts = append(opts, optup.Refresh())
		}
		if req.ExpectNoChanges {
			opts = append(opts, optup.ExpectNoChanges())
		}
		r, err := stack.Up(ctx, opts...)
		if err != nil {
			return failed(err, output())
		}
		res.Outputs = outputValues(r.Outputs)
		res.Changes = derefCounts(r.Summary.ResourceChanges)
	case "preview":
		// With the detailed diff, so that a preview failing --expect-no-changes names the properties that differ.
		opts := []optpreview.Option{optpreview.ProgressStreams(&stdout), optpreview.ErrorProgressStreams(&stderr), optpreview.Color("never"), optpreview.Diff()}
		if req.Refresh {
			opts = append(opts, optpreview.Refresh())
		}
		if req.ExpectNoChanges {
			opts = append(opts, optpreview.ExpectNoChanges())
		}
		r, err := stack.Preview(ctx, opts...)
		if err != nil {
			return failed(err, output())
		}
		res.Changes = map[string]int{}
		for op, n := range r.ChangeSummary {
			res.Changes[string(op)] = n
		}
	case "refresh":
		r, err := stack.Refresh(ctx, optrefresh.ProgressStreams(&stdout), optrefresh.ErrorProgressStreams(&stderr), optrefresh.Color("never"))
		if err != nil {
			return failed(err, output())
		}
		res.Changes = derefCounts(r.Summary.ResourceChanges)
	case "destroy":
		r, err := stack.Destroy(ctx, optdestroy.ProgressStreams(&stdout), optdestroy.ErrorProgressStreams(&stderr), optdestroy.Color("never"))
		if err != nil {
			return failed(err, output())
		}
		res.Changes = derefCounts(r.Summary.ResourceChanges)
	case "outputs":
		outs, err := stack.Outputs(ctx)
		if err != nil {
			return failed(err, "")
		}
		res.Outputs = outputValues(outs)
	default:
		return failed(fmt.Errorf("unknown op %q: use up, preview, refresh, destroy or outputs", req.Op), "")
	}
	res.Output = output()
	return res
}

func outputValues(outs auto.OutputMap) map[string]OutputValue {
	values := make(map[string]OutputValue, len(outs))
	for k, v := range outs {
		values[k] = OutputValue{Value: v.Value, Secret: v.Secret}
	}
	return values
}

func derefCounts(counts *map[string]int) map[string]int {
	if counts == nil {
		return map[string]int{}
	}
	return *counts
}
