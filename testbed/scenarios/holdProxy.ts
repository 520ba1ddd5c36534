/**
 * A pass-through HTTP proxy in front of the emulator that can hold the answers to chosen requests:
 * the request reaches the emulator and is applied, but its answer is not forwarded while `holding`
 * says so. That is the window in which a killed client leaves a config on the server that its state
 * never heard of (the emulator's own latency fault waits *before* applying a request). `release()`
 * delivers the held answers, for a test that holds a run in flight only until it has looked at it.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface HoldProxy {
  url: string;
  /** Answers held so far (applied upstream, not delivered). */
  held(): number;
  /** Whether to hold the answer of this request; change it at any time (held answers stay held). */
  holding: (method: string, path: string) => boolean;
  /** Stops holding, and delivers the answers held so far to the clients still waiting for them. */
  release(): void;
  close(): Promise<void>;
}

export async function startHoldProxy(upstream: string): Promise<HoldProxy> {
  const target = new URL(upstream);
  let held = 0;
  let deliveries: (() => void)[] = [];
  const proxy: HoldProxy = {
    url: "",
    held: () => held,
    holding: () => false,
    release: () => {
      proxy.holding = () => false;
      for (const deliver of deliveries) deliver();
      deliveries = [];
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = http.createServer((req, res) => {
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const deliver = () => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        if (proxy.holding(req.method ?? "", req.url ?? "")) {
          held++;
          deliveries.push(deliver); // the answer waits, paused, in its stream
          return;
        }
        deliver();
      },
    );
    forward.on("error", () => res.destroy());
    // A client that goes away (killed) takes its upstream connection with it, as a direct connection would:
    // a request the emulator had not applied yet (held by its latency fault) then never is.
    res.on("close", () => {
      if (!res.writableFinished) forward.destroy();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
