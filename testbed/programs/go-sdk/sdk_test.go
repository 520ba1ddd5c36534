// Package gosdk runs one Go inline program (Pulumi's Automation API, auto.UpsertStackInlineSource) over the Go SDK
// generated from schema.json (sdk-gen/go, `npm run gen-sdk`), under the Pulumi CLI on PATH and the `composio`
// plugin wherever that CLI finds it. tests/e2e/generatedSdks.test.ts runs it with `go test` against an emulator:
//
//	GOSDK_WORKDIR        where the Automation API writes Pulumi.yaml and the stack's config
//	COMPOSIO_BASE_URL    the emulator (composio:baseUrl)
//	COMPOSIO_API_KEY     its key, set as the secret composio:apiKey
//	PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE, PULUMI_HOME: the caller's scratch backend (required: never a login)
//
// It needs the generated SDK (a replace of example.com/pulumi-composio/sdk/go by ../../../sdk-gen/go), as
// testbed/programs/go's seed program does; unlike that one, it runs with the plugin installed, not on PATH.
package gosdk

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	"example.com/pulumi-composio/sdk/go/composio"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func env(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("%s is not set (see the package comment)", name)
	}
	return value
}

// authConfigStatus asks the emulator for one auth config by id, as the dashboard would: the HTTP status.
func authConfigStatus(t *testing.T, baseURL, apiKey, id string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v3.1/auth_configs/%s", baseURL, id), nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-api-key", apiKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

func TestGeneratedSdkCreatesAndDestroysAnAuthConfig(t *testing.T) {
	ctx := context.Background()
	workDir, baseURL, apiKey := env(t, "GOSDK_WORKDIR"), env(t, "COMPOSIO_BASE_URL"), env(t, "COMPOSIO_API_KEY")
	env(t, "PULUMI_BACKEND_URL")
	env(t, "PULUMI_CONFIG_PASSPHRASE")

	program := func(ctx *pulumi.Context) error {
		config, err := composio.NewAuthConfig(ctx, "github", &composio.AuthConfigArgs{
			Toolkit: pulumi.String("github"),
			Name:    pulumi.String("GitHub (Go SDK)"),
		})
		if err != nil {
			return err
		}
		ctx.Export("authConfigId", config.AuthConfigId)
		ctx.Export("status", config.Status)
		return nil
	}
	cli, err := auto.NewPulumiCommand(nil) // the `pulumi` on PATH
	if err != nil {
		t.Fatal(err)
	}
	stack, err := auto.UpsertStackInlineSource(ctx, "test", "go-sdk", program,
		auto.Pulumi(cli), auto.WorkDir(workDir), auto.SecretsProvider("passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if err := stack.SetAllConfig(ctx, auto.ConfigMap{
		"composio:apiKey":  {Value: apiKey, Secret: true},
		"composio:baseUrl": {Value: baseURL},
	}); err != nil {
		t.Fatal(err)
	}

	var out strings.Builder
	up, err := stack.Up(ctx, optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out), optup.Color("never"))
	if err != nil {
		t.Fatalf("up: %v\n%s", err, out.String())
	}
	if strings.Contains(out.String(), apiKey) {
		t.Errorf("the API key appears in the CLI's output")
	}
	id, _ := up.Outputs["authConfigId"].Value.(string)
	if !strings.HasPrefix(id, "ac_") || up.Outputs["status"].Value != "ENABLED" {
		outputs, _ := json.Marshal(up.Outputs)
		t.Fatalf("up's outputs: want an ac_ id and status ENABLED, got %s", outputs)
	}
	if created := (*up.Summary.ResourceChanges)["create"]; created != 2 { // the stack and the auth config
		t.Errorf("up created %d resources, want 2", created)
	}
	if status := authConfigStatus(t, baseURL, apiKey, id); status != http.StatusOK {
		t.Errorf("after up, GET auth_configs/%s answered %d, want 200", id, status)
	}

	out.Reset()
	destroyed, err := stack.Destroy(ctx, optdestroy.ProgressStreams(&out), optdestroy.ErrorProgressStreams(&out), optdestroy.Color("never"))
	if err != nil {
		t.Fatalf("destroy: %v\n%s", err, out.String())
	}
	if deleted := (*destroyed.Summary.ResourceChanges)["delete"]; deleted != 2 {
		t.Errorf("destroy deleted %d resources, want 2", deleted)
	}
	if status := authConfigStatus(t, baseURL, apiKey, id); status != http.StatusNotFound {
		t.Errorf("after destroy, GET auth_configs/%s answered %d, want 404", id, status)
	}
}
