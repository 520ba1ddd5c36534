package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

// programs are the inline programs a request can name. A program that uses a resource provider plugin (e.g.
// composio) needs that plugin where the CLI finds it: on PATH, or installed with `pulumi plugin install resource
// <name> <version> --file <path>` into the PULUMI_HOME of the run.
var programs = map[string]pulumi.RunFunc{
	"basic": basic,
	"seed":  seed,
}

// basic needs no plugin: it reads a plain and a secret config value and exports values derived from them. Config:
// greeting and token (a secret), both required.
func basic(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	greeting := cfg.Require("greeting")
	token := cfg.RequireSecret("token")
	ctx.Export("greeting", pulumi.String(greeting))
	ctx.Export("shout", pulumi.String(strings.ToUpper(greeting)+"!"))
	ctx.Export("stack", pulumi.String(ctx.Stack()))
	// Derived from a secret, so the engine keeps it secret: the test checks its value and that it is marked so.
	ctx.Export("tokenLength", token.ApplyT(func(t string) int { return len(t) }))
	ctx.Export("token", token)
	return nil
}
