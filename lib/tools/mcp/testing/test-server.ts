import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export const HUGE_RESULT_BYTES = 5 * 1024 * 1024;
export const FAIL_MESSAGE = "The note service is down for maintenance until 14:00 UTC.";

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The MCP server the tests talk to, over HTTP and over stdio: one tool per behaviour under test. */
export function testMcpServer(): McpServer {
  const server = new McpServer({ name: "flightdeck-test", version: "1.0.0" });
  server.registerTool(
    "lookup",
    {
      description: "Looks a customer up by id.",
      inputSchema: { id: z.string().min(1).describe("The customer id, e.g. C-1") },
      annotations: { readOnlyHint: true },
    },
    async ({ id }) => ({ content: [{ type: "text", text: `Customer ${id}: Ada Lovelace, gold tier.` }] }),
  );
  server.registerTool(
    "create_note",
    {
      description: "Creates a note.",
      inputSchema: { title: z.string().min(1), body: z.string().optional() },
      outputSchema: { id: z.string(), title: z.string() },
    },
    async ({ title }) => {
      const note = { id: "N-1", title };
      return { content: [{ type: "text", text: JSON.stringify(note) }], structuredContent: note };
    },
  );
  server.registerTool(
    "sleep",
    { description: "Waits.", inputSchema: { ms: z.number().int().min(0).max(60_000) } },
    async ({ ms }, extra) => {
      await sleep(ms, extra.signal);
      return { content: [{ type: "text", text: `slept ${ms} ms` }] };
    },
  );
  server.registerTool("huge", { description: "Returns 5 MB of text." }, async () => ({
    content: [{ type: "text", text: "x".repeat(HUGE_RESULT_BYTES) }],
  }));
  server.registerTool("fail", { description: "Always fails." }, async () => ({
    content: [{ type: "text", text: FAIL_MESSAGE }],
    isError: true,
  }));
  return server;
}
