/**
 * The random part of a generated name (`notion-1a2b3c4`), as Pulumi's own providers autoname: drawn here,
 * at the hooks' edge, so core/check.ts stays pure (its caller passes this in).
 */
import { randomBytes } from "node:crypto";
import type { SuffixSource } from "../core/check";

export const randomSuffix: SuffixSource = () => randomBytes(4).toString("hex").slice(0, 7);
