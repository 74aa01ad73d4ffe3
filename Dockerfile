# syntax=docker/dockerfile:1.7
# Watchfloor in a container: the app (`npm start`'s launcher: migrations, content sync, then the
# server with its trusted-proxy step) and, with another command, the lab engine as its own service.
# One image for both: `docker build -t watchfloor:0.1.0 .`
#   app:    docker run -e DATABASE_URL=… -e NEXTAUTH_SECRET=… -e NEXTAUTH_URL=… -p 3000:3000 watchfloor:0.1.0
#   engine: docker run -e LAB_ENGINE_TOKEN=… watchfloor:0.1.0 node --import tsx lib/server/lab-engine/main.ts
# Next's standalone output is not used: it brings its own server.js, which would bypass
# scripts/server.ts (the client address from TRUSTED_PROXIES only). The image prunes dev
# dependencies instead. Prisma needs no native engine (the wasm one), so nothing is downloaded at
# run time.

ARG NODE_VERSION=20.19.5

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
COPY . .
RUN npm ci --no-audit --no-fund \
  && node node_modules/tsx/dist/cli.mjs scripts/check-content.ts \
  && node node_modules/next/dist/bin/next build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf .next/cache tests bench

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
# prlimit (util-linux) caps each engine process's memory; tini reaps and forwards signals
RUN apt-get update \
  && apt-get install -y --no-install-recommends util-linux tini \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 10001 watchfloor \
  && useradd --system --uid 10001 --gid watchfloor --home-dir /app --shell /usr/sbin/nologin watchfloor \
  && mkdir -p /var/lib/watchfloor/lab-datasets \
  && chown -R watchfloor:watchfloor /var/lib/watchfloor
WORKDIR /app
ENV NODE_ENV=production \
  NEXT_TELEMETRY_DISABLED=1 \
  PORT=3000 \
  DATA_DIR=/var/lib/watchfloor \
  LAB_DATA_DIR=/var/lib/watchfloor/lab-datasets
# the code is root's and read-only to the app; only /var/lib/watchfloor (and /tmp) is written
COPY --from=build /app /app
RUN mkdir -p /app/.next/cache && chown watchfloor:watchfloor /app/.next/cache
USER 10001:10001
EXPOSE 3000 4000
# the app's health; Kubernetes uses the probes in deploy/ (the engine's is its TCP port)
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "node_modules/tsx/dist/cli.mjs", "scripts/start.ts"]
