/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and wasm packages stay in node_modules instead of the server bundle.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "@electric-sql/pglite", "@electric-sql/pglite-socket", "pg"],
  // Pages that call forbidden() answer 403 (a learner on /author).
  experimental: { authInterrupts: true },
  // monaco-yaml's worker imports monaco-editor by its pre-0.5x path, which monaco-editor 0.57's
  // package "exports" map elsewhere: point it at the file.
  turbopack: {
    resolveAlias: { "monaco-editor/esm/vs/editor/editor.worker.js": "./node_modules/monaco-editor/esm/vs/editor/editor.worker.js" },
  },
  // The build runs `tsc` and content checks separately (npm run build / npm test).
  typescript: { ignoreBuildErrors: false },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
