// The policy pack's entry: the engine runs this folder (PulumiPolicy.yaml, package.json) and the pack itself is
// compiled with the package (`npm run build`: policy/*.ts -> dist/policy), so it needs no install or build of its own.
// Plain JavaScript because the SDK's loader would type-check a TypeScript entry on every run.
"use strict";
require("../dist/policy/pack");
