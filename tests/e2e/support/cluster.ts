/**
 * A PostgreSQL server of a test's own (initdb in a temporary folder, its own port), for the tests
 * that stop and restart the database under a running app without touching the one the other tests
 * share. Uses the machine's PostgreSQL binaries (Debian's postgresql package, as in CI); as root it
 * runs them as the postgres user, since PostgreSQL refuses to run as root.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

function binDir(): string | null {
  const fromConfig = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  const candidates = [
    process.env.PG_BIN,
    fromConfig.status === 0 ? fromConfig.stdout.trim() : undefined,
    ...(fs.existsSync("/usr/lib/postgresql")
      ? fs
          .readdirSync("/usr/lib/postgresql")
          .sort((a, b) => Number(b) - Number(a))
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  return candidates.find((d) => d && fs.existsSync(path.join(d, "initdb")) && fs.existsSync(path.join(d, "pg_ctl"))) ?? null;
}

const BIN = binDir();
const asRoot = process.getuid?.() === 0;
/** whether this machine can run a PostgreSQL server of the test's own */
export const CLUSTER_POSSIBLE = Boolean(BIN) && (!asRoot || spawnSync("id", ["-u", "postgres"]).status === 0);

function run(tool: string, args: string[], check = true) {
  const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(BIN!, tool), ...args]] : [path.join(BIN!, tool), args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 60_000 });
  if (check && r.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed (${r.status}): ${r.stdout}${r.stderr}`);
}

export type Cluster = {
  url: string;
  /** "immediate" is a crash: no checkpoint, recovery from the WAL on the next start */
  stop: (mode?: "fast" | "immediate") => void;
  start: () => void;
  destroy: () => void;
};

export function createCluster(port: number): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "watchfloor-pg-"));
  if (asRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
  const start = () =>
    run("pg_ctl", [
      "-D",
      data,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
      "start",
    ]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: (mode = "fast") => run("pg_ctl", ["-D", data, "-m", mode, "-w", "stop"]),
    start,
    destroy: () => {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], false);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
