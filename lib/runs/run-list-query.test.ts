import { describe, expect, it } from "vitest";
import { parseRunColumns, RUN_COLUMNS } from "./run-columns";
import { canonicalRunsQuery } from "./run-list-query";

describe("a runs list view's query", () => {
  it("keeps valid filters and columns in a fixed order, without a page cursor", () => {
    expect(canonicalRunsQuery("?cursor=abc&agent=support-triage&status=failed&cols=cost,model&junk=1")).toBe(
      "status=failed&agent=support-triage&cols=model%2Ccost",
    );
    expect(canonicalRunsQuery("cols=model&cols=stop_reason&q=refund+O-5005")).toBe(
      "q=refund+O-5005&cols=model%2Cstop_reason",
    );
    expect(canonicalRunsQuery("")).toBe("");
  });

  it("refuses invalid filters", () => {
    expect(canonicalRunsQuery("status=exploded")).toBeNull();
    expect(canonicalRunsQuery("from=yesterday")).toBeNull();
    expect(canonicalRunsQuery(`q=${"x".repeat(201)}`)).toBeNull();
  });

  it("shows every column unless the URL names some it knows", () => {
    expect(parseRunColumns(undefined)).toEqual([...RUN_COLUMNS]);
    expect(parseRunColumns("nonsense")).toEqual([...RUN_COLUMNS]);
    expect(parseRunColumns(["cost", "model", "cost"])).toEqual(["model", "cost"]);
    expect(canonicalRunsQuery(`cols=${RUN_COLUMNS.join(",")}`)).toBe("");
  });
});
