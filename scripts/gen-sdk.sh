#!/usr/bin/env bash
# `npm run gen-sdk`: the Node.js and Go SDKs of the `composio` package, generated from schema.json by the Pulumi CLI's
# own `pulumi package gen-sdk` (the language hosts' GeneratePackage: toolchain/codegen, see toolchain/README.md).
#
#   scripts/gen-sdk.sh              # writes sdk-gen/nodejs and sdk-gen/go (committed)
#   scripts/gen-sdk.sh <out dir>    # writes <out dir>/nodejs and <out dir>/go (tests/toolchain/genSdk.test.ts)
#
# sdk-gen/overlays/<language>/ holds files gen-sdk copies into that SDK (its `--overlays`): the Go SDK's go.mod and
# go.sum, which Pulumi's Go generator writes only for packages that declare supportPack.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$REPO/sdk-gen}" && cd "${1:-$REPO/sdk-gen}" && pwd)"
CODEGEN_BIN="$("$REPO/toolchain/ensure-codegen.sh")"
PULUMI_BIN="$("$REPO/toolchain/ensure-pulumi.sh")"
export PATH="$CODEGEN_BIN:$PULUMI_BIN:$PATH" PULUMI_SKIP_UPDATE_CHECK=true
pulumi package gen-sdk "$REPO/schema.json" --language nodejs --out "$OUT"
pulumi package gen-sdk "$REPO/schema.json" --language go --out "$OUT" --overlays "$REPO/sdk-gen/overlays"
