import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

/** Reads a secret kept in DATA_DIR, creating it (owner-only) on first use. */
export function persistentSecret(dataDir: string, name: string, make = () => randomBytes(32).toString("base64url")): { value: string; created: boolean } {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return { value: fs.readFileSync(file, "utf8").trim(), created: false };
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const value = make();
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: "wx" });
  return { value, created: true };
}
