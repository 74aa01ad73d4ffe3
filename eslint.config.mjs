// ESLint with Next's own configuration (core web vitals + TypeScript). `npm run lint` runs it and
// Prettier's check; `npm test` runs `npm run lint` first.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // a leading underscore marks a parameter a signature requires but the body does not use
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // Playwright fixtures hand a `use` callback: not React, whatever the hooks rule thinks of the name
    files: ["tests/e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  globalIgnores([".next/**", "node_modules/**", "lib/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts", ".data/**", "bench/out/**"]),
]);
