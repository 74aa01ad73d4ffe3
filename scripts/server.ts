/**
 * The HTTP server `npm start` runs: Next's request handler behind one step of our own, which
 * decides who the client is. Next keeps a client's X-Forwarded-For as it came, so without this
 * anyone could claim any address. Here the socket's peer is the client unless it is a proxy named
 * in TRUSTED_PROXIES; the forwarding headers are then rewritten to what was decided (one address
 * in X-Forwarded-For; X-Forwarded-Proto and -Host only from a trusted proxy), and the app reads
 * only those.
 */
import http from "node:http";
import next from "next";
import { clientAddress, parseTrustedProxies } from "@/lib/net/client-address";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT ?? 3000);
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);

const KEEP_ALIVE_MS = 65_000;

const headerList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function decideForwarding(req: http.IncomingMessage) {
  const peer = req.socket.remoteAddress;
  const fromProxy = !!peer && trusted.check(peer);
  req.headers["x-forwarded-for"] = clientAddress(peer, headerList(req.headers["x-forwarded-for"]), trusted);
  delete req.headers["x-real-ip"];
  delete req.headers["forwarded"];
  if (!fromProxy) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-port"];
    req.headers["x-forwarded-proto"] = "encrypted" in req.socket && req.socket.encrypted ? "https" : "http";
  } else {
    // a chain of proxies: the first one (leftmost) saw the client's scheme and host
    for (const name of ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port"]) {
      const first = headerList(req.headers[name]).join(",").split(",")[0]?.trim();
      if (first) req.headers[name] = first;
      else delete req.headers[name];
    }
  }
}

async function main() {
  const server = http.createServer();
  // An idle keep-alive connection is closed by the proxy in front (ingress-nginx, a cloud load
  // balancer: 60 s) or the client, never by us first: with Node's default of 5 s a request sent
  // on a socket just as the server closes it is reset (ECONNRESET at the client, 502 at a proxy).
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  // Next attaches its own upgrade handler (development's live reload) to `httpServer`
  const app = next({ dev, port, hostname: "localhost", httpServer: server });
  const handle = app.getRequestHandler();
  await app.prepare();
  server.on("request", (req, res) => {
    decideForwarding(req);
    void handle(req, res);
  });
  server.listen(port, () => {
    console.log(`listening on http://localhost:${port}${trusted.spec ? ` (trusted proxies: ${trusted.spec})` : ""}`);
  });
  const stop = () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    // keep-alive connections would hold close() open
    server.closeAllConnections();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
