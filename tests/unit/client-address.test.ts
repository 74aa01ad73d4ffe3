import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, parseTrustedProxies } from "@/lib/net/client-address";

const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("10.0.0.0/8, 127.0.0.1 ::1 fd00::/8");

describe("the client's address", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientAddress("203.0.113.5", ["1.2.3.4"], none)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:203.0.113.5", ["1.2.3.4, 5.6.7.8"], none)).toBe("203.0.113.5");
    expect(clientAddress("127.0.0.1", ["198.51.100.1"], none)).toBe("127.0.0.1");
    expect(clientAddress(undefined, [], none)).toBe("unknown");
  });

  it("is read from the right through trusted proxies only", () => {
    // the client wrote 1.2.3.4 itself; the trusted proxy appended the address it really saw
    expect(clientAddress("10.0.0.2", ["1.2.3.4, 198.51.100.7"], proxies)).toBe("198.51.100.7");
    // two trusted hops
    expect(clientAddress("127.0.0.1", ["1.2.3.4, 198.51.100.7, 10.3.3.3"], proxies)).toBe("198.51.100.7");
    // several headers are one list, in order
    expect(clientAddress("::1", ["1.2.3.4", "198.51.100.8"], proxies)).toBe("198.51.100.8");
    expect(clientAddress("fd00::5", ["2001:db8::1"], proxies)).toBe("2001:db8::1");
    // a peer that is not trusted is the client, forwarded or not
    expect(clientAddress("198.51.100.9", ["10.0.0.1"], proxies)).toBe("198.51.100.9");
    // nothing forwarded: the proxy itself; garbage stops the walk at the last trusted hop
    expect(clientAddress("10.0.0.2", [], proxies)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", ["198.51.100.7, garbage"], proxies)).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", ["[2001:db8::9]"], proxies)).toBe("2001:db8::9");
  });

  it("never lets a client that is not a trusted proxy choose its own address (property)", () => {
    const untrusted = fc.ipV4().filter((a) => !proxies.check(a));
    fc.assert(
      fc.property(untrusted, fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string())), (peer, claimed) => {
        expect(clientAddress(peer, claimed, proxies)).toBe(peer);
      }),
    );
    // behind a trusted proxy, what the client wrote left of the proxy's own entry never wins
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.ipV4(), fc.string())), untrusted, (claimed, real) => {
        expect(clientAddress("10.0.0.1", [...claimed, real], proxies)).toBe(real);
      }),
    );
  });

  it("refuses a TRUSTED_PROXIES entry that is not an address or a range", () => {
    for (const bad of ["10.0.0.0/33", "localhost", "10.0.0.1/8/9", "::1/129", "10.0.0.0/x"])
      expect(() => parseTrustedProxies(bad), bad).toThrow(/TRUSTED_PROXIES/);
    expect(parseTrustedProxies("").check("127.0.0.1")).toBe(false);
    expect(normaliseAddress("::FFFF:10.1.2.3")).toBe("10.1.2.3");
    expect(normaliseAddress("2001:DB8::1")).toBe("2001:db8::1");
  });
});
