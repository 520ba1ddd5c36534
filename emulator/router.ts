/**
 * A small route table. Templates use `{name}` placeholders; the `"<METHOD> <template>"` key of the
 * matched route is what stats and the request log report, so callers count calls per endpoint.
 */
import type { Capability } from "./settings";

interface RequestContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the route does not read one. */
  body: unknown;
  /** The API base the request came through, e.g. `http://127.0.0.1:4000/api/v3.1` (empty for control routes). */
  apiBase: string;
}

interface HandlerResult {
  status: number;
  body: unknown;
}

export interface Route {
  method: string;
  template: string;
  /** Whether the route parses a JSON body (only those can fail with "malformed JSON"). */
  readsBody?: boolean;
  /** The API-key capability the call needs (a key lacking it gets a 403). */
  capability?: Capability;
  handle(ctx: RequestContext): HandlerResult;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  key: string;
}

export const routeKey = (method: string, template: string): string => `${method} ${template}`;

export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch | undefined {
  const segments = splitPath(path);
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchTemplate(splitPath(route.template), segments);
    if (params) return { route, params, key: routeKey(route.method, route.template) };
  }
  return undefined;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function matchTemplate(template: string[], segments: string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const s = segments[i]!;
    if (t.startsWith("{") && t.endsWith("}")) {
      try {
        params[t.slice(1, -1)] = decodeURIComponent(s);
      } catch {
        return undefined; // malformed percent-encoding matches nothing
      }
    } else if (t !== s) return undefined;
  }
  return params;
}
