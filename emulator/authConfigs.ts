/** The auth-config endpoints: create, retrieve, list, update, enable/disable, delete. */
import { parseCreate, parseUpdate } from "./authConfigInput";
import { renderAuthConfig, renderCreated } from "./authConfigView";
import { findToolkit } from "./catalog";
import { badRequest, notFound } from "./errors";
import { newAuthConfigId, newRevokeJobId, newUuid } from "./ids";
import { paginate, parsePageRequest } from "./pagination";
import { booleanParam, slugListParam } from "./queryParams";
import type { Route } from "./router";
import type { AuthConfigStore } from "./store";
import type { AuthConfigStatus, StoredAuthConfig } from "./types";

const STATUSES: readonly AuthConfigStatus[] = ["ENABLED", "DISABLED"];

export function authConfigRoutes(store: AuthConfigStore, now: () => Date = () => new Date()): Route[] {
  const load = (id: string): StoredAuthConfig => {
    const config = store.get(id);
    if (!config) throw notFound(`Auth config "${id}" not found`, "Check the id with GET /api/v3.1/auth_configs.");
    return config;
  };

  const save = (config: StoredAuthConfig): StoredAuthConfig => {
    const updated = { ...config, last_updated_at: now().toISOString() };
    store.put(updated);
    return updated;
  };

  return [
    {
      method: "POST",
      template: "/auth_configs",
      readsBody: true,
      handle: ({ body }) => {
        const input = parseCreate(body);
        const at = now().toISOString();
        let id = newAuthConfigId();
        while (store.get(id)) id = newAuthConfigId();
        const { toolkit, ...fields } = input;
        const config: StoredAuthConfig = {
          ...fields,
          id,
          uuid: newUuid(),
          seq: store.takeSeq(),
          toolkit_slug: toolkit.slug,
          status: "ENABLED",
          created_at: at,
          last_updated_at: at,
        };
        store.put(config);
        return { status: 201, body: renderCreated(config) };
      },
    },
    {
      method: "GET",
      template: "/auth_configs",
      handle: ({ query }) => {
        const pageRequest = parsePageRequest(query);
        const toolkits = slugListParam(query, "toolkit_slug");
        const managed = booleanParam(query, "is_composio_managed");
        // Assumption: disabled configs are hidden unless show_disabled=true (the flag's name implies it).
        const showDisabled = booleanParam(query, "show_disabled") ?? false;
        const search = query.get("search")?.toLowerCase() || undefined;
        const matches = store
          .all()
          .filter((c) => !toolkits || toolkits.includes(c.toolkit_slug))
          .filter((c) => managed === undefined || c.is_composio_managed === managed)
          .filter((c) => showDisabled || c.status === "ENABLED")
          .filter((c) => !search || c.name.toLowerCase().includes(search) || c.id.toLowerCase().includes(search))
          .sort((a, b) => b.seq - a.seq); // newest first; seq breaks created_at ties
        const page = paginate(matches, pageRequest);
        return { status: 200, body: { ...page, items: page.items.map(renderAuthConfig) } };
      },
    },
    {
      method: "GET",
      template: "/auth_configs/{id}",
      handle: ({ params }) => ({ status: 200, body: renderAuthConfig(load(params.id!)) }),
    },
    {
      method: "PATCH",
      template: "/auth_configs/{id}",
      readsBody: true,
      handle: ({ params, body }) => {
        const config = load(params.id!);
        const changes = parseUpdate(body, config, findToolkit(config.toolkit_slug));
        return { status: 200, body: renderAuthConfig(save({ ...config, ...changes })) };
      },
    },
    {
      method: "PATCH",
      template: "/auth_configs/{id}/{status}",
      handle: ({ params }) => {
        const status = params.status as AuthConfigStatus;
        if (!STATUSES.includes(status)) {
          throw badRequest("Invalid value for status: expected ENABLED or DISABLED", "Use PATCH /auth_configs/{id}/ENABLED or /DISABLED.");
        }
        const config = load(params.id!);
        return { status: 200, body: renderAuthConfig(save({ ...config, status })) };
      },
    },
    {
      method: "DELETE",
      template: "/auth_configs/{id}",
      handle: ({ params, query }) => {
        const revoke = booleanParam(query, "revoke_on_delete") ?? false;
        load(params.id!);
        store.delete(params.id!);
        return { status: 200, body: revoke ? { revoke_job_id: newRevokeJobId() } : {} };
      },
    },
  ];
}
