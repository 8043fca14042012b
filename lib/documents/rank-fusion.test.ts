import { describe, expect, it } from "vitest";
import { fuseRanks, RRF_K } from "./rank-fusion";

describe("fuseRanks", () => {
  it("ranks first what both rankings rank high, by the sum of 1 / (k + rank)", () => {
    const fused = fuseRanks([
      ["a", "b", "c"],
      ["c", "a", "d"],
    ]);
    expect(fused.map((f) => f.item)).toEqual(["a", "c", "b", "d"]);
    expect(fused[0]?.score).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2));
    expect(fused[3]?.score).toBeCloseTo(1 / (RRF_K + 3));
  });

  it("keeps one ranking's order when it is the only one, and the first appearance on a tie", () => {
    expect(fuseRanks([["x", "y", "z"]]).map((f) => f.item)).toEqual(["x", "y", "z"]);
    expect(fuseRanks([["p"], ["q"]]).map((f) => f.item)).toEqual(["p", "q"]);
    expect(fuseRanks([])).toEqual([]);
  });
});
