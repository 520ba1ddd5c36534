/**
 * Fault injection for API requests. Each POST /_emulator/faults adds a rule; a request takes a fault
 * from the first rule that applies to it. A rule fires for the next N matching requests (`next`),
 * or each with a probability, or both (at most N faults, each with that probability). The kind is
 * drawn at random from `kinds`, from a seedable generator so a failing test can be replayed.
 */
import { badRequest } from "./errors";
import { expectObject, rejectUnknownKeys } from "./validate";

export const FAULT_KINDS = ["429", "500", "503", "drop", "drop-after-commit", "latency"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Fault the next N matching requests. */
  next?: number;
  /** Fault each matching request with this probability (0..1). */
  probability?: number;
  kinds: FaultKind[];
  /** Delay for "latency" (default 250 ms). */
  latencyMs?: number;
  /** Retry-After seconds for "429" (default 1). */
  retryAfterSeconds?: number;
  /** Only requests with these HTTP methods (default: all). */
  methods?: string[];
  /** Only these routes, as in stats keys, e.g. "POST /auth_configs" (default: all). */
  routes?: string[];
  seed?: number;
}

export interface Fault {
  kind: FaultKind;
  latencyMs: number;
  retryAfterSeconds: number;
}

const DEFAULT_LATENCY_MS = 250;
const MAX_LATENCY_MS = 60_000;
const DEFAULT_RETRY_AFTER_SECONDS = 1;

interface Rule {
  options: FaultOptions;
  remaining: number | null;
  random: () => number;
}

export class FaultInjector {
  private rules: Rule[] = [];

  add(options: FaultOptions): void {
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
    this.rules.push({ options, remaining: options.next ?? null, random: mulberry32(seed) });
  }

  clear(): void {
    this.rules = [];
  }

  get activeRules(): number {
    return this.rules.length;
  }

  pick(method: string, route: string): Fault | undefined {
    for (const rule of this.rules) {
      const { options } = rule;
      if (options.methods && !options.methods.includes(method)) continue;
      if (options.routes && !options.routes.includes(route)) continue;
      if (options.probability !== undefined && rule.random() >= options.probability) continue;
      const kind = options.kinds[Math.floor(rule.random() * options.kinds.length)]!;
      if (rule.remaining !== null && --rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return {
        kind,
        latencyMs: options.latencyMs ?? DEFAULT_LATENCY_MS,
        retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      };
    }
    return undefined;
  }
}

/** A small, well-known seeded PRNG; statistical quality is irrelevant here, replayability is not. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

export function parseFaultOptions(body: unknown): FaultOptions {
  const obj = expectObject(body, "");
  rejectUnknownKeys(obj, ["next", "probability", "kinds", "latencyMs", "retryAfterSeconds", "methods", "routes", "seed"], "");
  const { next, probability, kinds, latencyMs, retryAfterSeconds, methods, routes, seed } = obj;
  if (!Array.isArray(kinds) || kinds.length === 0 || !kinds.every((k) => (FAULT_KINDS as readonly unknown[]).includes(k))) {
    throw badRequest(`kinds must be a non-empty array of ${FAULT_KINDS.join(", ")}`);
  }
  if (next === undefined && probability === undefined) throw badRequest("Give next (a count) or probability (0..1), or both");
  if (next !== undefined && (!isInt(next) || next < 1)) throw badRequest("next must be a positive integer");
  if (probability !== undefined && (typeof probability !== "number" || !(probability >= 0 && probability <= 1))) {
    throw badRequest("probability must be a number from 0 to 1");
  }
  if (latencyMs !== undefined && (!isInt(latencyMs) || latencyMs < 0 || latencyMs > MAX_LATENCY_MS)) {
    throw badRequest(`latencyMs must be an integer from 0 to ${MAX_LATENCY_MS}`);
  }
  if (retryAfterSeconds !== undefined && (!isInt(retryAfterSeconds) || retryAfterSeconds < 1)) {
    throw badRequest("retryAfterSeconds must be an integer >= 1");
  }
  const stringList = (v: unknown, name: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) throw badRequest(`${name} must be an array of strings`);
    return v;
  };
  if (seed !== undefined && !isInt(seed)) throw badRequest("seed must be an integer");
  const options: FaultOptions = { kinds: kinds as FaultKind[] };
  if (next !== undefined) options.next = next as number;
  if (probability !== undefined) options.probability = probability as number;
  if (latencyMs !== undefined) options.latencyMs = latencyMs as number;
  if (retryAfterSeconds !== undefined) options.retryAfterSeconds = retryAfterSeconds as number;
  const methodList = stringList(methods, "methods");
  if (methodList) options.methods = methodList.map((m) => m.toUpperCase());
  const routeList = stringList(routes, "routes");
  if (routeList) options.routes = routeList;
  if (seed !== undefined) options.seed = seed as number;
  return options;
}
