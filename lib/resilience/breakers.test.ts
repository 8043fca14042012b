import { afterEach, describe, expect, it } from "vitest";
import { breakerFor, breakerStates, resetBreakers } from "./breakers";
import { DEFAULT_RESILIENCE } from "./settings";

const settings = { ...DEFAULT_RESILIENCE, breakerFailures: 2 };
const fail = (breaker: ReturnType<typeof breakerFor>) =>
  breaker.execute(() => Promise.reject(new Error("down"))).catch(() => {});

afterEach(resetBreakers);

describe("circuit breakers", () => {
  it("keep one breaker per MCP server and tenant: a server's failures never stop another tenant's", async () => {
    const acme = breakerFor("mcp", "crm", settings, () => true, "tenant-acme");
    const globex = breakerFor("mcp", "crm", settings, () => true, "tenant-globex");
    expect(acme).not.toBe(globex);
    expect(breakerFor("mcp", "crm", settings, () => true, "tenant-acme")).toBe(acme);
    await fail(acme);
    await fail(acme);
    breakerFor("model", "openai:gpt-5", settings, () => true);

    expect(breakerStates("tenant-acme")).toEqual([
      { key: "mcp:tenant-acme:crm", kind: "mcp", name: "crm", state: "open" },
      { key: "model:openai:gpt-5", kind: "model", name: "openai:gpt-5", state: "closed" },
    ]);
    // Another tenant sees its own server's breaker and the shared ones, never Acme's.
    expect(breakerStates("tenant-globex").map((b) => [b.key, b.state])).toEqual([
      ["mcp:tenant-globex:crm", "closed"],
      ["model:openai:gpt-5", "closed"],
    ]);
    expect(breakerStates("tenant-initech").map((b) => b.key)).toEqual(["model:openai:gpt-5"]);
  });
});
