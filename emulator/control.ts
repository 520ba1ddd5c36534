/**
 * The test-control API under /_emulator/: reset, stats, request log, faults and rate limit.
 * It is not part of Composio's API; its calls are not counted, faulted or rate limited.
 */
import { badRequest } from "./errors";
import { parseFaultOptions, type FaultInjector } from "./faults";
import type { TokenBucket } from "./rateLimit";
import type { RequestLog } from "./requestLog";
import type { Route } from "./router";
import type { AuthConfigStore } from "./store";
import { expectObject, rejectUnknownKeys } from "./validate";

export const CONTROL_PREFIX = "/_emulator";

export interface ControlDeps {
  store: AuthConfigStore;
  log: RequestLog;
  faults: FaultInjector;
  rateLimit: TokenBucket;
}

export function controlRoutes({ store, log, faults, rateLimit }: ControlDeps): Route[] {
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
  ];
}
