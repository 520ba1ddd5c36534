/**
 * The test-control API under /_emulator/: reset, stats, request log, faults, rate limit, mask
 * format, key restrictions and a raw view of stored configs. It is not part of Composio's API; its
 * calls are not counted, faulted, rate limited or restricted.
 */
import { loadAuthConfig } from "./authConfigs";
import { storeAccount } from "./connectedAccounts";
import { ApiError, badRequest } from "./errors";
import { parseFaultOptions, type FaultInjector } from "./faults";
import { MASK_FORMATS, type MaskFormat } from "./masking";
import type { TokenBucket } from "./rateLimit";
import type { RequestLog } from "./requestLog";
import type { Route } from "./router";
import { CAPABILITIES, type Capability, type EmulatorSettings } from "./settings";
import type { AuthConfigStore } from "./store";
import { expectBoolean, expectObject, expectString, missingFields, optional, rejectUnknownKeys, type Json } from "./validate";

export const CONTROL_PREFIX = "/_emulator";

export interface ControlDeps {
  store: AuthConfigStore;
  log: RequestLog;
  faults: FaultInjector;
  rateLimit: TokenBucket;
  settings: EmulatorSettings;
}

const ok = (body: unknown = { ok: true }) => ({ status: 200, body });

/** A POST that sets one emulator setting from an object of only `keys`; answers with what `apply` set. */
function setting(template: string, keys: readonly string[], apply: (body: Json) => Record<string, unknown>): Route {
  return {
    method: "POST",
    template,
    readsBody: true,
    handle: ({ body }) => {
      const obj = expectObject(body, "");
      rejectUnknownKeys(obj, keys, "");
      return ok({ ok: true, ...apply(obj) });
    },
  };
}

export function controlRoutes({ store, log, faults, rateLimit, settings }: ControlDeps): Route[] {
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
    setting("/rate-limit", ["rps"], ({ rps }) => {
      if (rps !== null && (typeof rps !== "number" || !Number.isFinite(rps) || rps <= 0)) {
        throw badRequest("rps must be a positive number or null");
      }
      rateLimit.setRate(rps);
      return { rps };
    }),
    setting("/mask-format", ["format"], ({ format }) => {
      if (!(MASK_FORMATS as readonly unknown[]).includes(format)) {
        throw badRequest(`format must be one of ${MASK_FORMATS.join(", ")}`);
      }
      settings.maskFormat = format as MaskFormat;
      return { format: settings.maskFormat };
    }),
    setting("/key-restrictions", ["missing_capabilities", "ip_blocked"], (obj) => {
      const missing = obj.missing_capabilities ?? [];
      if (!Array.isArray(missing) || !missing.every((c) => (CAPABILITIES as readonly unknown[]).includes(c))) {
        throw badRequest(`missing_capabilities must be an array of ${CAPABILITIES.join(", ")}`);
      }
      settings.key = {
        missingCapabilities: [...new Set(missing as Capability[])],
        ipBlocked: optional(obj, "ip_blocked", "", expectBoolean) ?? false,
      };
      return { missing_capabilities: settings.key.missingCapabilities, ip_blocked: settings.key.ipBlocked };
    }),
    {
      // Stands in for users who finished an OAuth flow (`/connected_accounts/link`, which needs a browser and is
      // not emulated): ACTIVE accounts of any live config, with no connection data, one per user id.
      method: "POST",
      template: "/connected_accounts",
      readsBody: true,
      handle: ({ body }) => {
        const obj = expectObject(body, "");
        rejectUnknownKeys(obj, ["auth_config_id", "user_ids"], "");
        const missing = ["auth_config_id", "user_ids"].filter((key) => obj[key] === undefined);
        if (missing.length > 0) throw missingFields(missing);
        const config = loadAuthConfig(store, expectString(obj.auth_config_id, "auth_config_id"));
        if (!Array.isArray(obj.user_ids) || obj.user_ids.length === 0) throw badRequest("user_ids must be a non-empty array of user ids");
        const userIds = obj.user_ids.map((user, i) => expectString(user, `user_ids[${i}]`));
        const ids = userIds.map((userId) => storeAccount(store, config, { userId, alias: null, status: "ACTIVE", val: {} }).id);
        return ok({ ok: true, ids });
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
