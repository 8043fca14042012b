import { describe, expect, it } from "vitest";
import { describeServer, mcpServerConfigSchema, mcpServerNameSchema } from "./server-config";

const problems = (value: unknown) => {
  const parsed = mcpServerConfigSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe("MCP server settings", () => {
  it("accepts an http server with headers and a stdio command with arguments", () => {
    expect(
      mcpServerConfigSchema.parse({
        transport: "http",
        url: " https://mcp.example.com/mcp ",
        headers: { Authorization: "Bearer abc", "X-Team": "support" },
      }),
    ).toEqual({
      transport: "http",
      url: "https://mcp.example.com/mcp",
      headers: { Authorization: "Bearer abc", "X-Team": "support" },
    });
    expect(
      mcpServerConfigSchema.parse({ transport: "stdio", command: "mcp-crm", args: ["--readonly"] }),
    ).toEqual({
      transport: "stdio",
      command: "mcp-crm",
      args: ["--readonly"],
    });
  });

  it("explains what is wrong with a URL", () => {
    expect(problems({ transport: "http", url: "not a url" })).toEqual(['"not a url" is not a valid URL.']);
    expect(problems({ transport: "http", url: "file:///etc/passwd" })).toEqual([
      "Only http and https URLs are allowed, not file:",
    ]);
    expect(problems({ transport: "http", url: "https://me:pw@mcp.example.com/" })).toEqual([
      "The URL must not contain a user name or password: put credentials in a header.",
    ]);
    expect(problems({ transport: "http", url: `https://example.com/${"a".repeat(2_100)}` })).toEqual([
      "The URL must be at most 2048 characters.",
    ]);
  });

  it("explains what is wrong with headers", () => {
    const url = "https://mcp.example.com/mcp";
    expect(problems({ transport: "http", url, headers: { "bad name": "x" } })).toEqual([
      '"bad name" is not a header name: use 1 to 64 letters, digits or !#$%&\'*+.^_`|~-.',
    ]);
    expect(problems({ transport: "http", url, headers: { "X-A": "one\r\nX-B: two" } })).toEqual([
      "A header value may contain only printable ASCII characters, spaces and tabs.",
    ]);
    expect(problems({ transport: "http", url, headers: { Host: "evil" } })).toEqual([
      "The header Host is set by Flightdeck and cannot be configured.",
    ]);
    expect(problems({ transport: "http", url, headers: { "X-A": "a".repeat(9_000) } })).toEqual([
      "A header value must be at most 8192 characters.",
    ]);
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`X-${i}`, "v"]));
    expect(problems({ transport: "http", url, headers: many })).toEqual(["At most 32 headers are allowed."]);
    expect(problems({ transport: "http", url, headers: { "X-A": "1", "x-a": "2" } })).toEqual([
      "Each header may be given once (names are case-insensitive).",
    ]);
  });

  it("explains what is wrong with a command", () => {
    expect(problems({ transport: "stdio", command: " " })).toEqual(["The command is required."]);
    expect(problems({ transport: "stdio", command: "mcp", args: Array(65).fill("a") })).toEqual([
      "At most 64 arguments are allowed.",
    ]);
    expect(problems({ transport: "stdio", command: "mcp", args: ["a\0b"] })).toEqual([
      "An argument must not contain NUL characters.",
    ]);
  });

  it("refuses unknown transports and unknown settings", () => {
    expect(problems({ transport: "sse", url: "https://x.example" })).toEqual([
      'The transport must be "http" or "stdio".',
    ]);
    expect(problems({ transport: "stdio", command: "mcp", shell: true })).toHaveLength(1);
  });

  it("names a server without its query, credentials-bearing arguments or headers", () => {
    expect(
      describeServer({
        transport: "http",
        url: "https://mcp.example.com/mcp?key=secret",
        headers: { A: "secret" },
      }),
    ).toBe("The MCP server at https://mcp.example.com/mcp");
    expect(describeServer({ transport: "stdio", command: "mcp-crm", args: ["--token=secret"] })).toBe(
      'The MCP server command "mcp-crm"',
    );
  });

  it("checks server names", () => {
    expect(mcpServerNameSchema.safeParse("crm").success).toBe(true);
    expect(mcpServerNameSchema.safeParse("a__b").success).toBe(false);
    expect(mcpServerNameSchema.safeParse("9crm").success).toBe(false);
  });
});
