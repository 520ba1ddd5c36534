/**
 * Behaviour switches chosen at start (startEmulator / CLI) and changeable at run time through the
 * control API: the mask format and the API key's restrictions. `reset()` returns to the start values.
 */
import { DEFAULT_MASK_FORMAT, type MaskFormat } from "./masking";

/** Capabilities a Composio API key can lack (keys are scoped since 2026-06-04). */
export const CAPABILITIES = [
  "auth_configs:read",
  "auth_configs:write",
  "toolkits:read",
  "connected_accounts:read",
  "connected_accounts:write",
  "mcp:read",
  "mcp:write",
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export interface KeyRestrictions {
  /** Capabilities the key lacks: calls needing one answer 403 naming it. */
  missingCapabilities: Capability[];
  /** The caller's IP is outside the key's allowlist: every API call answers 403. */
  ipBlocked: boolean;
}

const UNRESTRICTED: KeyRestrictions = { missingCapabilities: [], ipBlocked: false };

export class EmulatorSettings {
  maskFormat: MaskFormat;
  key: KeyRestrictions = UNRESTRICTED;

  constructor(private readonly initialMaskFormat: MaskFormat = DEFAULT_MASK_FORMAT) {
    this.maskFormat = initialMaskFormat;
  }

  reset(): void {
    this.maskFormat = this.initialMaskFormat;
    this.key = UNRESTRICTED;
  }
}
