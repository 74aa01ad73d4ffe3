// What every page answers with: a Content-Security-Policy whose nonce is on each of the page's
// scripts and that names no other origin, and the other protective headers.
import net from "node:net";
import { expect, test } from "./support/fixtures";
import { E2E_PORT } from "./support/env";

const PAGES = ["/", "/lessons/kubernetes-vs-mesos", "/tracks/soc-analyst-tier-1", "/signin", "/signup", "/certificates/unknown-code"];

test("every page has a nonce CSP that covers all its scripts, frame-ancestors 'none', nosniff and a referrer policy", async ({ request }) => {
  const nonces = new Set<string>();
  for (const path of PAGES) {
    const response = await request.get(path);
    const csp = response.headers()["content-security-policy"];
    expect(csp, path).toBeTruthy();
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)![1];
    nonces.add(nonce);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe-eval");
    // no origin but our own: every source is a keyword, a nonce or a scheme for our own blobs/data
    for (const directive of csp.split(";")) {
      for (const source of directive.trim().split(/\s+/).slice(1)) expect(source, `${path}: ${directive}`).toMatch(/^('[a-z-]+'|'nonce-[^']+'|data:|blob:)$/);
    }
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("same-origin");
    // plain HTTP here: no HSTS (tests/e2e/production.spec.ts sees it over HTTPS)
    expect(response.headers()["strict-transport-security"]).toBeUndefined();
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`);
  }
  // a new nonce for every response
  expect(nonces.size).toBe(PAGES.length);
});

test("an idle keep-alive connection stays open past Node's 5 s default, so the next request on it is answered, not reset", async () => {
  // Node closes idle connections after 5 s by default: a client (or an ingress) that sends on one
  // just then gets ECONNRESET. The proxy in front must be the one that closes first.
  test.setTimeout(30_000);
  const socket = net.connect(E2E_PORT, "127.0.0.1");
  let closedAt: number | null = null;
  socket.on("close", () => (closedAt = Date.now()));
  let received = "";
  socket.on("data", (chunk) => (received += chunk.toString("latin1")));
  const ask = async () => {
    const before = received.length;
    socket.write("GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n");
    await expect.poll(() => received.slice(before)).toMatch(/^HTTP\/1\.1 200 [^]*\r\n\r\n[^]*"status"/);
  };
  await ask();
  expect(received).toMatch(/keep-alive: timeout=65/i);
  const quietFrom = Date.now();
  await new Promise((r) => setTimeout(r, 7_000));
  expect(closedAt, `the server closed the idle connection after ${closedAt ? closedAt - quietFrom : 0} ms`).toBeNull();
  await ask();
  socket.destroy();
});
