import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import { hashCanonical } from "@/lib/canonical-json";
import { type AnyTool, type ToolContext, ToolInputError } from "@/lib/tools/types";
import { type McpConnection, openMcpConnection } from "./connection";
import { McpUnavailableError } from "./errors";
import { type McpCall, type McpTool, previewMcpCall, toolFromMcp } from "./mcp-tool";
import { MCP_RESULT_CAP_BYTES } from "./result-text";
import { type RunningHttpServer, startHttpMcpServer } from "./testing/http-server";
import { pagedMcpServer } from "./testing/paged-server";
import { FAIL_MESSAGE, HUGE_RESULT_BYTES, testMcpServer } from "./testing/test-server";
import type { McpToolInfo } from "./tool-list";

const local = { allowPrivateAddresses: true, stdioAllowList: [], connectTimeoutMs: 5_000 };
const server = { name: "crm" };
const readSettings = { risk: "read", idempotent: true, timeoutMs: 2_000 } as const;

const context = (signal = new AbortController().signal): ToolContext => ({
  db: undefined as unknown as Db,
  tenantId: "tenant-1",
  runId: "run-1",
  idempotencyKey: "run-1:1:call-1",
  signal,
  appBaseUrl: "http://127.0.0.1:9",
});

const info = (inputSchema: Record<string, unknown>, name = "lookup"): McpToolInfo => ({
  name,
  description: "Looks a customer up by id.",
  inputSchema,
});

const neverCalled: McpCall = () => Promise.reject(new Error("the server must not be called"));

function mcpTool(result: ReturnType<typeof toolFromMcp>): McpTool {
  if ("problem" in result) throw new Error(result.problem);
  return result.tool;
}

describe("MCP tools", () => {
  let http: RunningHttpServer;
  let paged: RunningHttpServer;
  let connection: McpConnection;
  let listed: McpToolInfo[];
  const tool = (name: string, settings: Parameters<typeof toolFromMcp>[2] = readSettings) => {
    const found = listed.find((t) => t.name === name);
    if (!found) throw new Error(`no tool ${name}`);
    return mcpTool(toolFromMcp(server, found, settings, connection.callTool));
  };

  beforeAll(async () => {
    [http, paged] = await Promise.all([
      startHttpMcpServer(testMcpServer),
      startHttpMcpServer(pagedMcpServer),
    ]);
    connection = await openMcpConnection({ transport: "http", url: http.url }, local);
    listed = await connection.listTools();
  });
  afterAll(async () => {
    await connection?.close();
    await Promise.all([http?.close(), paged?.close()]);
  });

  it("offers a server's tool under a safe name, with the server's schema and the admin's settings", () => {
    const lookup = tool("lookup");
    expect(lookup).toMatchObject({
      name: "crm__lookup",
      version: 1,
      description: "Looks a customer up by id.",
      timeoutMs: 2_000,
      idempotent: true,
      source: { kind: "mcp", server: "crm", tool: "lookup" },
    });
    expect(lookup.jsonSchema).toBe(listed.find((t) => t.name === "lookup")?.inputSchema);
    expect(lookup.risk({ id: "C-1" })).toBe("read");
    const registrable: AnyTool = lookup;
    expect(registrable.name).toBe("crm__lookup");
    expect(tool("create_note", { risk: "write", idempotent: false, timeoutMs: 1_000 }).risk({})).toBe(
      "write",
    );
  });

  it("reads a tool's text result, with a receipt", async () => {
    const { output, receipt } = await tool("lookup").execute({ id: "C-1" }, context());
    expect(output).toEqual({ text: "Customer C-1: Ada Lovelace, gold tier." });
    expect(receipt).toMatchObject({
      server: "crm",
      tool: "lookup",
      args_sha256: hashCanonical({ id: "C-1" }),
      result_bytes: 38,
      truncated: false,
    });
  });

  it("refuses arguments the tool's schema does not allow, before calling the server", async () => {
    const call = vi.fn<McpCall>();
    const lookup = mcpTool(
      toolFromMcp(server, listed.find((t) => t.name === "lookup") as McpToolInfo, readSettings, call),
    );
    expect(lookup.input.safeParse({ id: 42 }).success).toBe(false);
    expect(lookup.input.safeParse({}).success).toBe(false);
    await expect(lookup.execute({ id: 42 }, context())).rejects.toThrow(
      new ToolInputError(
        "Invalid arguments for crm__lookup: id: Invalid input: expected string, received number",
      ),
    );
    expect(call).not.toHaveBeenCalled();
  });

  it("prefers a write's structured content, and its receipt hashes arguments and result", async () => {
    const createNote = tool("create_note", { risk: "write", idempotent: false, timeoutMs: 2_000 });
    const args = { title: "Call back", body: "Tomorrow 10:00" };
    const { output, receipt } = await createNote.execute(args, context());
    expect(output).toEqual({ text: '{"id":"N-1","title":"Call back"}' });
    const result = {
      content: [{ type: "text", text: '{"id":"N-1","title":"Call back"}' }],
      structuredContent: { id: "N-1", title: "Call back" },
    };
    expect(receipt).toEqual({
      server: "crm",
      tool: "create_note",
      args_sha256: hashCanonical(args),
      result_sha256: hashCanonical(result),
      result_bytes: 32,
      truncated: false,
    });
  });

  it("ends a call that outlives its time-out with a readable error, long before the tool would finish", async () => {
    const sleep = tool("sleep", { ...readSettings, timeoutMs: 300 });
    const started = performance.now();
    const error = await sleep.execute({ ms: 10_000 }, context()).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(McpUnavailableError);
    expect((error as Error).message).toBe(
      `The MCP server at ${http.url} did not answer the call to sleep within 300 ms.`,
    );
  });

  it("ends an in-flight call promptly when the run's signal is aborted", async () => {
    const controller = new AbortController();
    const stop = new Error("the run was stopped");
    setTimeout(() => controller.abort(stop), 100);
    const started = performance.now();
    await expect(
      tool("sleep", { ...readSettings, timeoutMs: 10_000 }).execute(
        { ms: 10_000 },
        context(controller.signal),
      ),
    ).rejects.toBe(stop);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("caps a huge result and says so", async () => {
    const { output, receipt } = await tool("huge").execute({}, context());
    const text = (output as { text: string }).text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MCP_RESULT_CAP_BYTES);
    expect(text).toMatch(new RegExp(`\\n\\[truncated: \\d+ of ${HUGE_RESULT_BYTES} bytes shown\\]$`));
    expect(text.startsWith("xxxxxxxx")).toBe(true);
    expect(receipt).toMatchObject({ result_bytes: HUGE_RESULT_BYTES, truncated: true });
  });

  it("turns an error result into a ToolInputError with the server's message", async () => {
    await expect(tool("fail").execute({}, context())).rejects.toThrow(new ToolInputError(FAIL_MESSAGE));
  });

  it("lets the model read a server's refusal of the call itself", async () => {
    const other = await openMcpConnection({ transport: "http", url: paged.url }, local);
    try {
      const alpha = mcpTool(
        toolFromMcp(server, info({ type: "object" }, "alpha"), readSettings, other.callTool),
      );
      const error = await alpha.execute({}, context()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ToolInputError);
      expect((error as Error).message).toBe(
        `The MCP server at ${paged.url} refused the call to alpha: Method not found`,
      );
    } finally {
      await other.close();
    }
  });

  it("reports a tool whose input is not an object instead of dropping it", async () => {
    const other = await openMcpConnection({ transport: "http", url: paged.url }, local);
    try {
      const outcomes = (await other.listTools()).map((t) =>
        toolFromMcp(server, t, readSettings, other.callTool),
      );
      expect(outcomes.filter((o) => "tool" in o)).toHaveLength(4);
      expect(outcomes.flatMap((o) => ("problem" in o ? [o.problem] : []))).toEqual([
        'The tool "text_only" of crm cannot be offered: its input schema must have type "object" at the top, but has type "string".',
      ]);
    } finally {
      await other.close();
    }
  });

  it("reports schemas it cannot check, and names it cannot make safe", () => {
    const problem = (result: ReturnType<typeof toolFromMcp>) =>
      "problem" in result ? result.problem : undefined;
    expect(problem(toolFromMcp(server, info({}), readSettings, neverCalled))).toBe(
      'The tool "lookup" of crm cannot be offered: its input schema must have type "object" at the top, but has no type.',
    );
    expect(
      problem(
        toolFromMcp(
          server,
          info({ type: "object", properties: { a: { not: { type: "string" } } } }),
          readSettings,
          neverCalled,
        ),
      ),
    ).toBe(
      'The tool "lookup" of crm cannot be offered: its input schema cannot be checked: not is not supported in Zod (except { not: {} } for never)',
    );
    expect(
      problem(
        toolFromMcp(
          server,
          info({ type: "object", patternProperties: { "^x": {} } }),
          readSettings,
          neverCalled,
        ),
      ),
    ).toMatch(/uses patternProperties/);
    expect(
      problem(toolFromMcp(server, info({ type: "object" }, "x".repeat(60)), readSettings, neverCalled)),
    ).toBe(
      `The tool "${"x".repeat(60)}" of crm cannot be offered: its name cannot be made into a function name of at most 64 letters, digits, _ or -.`,
    );
  });

  it("leaves a schema's regular expressions to the server, so none runs in Flightdeck", () => {
    const evil = info({
      type: "object",
      properties: { code: { type: "string", pattern: "^(a+)+$" } },
      required: ["code"],
    });
    const checked = mcpTool(toolFromMcp(server, evil, readSettings, neverCalled));
    const started = performance.now();
    expect(checked.input.safeParse({ code: `${"a".repeat(40)}!` }).success).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
    expect(checked.input.safeParse({}).success).toBe(false);
    expect(checked.jsonSchema).toBe(evil.inputSchema);
  });

  it("describes a dry run's call without making it", () => {
    expect(previewMcpCall(server, "create_note", { title: "Call back" })).toEqual({
      output: 'Preview: would call create_note on crm with {"title":"Call back"}',
      receipt: {
        server: "crm",
        tool: "create_note",
        args_sha256: hashCanonical({ title: "Call back" }),
        preview: true,
      },
    });
  });
});
