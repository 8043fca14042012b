import { describe, expect, it } from "vitest";
import { mcpToolName } from "./tool-name";

const FUNCTION_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;

describe("mcpToolName", () => {
  it("joins a server and a safe tool name with __", () => {
    expect(mcpToolName("crm", "lookup")).toBe("crm__lookup");
    expect(mcpToolName("crm", "create-note_2")).toBe("crm__create-note_2");
  });

  it("replaces unsafe characters and keeps differently spelt names apart", () => {
    const dotted = mcpToolName("crm", "get.user");
    const slashed = mcpToolName("crm", "get/user");
    expect(dotted).toMatch(/^crm__get_user_[0-9a-f]{6}$/);
    expect(slashed).toMatch(/^crm__get_user_[0-9a-f]{6}$/);
    expect(new Set([dotted, slashed, mcpToolName("crm", "get_user")]).size).toBe(3);
    expect(mcpToolName("crm", "créer une note")).toMatch(FUNCTION_NAME);
    expect(mcpToolName("crm", "get.user")).toBe(dotted);
  });

  it("refuses names that cannot be made safe", () => {
    expect(mcpToolName("crm", "")).toBeNull();
    expect(mcpToolName("crm", "x".repeat(59))).toBe(`crm__${"x".repeat(59)}`);
    expect(mcpToolName("crm", "x".repeat(60))).toBeNull();
    expect(mcpToolName("crm", `${"x".repeat(50)}.`)).toMatch(/^crm__x{50}__[0-9a-f]{6}$/);
    expect(mcpToolName("crm", `${"x".repeat(55)}.`)).toBeNull();
  });

  it("refuses server names that would make names ambiguous or invalid", () => {
    for (const bad of ["", "1password", "my server", "a__b", "crm_", "_crm", "x".repeat(33)])
      expect(mcpToolName(bad, "lookup")).toBeNull();
    expect(mcpToolName("my-crm_2", "lookup")).toBe("my-crm_2__lookup");
  });
});
