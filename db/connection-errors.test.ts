import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./connection-errors";

const withCode = (code: string) => Object.assign(new Error(code), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises lost and refused connections, also wrapped as a cause", () => {
    expect(isDatabaseUnavailable(withCode("ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("CONNECTION_CLOSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("57P01"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("08006"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Failed query", { cause: withCode("ECONNRESET") }))).toBe(true);
    const noSocket = Object.assign(withCode("ENOENT"), { syscall: "connect", address: "/tmp/.s.PGSQL.5432" });
    expect(isDatabaseUnavailable(noSocket)).toBe(true);
  });

  it("leaves statement errors and others alone", () => {
    expect(isDatabaseUnavailable(withCode("23505"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("57014"))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(withCode("ENOENT"), { syscall: "open" }))).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
