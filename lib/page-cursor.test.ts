import { describe, expect, it } from "vitest";
import { decodePageCursor, encodePageCursor, keysetPage } from "./page-cursor";

const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
const at = new Date("2026-05-04T03:02:01.123Z");

describe("page cursors", () => {
  it("round-trip a position and refuse anything else", () => {
    expect(decodePageCursor(encodePageCursor({ at, id }))).toEqual({ at, id });
    expect(() => decodePageCursor("nonsense")).toThrow(/page cursor is not valid/);
    expect(() =>
      decodePageCursor(Buffer.from(`${at.toISOString()}|not-a-uuid`).toString("base64url")),
    ).toThrow(/page cursor/);
  });

  it("hand out a next cursor only when more rows follow the page", () => {
    const rows = [1, 2, 3].map((n) => ({ n, at: new Date(at.getTime() - n), id }));
    const positionOf = (row: (typeof rows)[number]) => ({ at: row.at, id: row.id });
    const more = keysetPage(rows, 2, positionOf);
    expect(more.page.map((r) => r.n)).toEqual([1, 2]);
    expect(decodePageCursor(more.nextCursor ?? "")).toEqual({ at: rows[1]?.at, id });
    expect(keysetPage(rows, 3, positionOf).nextCursor).toBeNull();
  });
});
