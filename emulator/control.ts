/**
 * The test-control API under /_emulator/: reset, stats, request log, faults, rate limit, mask
 * format, key restrictions and a raw view of stored configs. It is not part of Composio's API; its
 * calls are not counted, faulted, rate limited or restricted.
 */
import { ApiError, badRequest } from "./errors";
import { parseFaultOptions, type FaultInjector } from "./faults";
import { MASK_FORMATS, type MaskFormat } from "./masking";
import type { TokenBucket } from "./rateLimit";
import type { RequestLog } from "./requestLog";
import type { Route } from "./router";
import { CAPABILITIES, type Capability, type EmulatorSettings } from "./settings";
import type { AuthConfigStore } from "./store";
import { expectBoolean, expectObject, optional, rejectUnknownKeys } from "./validate";

export const CONTROL_PREFIX = "/_emulator";

export interface ControlDeps {
  store: AuthConfigStore;
  log: RequestLog;
  faults: FaultInjector;
  rateLimit: TokenBucket;
  settings: EmulatorSettings;
}

export function controlRoutes({ store, log, faults, rateLimit, settings }: ControlDeps): Route[] {
  const ok = (body: unknown = { ok: true }) => ({ status: 200, body });
  return [
    {
      method: "POST",
      template: "/reset",
      handle: () => {
        store.clear();
        log.clear();
        faults.clear();
        rateLimit.setRate(null);
        settings.reset();
        return ok();
      },
    },
    { method: "GET", template: "/stats", handle: () => ok(log.stats()) },
    {
      method: "DELETE",
      template: "/stats",
      handle: () => {
        log.clear();
        return ok();
      },
    },
    { method: "GET", template: "/requests", handle: () => ok(log.requests()) },
    {
      method: "POST",
      template: "/faults",
      readsBody: true,
      handle: ({ body }) => {
        faults.add(parseFaultOptions(body));
        return ok({ ok: true, active_rules: faults.activeRules });
      },
    },
    {
      method: "DELETE",
      template: "/faults",
      handle: () => {
        faults.clear();
        return ok();
      },
    },
    {
      method: "POST",
      template: "/rate-limit",
      readsBody: true,
      handle: ({ body }) => {
        const obj = expectObject(body, "");
        rejectUnknownKeys(obj, ["rps"], "");
        const { rps } = obj;
        if (rps !== null && (typeof rps !== "number" || !Number.isFinite(rps) || rps <= 0)) {
          throw badRequest("rps must be a positive number or null");
        }
        rateLimit.setRate(rps);
        return ok({ ok: true, rps });
      },
    },
    {
      method: "POST",
      template: "/mask-format",
      readsBody: true,
      handle: ({ body }) => {
        const obj = expectObject(body, "");
        rejectUnknownKeys(obj, ["format"], "");
        if (!(MASK_FORMATS as readonly unknown[]).includes(obj.format)) {
          throw badRequest(`format must be one of ${MASK_FORMATS.join(", ")}`);
        }
        settings.maskFormat = obj.format as MaskFormat;
        return ok({ ok: true, format: settings.maskFormat });
      },
    },
    {
      method: "POST",
      template: "/key-restrictions",
      readsBody: true,
      handle: ({ body }) => {
        const obj = expectObject(body, "");
        rejectUnknownKeys(obj, ["missing_capabilities", "ip_blocked"], "");
        const missing = obj.missing_capabilities ?? [];
        if (!Array.isArray(missing) || !missing.every((c) => (CAPABILITIES as readonly unknown[]).includes(c))) {
          throw badRequest(`missing_capabilities must be an array of ${CAPABILITIES.join(", ")}`);
        }
        settings.key = {
          missingCapabilities: [...new Set(missing as Capability[])],
          ipBlocked: optional(obj, "ip_blocked", "", expectBoolean) ?? false,
        };
        return ok({ ok: true, missing_capabilities: settings.key.missingCapabilities, ip_blocked: settings.key.ipBlocked });
      },
    },
    {
      // Test-only: the stored config with its secrets in clear (and deleted_at for a deleted one),
      // so a test can check what the server holds behind the masked reads.
      method: "GET",
      template: "/auth_configs/{id}",
      handle: ({ params }) => {
        const config = store.getStored(params.id!);
        if (!config) throw new ApiError("auth_config_not_found", `No stored auth config "${params.id}"`);
        return ok(config);
      },
    },
  ];
}
