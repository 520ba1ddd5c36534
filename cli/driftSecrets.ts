/**
 * A checkpoint's secrets opened in this process, as Pulumi's passphrase secrets provider opens them (3.248:
 * pkg/secrets/passphrase/manager.go, sdk/go/common/resource/config/crypt.go): the key is PBKDF2-SHA256 of the
 * passphrase and the stack's salt (1,000,000 rounds), each secret AES-256-GCM. The salt comes with the checkpoint
 * (`secrets_providers.state.salt`: `v1:<salt, base64>:<"pulumi" encrypted, to tell a wrong passphrase>`), each value is
 * `v1:<nonce, base64>:<ciphertext and tag, base64>`.
 * A fast path, not the only one: a checkpoint this module cannot open (another secrets provider, no passphrase, a
 * wrong one, a value it cannot read) is answered `undefined`, and the caller asks the CLI (`pulumi stack export
 * --show-secrets`), which opens every provider and words its own failures.
 */
import { createDecipheriv, pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
import { isSecret } from "./driftReport";

const deriveKey = promisify(pbkdf2);

/**
 * The rounds, key size and digest of Pulumi's passphrase provider (`NewSymmetricCrypterFromPassphrase`); the bench
 * times the same derivation (bench/driftJob.ts).
 */
export const PASSPHRASE_KEY = { rounds: 1_000_000, bytes: 32, digest: "sha256" } as const;
const TAG_BYTES = 16;

/** What a checkpoint says of its secrets provider. */
export interface SecretsProvider {
  type?: string;
  state?: { salt?: unknown };
}

/**
 * The passphrase as the CLI reads it (`readPassphrase`): PULUMI_CONFIG_PASSPHRASE when set (even empty), else the
 * trimmed text of the file PULUMI_CONFIG_PASSPHRASE_FILE names; undefined when neither is set.
 */
export function passphraseOf(env: NodeJS.ProcessEnv, readFile: (file: string) => string): string | undefined {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return env.PULUMI_CONFIG_PASSPHRASE;
  const file = env.PULUMI_CONFIG_PASSPHRASE_FILE;
  return file ? readFile(file).trim() : undefined;
}

/** `v1:<nonce>:<sealed>` opened with `key`; undefined when it is not that form or does not open (a wrong key). */
function decrypt(key: Buffer, value: string): string | undefined {
  const [version, nonce, sealed, ...rest] = value.split(":");
  if (version !== "v1" || nonce === undefined || sealed === undefined || rest.length > 0) return undefined;
  const bytes = Buffer.from(sealed, "base64");
  if (bytes.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** Thrown inside the walk when a value does not open: the whole checkpoint is then left to the CLI. */
class Unopenable extends Error {}

/**
 * `value` with each encrypted secret replaced by its opened form (`{<sig>, plaintext}`, as `--show-secrets` writes it).
 * A secret's JSON may hold secrets of its own (a secret output whose input held one); Pulumi writes those `nested`
 * with a no-op encrypter: their `ciphertext` is the JSON itself.
 */
function opened(value: unknown, key: Buffer, nested = false): unknown {
  if (isSecret(value)) {
    const { ciphertext, ...rest } = value as { ciphertext?: unknown };
    if (typeof ciphertext !== "string") return value;
    const plaintext = nested ? ciphertext : decrypt(key, ciphertext);
    if (plaintext === undefined) throw new Unopenable();
    return { ...rest, plaintext: JSON.stringify(opened(JSON.parse(plaintext), key, true)) };
  }
  if (Array.isArray(value)) return value.map((child) => opened(child, key, nested));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, opened(child, key, nested)]));
  }
  return value;
}

/**
 * The key to `deployment`'s secrets, or undefined when this process cannot open them (see the header): derived off the
 * main thread, so stacks checked in parallel derive theirs at the same time, and beside this thread's own work.
 */
export async function passphraseKey(
  deployment: { secrets_providers?: SecretsProvider },
  passphrase: string | undefined,
): Promise<Buffer | undefined> {
  const provider = deployment.secrets_providers;
  const salt = provider?.state?.salt;
  if (provider?.type !== "passphrase" || typeof salt !== "string" || passphrase === undefined) return undefined;
  const [version, saltText] = salt.split(":");
  const check = salt.split(":").slice(2).join(":");
  if (version !== "v1" || !saltText) return undefined;
  const key = await deriveKey(
    passphrase,
    Buffer.from(saltText, "base64"),
    PASSPHRASE_KEY.rounds,
    PASSPHRASE_KEY.bytes,
    PASSPHRASE_KEY.digest,
  );
  return decrypt(key, check) === "pulumi" ? key : undefined; // a wrong passphrase: the CLI says so
}

/** A checkpoint's resource, as far as choosing which to open goes. */
interface Resource {
  type?: string;
}

/**
 * `deployment` with the secrets of the resources `which` selects opened with `key` (`passphraseKey`; all by default),
 * or undefined when a value does not open.
 */
export function openedWithKey<T extends { resources?: Resource[] }>(
  deployment: T,
  key: Buffer,
  which?: (resource: Resource) => boolean,
): T | undefined {
  try {
    if (!which) return opened(deployment, key) as T;
    return { ...deployment, resources: deployment.resources?.map((resource) => (which(resource) ? opened(resource, key) : resource)) };
  } catch (error) {
    if (error instanceof Unopenable) return undefined;
    throw error;
  }
}
