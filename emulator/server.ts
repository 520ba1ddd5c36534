/**
 * The HTTP server: request ids, API-key check, version prefixes, rate limit, faults, routing,
 * the request log, and one log line per request. Bodies are never logged: they may hold secrets.
 *
 * Order for an API request: count it → check the key (401) → key restrictions (403: IP allowlist,
 * then the route's capability) → rate limit (429) → fault → route (404, or 410 for the legacy
 * v1/v2 API) → read and parse the body (400) → handler → respond. Control requests under
 * /_emulator/ only get the key check and routing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { authConfigRoutes } from "./authConfigs";
import { connectedAccountRoutes } from "./connectedAccounts";
import { CONTROL_PREFIX, controlRoutes, type ControlDeps } from "./control";
import { ApiError, errorBody } from "./errors";
import type { Fault } from "./faults";
import { readJsonBody, writeJson } from "./http";
import { newRequestId } from "./ids";
import { mcpServerRoutes } from "./mcpServers";
import { matchRoute, routeKey, type Route, type RouteMatch } from "./router";
import { toolkitRoutes } from "./toolkits";

/** Both prefixes serve the same resources; the longer one must be tried first. */
const API_PREFIXES = ["/api/v3.1", "/api/v3"] as const;
/** The legacy API versions, retired: any path under them answers 410 (2026-04-08). */
const LEGACY_PATH = /^\/api\/v[12](\/|$)/;
/** The two accepted key headers (x-user-api-key since 2026-06-04); sending both is a 401. */
const KEY_HEADERS = ["x-api-key", "x-user-api-key"] as const;

export interface ServerDeps extends ControlDeps {
  apiKey: string;
  /** Receives one line per request; never bodies. */
  logger?: (line: string) => void;
}

export interface EmulatorServer {
  server: Server;
  /** Cancels pending injected latencies so close() is not held up by them. */
  cancelPending(): void;
}

interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  requestId: string;
  method: string;
  rawUrl: string;
  url: URL;
  startedMs: number;
}

export function createEmulatorServer(deps: ServerDeps): EmulatorServer {
  const apiRoutes: Route[] = [
    ...authConfigRoutes(deps.store, deps.settings),
    ...connectedAccountRoutes(deps.store, deps.settings),
    ...mcpServerRoutes(deps.store),
    ...toolkitRoutes(),
  ];
  const ctlRoutes = controlRoutes(deps);
  const timers = new Set<NodeJS.Timeout>();
  const expectedKey = Buffer.from(deps.apiKey);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const logLine = (ex: Exchange, status: number | null, fault?: string) => {
    const ms = Math.round(performance.now() - ex.startedMs);
    deps.logger?.(`${ex.method} ${ex.rawUrl} ${status ?? "dropped"} ${ms}ms ${ex.requestId}${fault ? ` fault=${fault}` : ""}`);
  };

  const authError = (req: IncomingMessage): ApiError | undefined => {
    const sent = KEY_HEADERS.filter((h) => req.headers[h] !== undefined);
    if (sent.length > 1) {
      return new ApiError(
        "unauthorized",
        "Send only one API key header, not both x-api-key and x-user-api-key",
        "Remove one of the two headers.",
      );
    }
    const header = sent[0] ?? "x-api-key";
    const given = req.headers[header];
    if (given === undefined || given === "") {
      return new ApiError("unauthorized", "Missing API key", "Send your Composio API key in the x-api-key header.");
    }
    const buf = Buffer.from(Array.isArray(given) ? given.join(",") : given);
    // Constant-time compare: the emulator should not teach code to rely on a leaky check.
    if (buf.length !== expectedKey.length || !timingSafeEqual(buf, expectedKey)) {
      return new ApiError("unauthorized", "Invalid API key", `Check the ${header} header against your project's API key.`);
    }
    return undefined;
  };

  /** A valid key can still be refused (scoped keys, IP allowlists): the control API sets both. */
  const restrictionError = (route: Route | undefined): ApiError | undefined => {
    const { key } = deps.settings;
    if (key.ipBlocked) {
      return new ApiError(
        "ip_not_allowed",
        "Request IP address is not in this API key's allowlist",
        "Add the caller's IP to the key's allowlist in the Composio dashboard.",
      );
    }
    if (route?.capability && key.missingCapabilities.includes(route.capability)) {
      return new ApiError(
        "missing_capability",
        `API key lacks the capability ${route.capability}`,
        `Grant ${route.capability} to the key in the Composio dashboard, or use a key that has it.`,
      );
    }
    return undefined;
  };

  const toOutcome = (err: unknown, ex: Exchange): Outcome => {
    if (err instanceof ApiError) return { status: err.status, body: errorBody(err, ex.requestId), headers: err.headers };
    deps.logger?.(`internal error on ${ex.method} ${ex.url.pathname} ${ex.requestId}: ${(err as Error)?.message ?? String(err)}`);
    return { status: 500, body: errorBody(new ApiError("internal_error", "Internal server error"), ex.requestId) };
  };

  /** Runs a matched route: reads the body if it needs one, calls the handler, maps errors. */
  const runRoute = async (match: RouteMatch, ex: Exchange, apiBase = ""): Promise<Outcome> => {
    try {
      const body = match.route.readsBody ? await readJsonBody(ex.req) : undefined;
      return match.route.handle({ params: match.params, query: ex.url.searchParams, body, apiBase });
    } catch (err) {
      return toOutcome(err, ex);
    }
  };

  const handleControl = async (ex: Exchange): Promise<void> => {
    const denied = authError(ex.req);
    const match = denied ? undefined : matchRoute(ctlRoutes, ex.method, ex.url.pathname.slice(CONTROL_PREFIX.length));
    const outcome: Outcome = denied
      ? toOutcome(denied, ex)
      : match
        ? await runRoute(match, ex)
        : toOutcome(new ApiError("route_not_found", `No control endpoint ${ex.method} ${ex.url.pathname}`), ex);
    writeJson(ex.res, outcome.status, outcome.body, outcome.headers);
    logLine(ex, outcome.status);
  };

  const handleApi = async (ex: Exchange): Promise<void> => {
    const versioned = stripVersion(ex.url.pathname);
    const apiPath = versioned?.path;
    const match = apiPath === undefined ? undefined : matchRoute(apiRoutes, ex.method, apiPath);
    const route = match?.key ?? routeKey(ex.method, apiPath ?? ex.url.pathname);
    const at = new Date().toISOString();
    deps.log.count(route);

    const finish = (outcome: Outcome | null, fault?: Fault) => {
      const status = outcome?.status ?? null;
      deps.log.record({
        method: ex.method,
        path: ex.rawUrl,
        route,
        status,
        at,
        request_id: ex.requestId,
        ...(fault ? { fault: fault.kind } : {}),
      });
      if (outcome) writeJson(ex.res, outcome.status, outcome.body, outcome.headers);
      // A dropped connection: no status line, no body; the client sees a reset.
      else ex.req.socket.destroy();
      logLine(ex, status, fault?.kind);
    };

    const denied = authError(ex.req) ?? restrictionError(match?.route);
    if (denied) return finish(toOutcome(denied, ex));

    const rate = deps.rateLimit.take();
    if (!rate.allowed) {
      const retry = String(rate.retryAfterSeconds);
      return finish(
        toOutcome(new ApiError("rate_limited", "Rate limit exceeded", `Retry after ${retry} second(s).`, { "retry-after": retry }), ex),
      );
    }

    const fault = deps.faults.pick(ex.method, route);
    switch (fault?.kind) {
      case "429": {
        const retry = String(fault.retryAfterSeconds);
        const err = new ApiError("rate_limited", "Too many requests (injected fault)", `Retry after ${retry} second(s).`, {
          "retry-after": retry,
          "x-emulator-fault": fault.kind,
        });
        return finish(toOutcome(err, ex), fault);
      }
      case "500":
      case "503": {
        const message = fault.kind === "500" ? "Internal server error (injected fault)" : "Service unavailable (injected fault)";
        const kind = fault.kind === "500" ? "internal_error" : "service_unavailable";
        const err = new ApiError(kind, message, "Retry the request.", { "x-emulator-fault": fault.kind });
        return finish(toOutcome(err, ex), fault);
      }
      case "drop":
        return finish(null, fault);
      case "latency":
        await sleep(fault.latencyMs);
        break;
      default:
        break; // none, or drop-after-commit (handled after the handler ran)
    }

    // The base URL a client used (for defaults that name it, e.g. the OAuth callback).
    const apiBase = `http://${ex.req.headers.host ?? "127.0.0.1"}${versioned?.prefix ?? ""}`;
    const outcome = match ? await runRoute(match, ex, apiBase) : toOutcome(noRoute(ex.method, ex.url.pathname), ex);
    // drop-after-commit: the change (if any) is stored, but the client never hears of it.
    finish(fault?.kind === "drop-after-commit" ? null : outcome, fault);
  };

  const server = createServer((req, res) => {
    const requestId = newRequestId();
    res.setHeader("x-request-id", requestId);
    const rawUrl = req.url ?? "/";
    const ex: Exchange = {
      req,
      res,
      requestId,
      method: (req.method ?? "GET").toUpperCase(),
      rawUrl,
      // The base only satisfies the URL parser; only path and query are used.
      url: new URL(rawUrl.startsWith("/") ? rawUrl : `/${rawUrl}`, "http://emulator.invalid"),
      startedMs: performance.now(),
    };
    const isControl = ex.url.pathname === CONTROL_PREFIX || ex.url.pathname.startsWith(`${CONTROL_PREFIX}/`);
    (isControl ? handleControl(ex) : handleApi(ex)).catch((err) => {
      const outcome = toOutcome(err, ex);
      writeJson(res, outcome.status, outcome.body, outcome.headers);
    });
  });

  return {
    server,
    cancelPending: () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** `/api/v3.1/auth_configs` → `{prefix: "/api/v3.1", path: "/auth_configs"}`; undefined for paths outside the API. */
function stripVersion(path: string): { prefix: string; path: string } | undefined {
  for (const prefix of API_PREFIXES) {
    if (path === prefix) return { prefix, path: "/" };
    if (path.startsWith(`${prefix}/`)) return { prefix, path: path.slice(prefix.length) };
  }
  return undefined;
}

function noRoute(method: string, path: string): ApiError {
  if (LEGACY_PATH.test(path)) {
    return new ApiError("api_version_gone", `The v1/v2 API has been retired: ${method} ${path}`, "Use the same resource under /api/v3.1.");
  }
  return new ApiError("route_not_found", `Route not found: ${method} ${path}`, "See the API reference for valid paths under /api/v3.1.");
}
