// What every page answers with: a Content-Security-Policy whose nonce is on each of the page's
// scripts and that names no other origin, and the other protective headers.
import { expect, test } from "./support/fixtures";

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
