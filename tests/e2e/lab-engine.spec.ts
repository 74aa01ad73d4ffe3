import { expect, test } from "./support/fixtures";

const SLUG = "unpatched-mesos-control-plane";
const QUERY = `/api/labs/${SLUG}/query`;

type Health = { engine: { status: string; processesUp: number; processes: { pid: number; restarts: number; up: boolean; capMB: number | null }[] } };

test("a hostile learner's queries are refused through the route, and the engine keeps serving everyone", async ({ page, signedInLearner }) => {
  void signedInLearner;
  test.setTimeout(120_000);
  const health = async () => (await (await page.request.get("/api/health")).json()) as Health;
  await expect.poll(async () => (await health()).engine.status, { timeout: 60_000 }).toBe("ok");
  const before = (await health()).engine.processes.map(({ pid, restarts }) => ({ pid, restarts }));
  expect(before.length).toBeGreaterThan(0);
  for (const p of (await health()).engine.processes) expect(p.capMB).toBeGreaterThan(0);

  const post = (data: unknown) => page.request.post(QUERY, { data, headers: { origin: new URL(page.url()).origin }, timeout: 90_000 });
  // the landed main answered 200 to these, and later died closing the learner's dataset
  for (const sql of [
    "SELECT * FROM enable_logging(storage='file', storage_path='/tmp')",
    "SELECT * FROM enable_logging(storage='stdout')",
    "SELECT * FROM duckdb_settings()",
    "SELECT current_setting('memory_limit')",
  ]) {
    const res = await post({ sql });
    expect(res.status(), sql).toBe(400);
    expect(res.headers()["content-type"]).toContain("application/json");
    const body = await res.json();
    expect(body.kind, sql).toBe("forbidden");
    expect(body.message).toMatch(/not available in the lab/);
  }
  // bad text is refused at the boundary, with a sentence and no 500
  for (const sql of ["SELECT '\ud800'", "SELECT 1\u0000"]) {
    const res = await post({ sql });
    expect(res.status()).toBe(400);
    expect((await res.json()).message).toMatch(/plain text/);
  }
  const ok = await post({ sql: "SELECT count(*) AS n FROM logs" });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).rows[0][0]).toBeGreaterThan(100_000);
  // no engine process was lost on the way
  expect((await health()).engine.processes.map(({ pid, restarts }) => ({ pid, restarts }))).toEqual(before);
});
