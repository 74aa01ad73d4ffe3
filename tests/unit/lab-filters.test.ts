import { describe, expect, it } from "vitest";
import { excludeValue, filterFor, formatTs, inputToIso, isoToInput, messageFilterText, toExploreFilters, EMPTY_DRAFT } from "@/components/lab/filters";
import { exploreFiltersSchema } from "@/lib/schemas/lab";
import { buildWhere } from "@/lib/server/lab-engine/explore";

describe("the explorer's UTC times", () => {
  it("are typed 24-hour in UTC, whatever the browser's locale", () => {
    expect(isoToInput("2026-03-09T14:00:05.000Z")).toBe("2026-03-09 14:00:05");
    expect(inputToIso("2026-03-09 14:00")).toBe("2026-03-09T14:00:00.000Z");
    expect(inputToIso("2026-03-09T23:59:59Z")).toBe("2026-03-09T23:59:59.000Z");
    expect(inputToIso(" 2026-03-09 14:00:05.5 ")).toBe("2026-03-09T14:00:05.500Z");
    expect(inputToIso("")).toBeUndefined();
    // the formats a locale would produce are refused, not guessed at
    for (const bad of ["03/09/2026 2:00 PM", "2026-03-09 2:00 PM", "2026-13-40 25:00", "yesterday"]) expect(inputToIso(bad), bad).toBeNull();
    expect(toExploreFilters({ ...EMPTY_DRAFT, from: "03/09/2026", to: "2026-03-10 00:00" })).toEqual({ to: "2026-03-10T00:00:00.000Z" });
  });

  it("are shown in one format everywhere: ISO 8601 UTC", () => {
    expect(formatTs("2026-03-09T01:34:12.771Z")).toBe("2026-03-09T01:34:12.771Z");
    expect(formatTs("2026-03-09 01:34:12.771+00:00")).toBe("2026-03-09T01:34:12.771Z");
  });
});

describe("the explorer's WHERE clause", () => {
  it("binds every value and shows the same filter as readable SQL", () => {
    const w = buildWhere({ hosts: ["mesos-master-01"], levels: ["ERROR", "FATAL"], text: "100%_done" });
    expect(w.clause).toBe(" WHERE host IN ($1) AND level IN ($2, $3) AND message ILIKE $4 ESCAPE '\\'");
    expect(w.values).toEqual(["mesos-master-01", "ERROR", "FATAL", "%100\\%\\_done%"]);
    expect(w.display).toBe(" WHERE host IN ('mesos-master-01') AND level IN ('ERROR', 'FATAL') AND message ILIKE '%100\\%\\_done%' ESCAPE '\\'");
  });

  it("excludes hosts, services, levels and message texts with NOT IN and NOT ILIKE", () => {
    const w = buildWhere({
      services: ["sshd"],
      excludeHosts: ["bastion-01", "o'brien"],
      excludeServices: ["cron"],
      excludeLevels: ["DEBUG"],
      excludeText: ["Accepted publickey", "session closed"],
    });
    expect(w.clause).toBe(
      " WHERE service IN ($1) AND host NOT IN ($2, $3) AND service NOT IN ($4) AND level NOT IN ($5) AND message NOT ILIKE $6 AND message NOT ILIKE $7",
    );
    expect(w.values).toEqual(["sshd", "bastion-01", "o'brien", "cron", "DEBUG", "%Accepted publickey%", "%session closed%"]);
    // a learner's quote is doubled in the SQL they can copy, never able to end the literal
    expect(w.display).toBe(
      " WHERE service IN ('sshd') AND host NOT IN ('bastion-01', 'o''brien') AND service NOT IN ('cron') AND level NOT IN ('DEBUG')" +
        " AND message NOT ILIKE '%Accepted publickey%' AND message NOT ILIKE '%session closed%'",
    );
  });

  it("treats empty lists as no filter, and keeps hostile text out of the SQL", () => {
    expect(buildWhere({ hosts: [], excludeHosts: [], excludeText: [] })).toMatchObject({ clause: "", display: "", values: [] });
    const hostile = "x') OR 1=1; DROP TABLE logs; --";
    const w = buildWhere({ excludeHosts: [hostile] });
    expect(w.clause).toBe(" WHERE host NOT IN ($1)");
    expect(w.values).toEqual([hostile]);
    expect(w.display).toBe(" WHERE host NOT IN ('x'') OR 1=1; DROP TABLE logs; --')");
  });

  it("accepts excludes at the boundary with the same bounds as the include filters", () => {
    expect(exploreFiltersSchema.safeParse({ excludeHosts: ["a"], excludeLevels: ["WARN"], excludeText: ["b"] }).success).toBe(true);
    expect(exploreFiltersSchema.safeParse({ excludeLevels: ["NOPE"] }).success).toBe(false);
    expect(exploreFiltersSchema.safeParse({ excludeHosts: Array.from({ length: 201 }, (_, i) => `h${i}`) }).success).toBe(false);
    expect(exploreFiltersSchema.safeParse({ excludeText: ["x".repeat(501)] }).success).toBe(false);
    expect(exploreFiltersSchema.safeParse({ excludeText: ["line\nbreak"] }).success).toBe(false);
    expect(exploreFiltersSchema.safeParse({ excludeText: Array.from({ length: 11 }, (_, i) => `t${i}`) }).success).toBe(false);
    expect(exploreFiltersSchema.safeParse({ excludeUsers: ["x"] }).success).toBe(false);
  });
});

describe("the event detail's filter buttons", () => {
  it("filter for a value (and stop excluding it), or exclude it (and stop filtering for it)", () => {
    const draft = { ...EMPTY_DRAFT, hosts: ["a", "b"], excludeServices: ["cron"] };
    expect(filterFor(draft, "host", "c")).toMatchObject({ hosts: ["c"] });
    expect(filterFor(draft, "service", "cron")).toMatchObject({ services: ["cron"], excludeServices: [] });
    expect(excludeValue(draft, "host", "a")).toMatchObject({ hosts: ["b"], excludeHosts: ["a"] });
    expect(excludeValue(excludeValue(draft, "level", "INFO"), "level", "INFO").excludeLevels).toEqual(["INFO"]);
    const filters = toExploreFilters(excludeValue(draft, "message", "Accepted publickey for ops"));
    expect(filters).toEqual({ hosts: ["a", "b"], excludeServices: ["cron"], excludeText: ["Accepted publickey for ops"] });
  });

  it("turn a message into text the filter accepts: its first line, at most 500 characters", () => {
    expect(messageFilterText("  Exception in thread main\n\tat Foo.bar(Foo.java:1)")).toBe("Exception in thread main");
    expect(messageFilterText("x".repeat(900))).toHaveLength(500);
    expect(filterFor(EMPTY_DRAFT, "message", "leader\telected").text).toBe("leader");
    for (const long of [`${"é".repeat(700)}\nmore`, "🛰".repeat(400), `x${"🛰".repeat(400)}`])
      expect(exploreFiltersSchema.safeParse(toExploreFilters(filterFor(EMPTY_DRAFT, "message", long))).success, long.slice(0, 3)).toBe(true);
  });
});
