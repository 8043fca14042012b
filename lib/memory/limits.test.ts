import { describe, expect, it } from "vitest";
import { MAX_VALUE_BYTES, memoryKeySchema, memoryValueProblem } from "./limits";

describe("what memory can keep", () => {
  it("takes any JSON within the limits", () => {
    for (const value of [null, 0, -1.5, "text", true, [], {}, { a: [1, { b: "c" }] }])
      expect(memoryValueProblem(value)).toBeNull();
  });

  it("names what is wrong with a value it cannot keep", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 9; i++) deep = { inner: deep };
    expect(memoryValueProblem(undefined)).toMatch(/required/);
    expect(memoryValueProblem(deep)).toMatch(/deeper than 8 levels \(at value\.inner/);
    expect(memoryValueProblem({ a: "x\0y" })).toBe("value.a holds a NUL or invalid Unicode.");
    expect(memoryValueProblem({ ["k\0"]: 1 })).toMatch(/A name in value holds a NUL/);
    expect(memoryValueProblem(["\ud800"])).toMatch(/value\[0\] holds a NUL or invalid Unicode/);
    expect(memoryValueProblem(Number.NaN)).toMatch(/not a finite number/);
    expect(memoryValueProblem("é".repeat(MAX_VALUE_BYTES / 2))).toMatch(/at most 16384 are kept/);
    expect(memoryValueProblem("é".repeat(MAX_VALUE_BYTES / 2 - 2))).toBeNull();
  });

  it("takes keys safe in a URL path and in a prefix", () => {
    expect(memoryKeySchema.safeParse("customer:C-1001:preferred_channel.v2").success).toBe(true);
    for (const key of ["", ":leading", "with space", "a/b", "../etc", "x".repeat(201), "ключ"])
      expect(memoryKeySchema.safeParse(key).success, key).toBe(false);
  });
});
