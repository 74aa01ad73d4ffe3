import { describe, expect, it } from "vitest";
import { formatTs, inputToIso, isoToInput, toExploreFilters, EMPTY_DRAFT } from "@/components/lab/filters";

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
