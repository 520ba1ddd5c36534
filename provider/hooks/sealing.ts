/**
 * The seals: how checked inputs carry secrets without holding them in clear.
 *
 * A dynamic provider cannot mark a value secret (its protocol carries plain values) nor answer a preview,
 * so the engine takes the checked inputs as the planned outputs, and Pulumi's `--debug` logging prints
 * them. `check` therefore returns each secret sealed: its fingerprint (core/secrets.ts), plus the value
 * encrypted under a key that lives only in this provider process. The engine calls diff, create and
 * update in the process that checked their inputs, and they open the seals first; a seal from an earlier
 * process (in the state's inputs) is still its fingerprint for every comparison the core makes. When the
 * program's value is still the one a stored seal stands for, check keeps that seal (so unchanged inputs
 * compare equal and the engine writes no checkpoint for them), and this process opens it with the value
 * check saw.
 *
 * The resource provider plugin seals the same way, inside the envelopes that mark them (it answers no
 * preview either, so the engine plans with its checked inputs too): the engine encrypts an envelope in state,
 * but a Node.js program's `--debug` prints the planned outputs, envelopes' values included (provider/plugin/
 * README.md "Why the plugin seals"). Both functions take values marked or plain and keep their marks.
 *
 * Process-wide state, on purpose: the key and the kept seals must outlive one hook call and no more than
 * the process. It lives here, at the hosts' edge, never in the core.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { fingerprintLike, fingerprintPart, isFingerprint, mapSecrets } from "../core/secrets";
import type { StoredAuthConfig } from "../core/schema";
import { isChangedOnServer } from "../core/visibility";

const SEAL = ":sealed:";
/** This process's sealing key: a seal outlives the process only as the fingerprint in front of it. */
const SEALING_KEY = randomBytes(32);

/**
 * Seals from the state that check kept because the program's value is still the one they stand for,
 * with that value: this process opens them as its own (`open`). Without them every unchanged secret
 * would get a new seal on every run, so its resource's inputs would differ from the stored ones, and
 * the engine writes the whole state for each such resource even in a no-change `up` (BENCHMARKS.md).
 */
const keptSeals = new Map<string, unknown>();

function isSealed(value: unknown): value is string {
  return isFingerprint(value) && value.includes(SEAL);
}

function seal(value: unknown, fingerprintOfValue: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", SEALING_KEY, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return `${fingerprintOfValue}${SEAL}${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString("base64")}`;
}

/** Whether this process sealed `value`: its key opens it. */
function canOpen(value: string): boolean {
  try {
    open(value, "");
    return true;
  } catch {
    return false;
  }
}

function open(value: string, path: string): unknown {
  if (keptSeals.has(value)) return keptSeals.get(value);
  const bytes = Buffer.from(value.split(SEAL)[1], "base64");
  try {
    const decipher = createDecipheriv("aes-256-gcm", SEALING_KEY, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8"));
  } catch {
    // Only an engine that skipped check in this process gets here; the value is not lost, it is in the program.
    throw new Error(`${path}: this value was checked by another provider process and cannot be opened here; run the command again`);
  }
}

/**
 * `check`'s answer: each secret sealed, its fingerprint the one `olds` (the previous inputs) hold when
 * unchanged. Markers and fingerprints (after a refresh) stay as they are.
 */
export function sealSecrets<T extends StoredAuthConfig>(inputs: T, olds: Partial<StoredAuthConfig>): T {
  return mapSecrets(inputs, olds, (value, path, old) => {
    if (isFingerprint(value) || isChangedOnServer(value)) return value;
    const fingerprintOfValue = fingerprintLike(value, path, old) as string;
    // Unchanged since the stored seal (any process's): keep it, so unchanged inputs stay equal (keptSeals).
    if (isSealed(old) && fingerprintPart(old) === fingerprintOfValue) {
      keptSeals.set(old, value);
      return old;
    }
    return seal(value, fingerprintOfValue);
  });
}

/**
 * The inputs `check` sealed, with the program's values back: what create and update work with.
 * `{ unopened: "keep" }` (for diff) leaves a seal from another process as it is: a refresh diffs the
 * state's inputs, sealed by an earlier run, and the core compares them by fingerprint.
 */
export function openSecrets<T extends StoredAuthConfig>(inputs: T, { unopened }: { unopened: "fail" | "keep" } = { unopened: "fail" }): T {
  return mapSecrets(inputs, {}, (value, path) => {
    if (!isSealed(value)) return value;
    return unopened === "keep" && !canOpen(value) ? value : open(value, path);
  });
}
