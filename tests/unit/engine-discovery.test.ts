// The app finds the lab engines of a scaled StatefulSet by DNS (LAB_ENGINE_SRV) and spreads
// datasets over them by rendezvous hashing: a scale-up or -down moves only the keys it must.
import dgram from "node:dgram";
import dns from "node:dns/promises";
import { once } from "node:events";
import packet from "dns-packet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteEngineSet, rendezvous, srvDiscovery } from "@/lib/server/lab-engine/supervisor";

const endpoint = (url: string) => ({ url });
const keys = Array.from({ length: 10_000 }, (_, i) => `unpatched-mesos-control-plane:seed-${i}:20000`);
const owners = (list: { url: string }[]) => new Map(keys.map((k) => [k, rendezvous(k, list).url]));

describe("rendezvous hashing", () => {
  const four = ["http://e-0:4000", "http://e-1:4000", "http://e-2:4000", "http://e-3:4000"].map(endpoint);

  it("spreads keys evenly and gives each key the same engine every time, whatever the list's order", () => {
    const before = owners(four);
    const counts = new Map<string, number>();
    for (const url of before.values()) counts.set(url, (counts.get(url) ?? 0) + 1);
    for (const n of counts.values()) expect(n / keys.length).toBeGreaterThan(0.2);
    for (const n of counts.values()) expect(n / keys.length).toBeLessThan(0.3);
    expect(owners([...four].reverse())).toEqual(before);
  });

  it("a fifth engine takes about a fifth of the keys, all from the others, and moves nothing else", () => {
    const before = owners(four);
    const after = owners([...four, endpoint("http://e-4:4000")]);
    const moved = keys.filter((k) => before.get(k) !== after.get(k));
    for (const k of moved) expect(after.get(k)).toBe("http://e-4:4000");
    expect(moved.length / keys.length).toBeGreaterThan(0.15);
    expect(moved.length / keys.length).toBeLessThan(0.25);
  });

  it("an engine that goes away gives up only its own keys", () => {
    const before = owners(four);
    const after = owners(four.filter((e) => e.url !== "http://e-2:4000"));
    for (const k of keys) if (before.get(k) !== "http://e-2:4000") expect(after.get(k)).toBe(before.get(k));
  });
});

describe("engines found by DNS", () => {
  it("follows the list as it changes, keeps the last one when a lookup fails, and looks up once for many callers", async () => {
    let answer: string[] | Error = [];
    let lookups = 0;
    const set = new RemoteEngineSet(
      async () => {
        lookups++;
        await new Promise((r) => setTimeout(r, 20));
        if (answer instanceof Error) throw answer;
        return answer;
      },
      "token",
      50,
    );
    await expect(set.endpointFor("a")).rejects.toThrow(/no lab engine was found/);

    answer = ["http://e-1:4000", "http://e-0:4000/"];
    lookups = 0;
    await set.refresh();
    const many = await Promise.all(keys.slice(0, 50).map((k) => set.endpointFor(k)));
    expect(lookups).toBe(1);
    expect(new Set(many.map((e) => e.url))).toEqual(new Set(["http://e-0:4000", "http://e-1:4000"]));
    expect(set.endpoints().map((e) => [e.index, e.url])).toEqual([
      [0, "http://e-0:4000"],
      [1, "http://e-1:4000"],
    ]);

    answer = ["http://e-0:4000", "http://e-1:4000", "http://e-2:4000"];
    await new Promise((r) => setTimeout(r, 60));
    await set.endpointFor("a");
    expect(set.endpoints().map((e) => e.url)).toEqual(answer);

    answer = new Error("SERVFAIL");
    await new Promise((r) => setTimeout(r, 60));
    await set.endpointFor("a");
    expect(set.endpoints().map((e) => e.url)).toEqual(["http://e-0:4000", "http://e-1:4000", "http://e-2:4000"]);
  });

  describe("an SRV record, as Kubernetes serves one for a headless Service", () => {
    const NAME = "_engine._tcp.watchfloor-engine.watchfloor.svc.cluster.local";
    let targets = ["watchfloor-engine-0.watchfloor-engine.watchfloor.svc.cluster.local", "watchfloor-engine-1.watchfloor-engine.watchfloor.svc.cluster.local"];
    const server = dgram.createSocket("udp4");
    const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
    beforeAll(async () => {
      server.on("message", (msg, from) => {
        const query = packet.decode(msg);
        const question = query.questions![0];
        const answers =
          question.type === "SRV" && question.name === NAME
            ? targets.map((target) => ({ type: "SRV" as const, name: NAME, ttl: 30, data: { priority: 0, weight: 50, port: 4000, target } }))
            : [];
        const reply = packet.encode({
          type: "response",
          id: query.id,
          flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (answers.length ? 0 : 3), // 3: NXDOMAIN
          questions: query.questions,
          answers,
        });
        server.send(reply, from.port, from.address);
      });
      server.bind(0, "127.0.0.1");
      await once(server, "listening");
      resolver.setServers([`127.0.0.1:${server.address().port}`]);
    });
    afterAll(() => server.close());

    it("names each ready pod by its stable name and port, and a scale-up shows on the next lookup", async () => {
      const discover = srvDiscovery(NAME, resolver);
      expect((await discover()).sort()).toEqual([
        "http://watchfloor-engine-0.watchfloor-engine.watchfloor.svc.cluster.local:4000",
        "http://watchfloor-engine-1.watchfloor-engine.watchfloor.svc.cluster.local:4000",
      ]);
      targets = [...targets, "watchfloor-engine-2.watchfloor-engine.watchfloor.svc.cluster.local"];
      const set = new RemoteEngineSet(discover, "token", 10_000);
      await set.refresh();
      expect(set.endpoints()).toHaveLength(3);
      await expect(srvDiscovery("_engine._tcp.nothing.watchfloor.svc.cluster.local", resolver)()).rejects.toThrow();
    });
  });
});
