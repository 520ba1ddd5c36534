package main

// Request is the JSON that goprograms reads on stdin.
type Request struct {
	// Program names an entry of programs (programs.go).
	Program string `json:"program"`
	Project string `json:"project"`
	Stack   string `json:"stack"`
	// WorkDir is where the Automation API writes Pulumi.yaml and the stack's config file.
	WorkDir string `json:"workDir"`
	// Op is up, preview, refresh, destroy or outputs.
	Op string `json:"op"`
	// Refresh (up and preview) refreshes the state from the provider first, as `--refresh` does.
	Refresh bool `json:"refresh,omitempty"`
	// ExpectNoChanges (up and preview) fails the operation when it would change anything, as `--expect-no-changes`
	// does: a gate on drift when combined with Refresh.
	ExpectNoChanges bool                   `json:"expectNoChanges,omitempty"`
	Config          map[string]ConfigValue `json:"config,omitempty"`
}

// ConfigValue is one stack config value; Secret ones are stored encrypted with the passphrase.
type ConfigValue struct {
	Value  string `json:"value"`
	Secret bool   `json:"secret,omitempty"`
}

// Result is the JSON that goprograms prints on stdout.
type Result struct {
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
	// Output is what the CLI printed (stdout, then stderr).
	Output string `json:"output"`
	// Outputs are the stack outputs after up and outputs; a secret's value is included, marked secret.
	Outputs map[string]OutputValue `json:"outputs,omitempty"`
	// Changes counts the steps by operation ("create", "same", "delete", ...), after up, preview, refresh, destroy.
	Changes map[string]int `json:"changes,omitempty"`
}

type OutputValue struct {
	Value  interface{} `json:"value"`
	Secret bool        `json:"secret"`
}

func failed(err error, output string) Result {
	return Result{OK: false, Error: err.Error(), Output: output}
}
