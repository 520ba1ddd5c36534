/**
 * composio-drift opens a checkpoint's secrets in its own process (cli/driftSecrets.ts), as Pulumi's passphrase
 * provider does. The fixture is a real checkpoint's, written by the Pulumi CLI 3.248 (passphrase "e2e-passphrase"):
 * its salt, its recorded `composio:apiKey`, and a secret `credentials` output that holds a secret of its own.
 */
import { isProviderResource } from "../../cli/driftPlan";
import { openedWithKey, passphraseKey, passphraseOf } from "../../cli/driftSecrets";

const SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const PASSPHRASE = "e2e-passphrase";

const deployment = () => ({
  secrets_providers: { type: "passphrase", state: { salt: "v1:eL65FkqGQa4=:v1:YD2rgksRYzLUk9hu:KyoYdpKYuVl6Qj36WYZwDGBjMn6qYg==" } },
  resources: [
    {
      urn: "provider",
      type: "pulumi:providers:pulumi-nodejs",
      inputs: { "composio:apiKey": { ...SIG, ciphertext: "v1:94K0T9RB0z2vhntK:F128ymtS+v8pcZ7xghym0/qseLc/j8W0aOC5NrqTZo6gWWdK" } },
    },
    {
      urn: "ac-1",
      type: "pulumi-nodejs:dynamic:Resource",
      outputs: {
        name: "Notion Auth 1 r0",
        credentials: {
          ...SIG,
          ciphertext:
            "v1:Xzf0yfbZFgIDCo3P:mjX+J8Yiv4m35IIQ+yhaXML9TbRcFhRPOY3tA9fKhA0IoxHPxqv/n3HJyac7tbqdOanX+1qoGleupf3eFLS8V7vsFXCT/txEbd1JWAE9agR0Hxm3cmh6aF1D1Xq/GjTpG4hl0yqYtZVpFfSrGsrX7Pjjw5G3uxuPlhHAOg7hNwVv0zd/ePmcNhl9Hkva+vdC5NWxwQoRCgV+22JeI0ppx6UmZmqLkfmElAauXzesF0xPslYk/wz8Z9o8duJJtkQkK9EwTtCIdd2D16F7nKRnGAZqpMpXvaIhE04g",
        },
      },
    },
  ],
});

/** The deployment opened as drift.ts opens it: the stack's key, then its secrets. */
async function openedWithPassphrase<T extends ReturnType<typeof deployment>>(
  exported: T,
  passphrase: string | undefined,
): Promise<T | undefined> {
  const key = await passphraseKey(exported, passphrase);
  return key && openedWithKey(exported, key);
}

describe("passphraseKey, then openedWithKey", () => {
  it("opens every secret as `pulumi stack export --show-secrets` does, a secret's own secrets included", async () => {
    const opened = await openedWithPassphrase(deployment(), PASSPHRASE);
    expect(opened?.resources[0]!.inputs!["composio:apiKey"]).toEqual({ ...SIG, plaintext: JSON.stringify("bench-api-key-5c1e") });
    const credentials = opened?.resources[1]!.outputs!.credentials as unknown as { plaintext: string };
    const inner = JSON.parse(credentials.plaintext);
    expect(inner.client_id).toBe("notion-client-1");
    // Pulumi writes the inner secret with a no-op encrypter; opened, it reads as any other.
    expect(inner.client_secret).toEqual({ ...SIG, plaintext: expect.stringMatching(/^"fingerprint:v1:/) });
    expect(opened?.resources[1]!.outputs!.name).toBe("Notion Auth 1 r0");
  });

  it("with a selection, opens only the resources it selects: the recorded settings before the reads", async () => {
    const key = (await passphraseKey(deployment(), PASSPHRASE))!;
    const opened = openedWithKey(deployment(), key, isProviderResource);
    expect(opened?.resources[0]!.inputs!["composio:apiKey"]).toEqual({ ...SIG, plaintext: JSON.stringify("bench-api-key-5c1e") });
    expect(opened?.resources[1]).toEqual(deployment().resources[1]);
  });

  it("leaves to the CLI what it cannot open: a wrong passphrase, none, another provider, a damaged value", async () => {
    expect(await passphraseKey(deployment(), "not-the-passphrase")).toBeUndefined();
    expect(await passphraseKey(deployment(), undefined)).toBeUndefined();
    expect(await passphraseKey({ ...deployment(), secrets_providers: { type: "awskms", state: {} } }, PASSPHRASE)).toBeUndefined();
    const damaged = deployment();
    damaged.resources[0]!.inputs!["composio:apiKey"].ciphertext = "v1:94K0T9RB0z2vhntK:G128ymtS+v8pcZ7xghym0/qseLc/j8W0aOC5NrqTZo6gWWdK";
    expect(await openedWithPassphrase(damaged, PASSPHRASE)).toBeUndefined();
  });
});

describe("passphraseOf: as the CLI reads it", () => {
  const files: Record<string, string> = { "/run/pass": "from-the-file\n" };
  const read = (file: string) => files[file]!;

  it("PULUMI_CONFIG_PASSPHRASE first, even empty; else the file's text, trimmed; else none", () => {
    expect(passphraseOf({ PULUMI_CONFIG_PASSPHRASE: "p", PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pass" }, read)).toBe("p");
    expect(passphraseOf({ PULUMI_CONFIG_PASSPHRASE: "", PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pass" }, read)).toBe("");
    expect(passphraseOf({ PULUMI_CONFIG_PASSPHRASE_FILE: "/run/pass" }, read)).toBe("from-the-file");
    expect(passphraseOf({}, read)).toBeUndefined();
  });
});
