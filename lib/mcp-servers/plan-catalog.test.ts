import { describe, expect, it } from "vitest";
import type { McpToolInfo } from "@/lib/tools/mcp/tool-list";
import { type CatalogContext, planCatalog } from "./refresh";

const object = { type: "object", properties: { id: { type: "string" } } };
const info = (name: string, inputSchema: Record<string, unknown> = object): McpToolInfo => ({
  name,
  description: `The ${name} tool.`,
  inputSchema,
});
const none: CatalogContext = { holders: new Map(), takenElsewhere: new Set(), builtIn: new Set() };
const server = { name: "crm" };

describe("planning a server's catalog entries", () => {
  it("names each tool <server>__<tool> and keeps its schema and description", () => {
    const { tools, problems } = planCatalog(server, [info("lookup")], none);
    expect(problems).toEqual([]);
    expect(tools).toEqual([
      {
        remoteName: "lookup",
        name: "crm__lookup",
        description: "The lookup tool.",
        inputSchema: object,
        problem: null,
      },
    ]);
  });

  it("never takes a built-in tool's name or another server's: the tool keeps a problem instead", () => {
    const { tools, problems } = planCatalog(server, [info("lookup"), info("notes")], {
      ...none,
      builtIn: new Set(["crm__lookup"]),
      takenElsewhere: new Set(["crm__notes"]),
    });
    expect(tools.map((t) => [t.name, t.problem])).toEqual([
      [null, 'The tool "lookup" of crm cannot be offered: its name crm__lookup is a built-in tool\'s.'],
      [
        null,
        'The tool "notes" of crm cannot be offered: its name crm__notes is taken by a tool of another MCP server of this tenant.',
      ],
    ]);
    expect(problems).toHaveLength(2);
  });

  it("gives a name two tools map to the first listed, or to the tool that held it", () => {
    const mangled = planCatalog(server, [info("get.user")], none).tools[0]?.name ?? "";
    expect(mangled).toMatch(/^crm__get_user_[0-9a-f]{6}$/);
    const literal = mangled.slice("crm__".length);
    const first = planCatalog(server, [info("get.user"), info(literal)], none);
    expect(first.tools.map((t) => t.name)).toEqual([mangled, null]);
    expect(first.tools[1]?.problem).toBe(
      `The tool "${literal}" of crm cannot be offered: its name ${mangled} is taken by the tool "get.user" of the same server.`,
    );
    const held = planCatalog(server, [info("get.user"), info(literal)], {
      ...none,
      holders: new Map([[literal, mangled]]),
    });
    expect(held.tools.map((t) => t.name)).toEqual([null, mangled]);
    // A tool that cannot be offered anyway never keeps a usable one from its name.
    const broken = planCatalog(
      server,
      [{ ...info("get.user"), inputSchema: { type: "string" } }, info(literal)],
      none,
    );
    expect(broken.tools.map((t) => t.name)).toEqual([null, mangled]);
    expect(broken.tools[0]?.problem).toMatch(/must have type "object"/);
  });

  it("keeps a tool it cannot offer with its problem, and leaves out duplicates and unstorable names", () => {
    const { tools, problems } = planCatalog(
      server,
      [
        info("text_only", { type: "string" }),
        info("lookup"),
        info("lookup"),
        info("bad\u0000name"),
        { name: "odd", description: "Has a NUL\u0000 and a lone \ud800 half.", inputSchema: object },
        info("nul_schema", { type: "object", properties: { "a\u0000": { type: "string" } } }),
      ],
      none,
    );
    expect(tools.map((t) => t.remoteName)).toEqual(["text_only", "lookup", "odd", "nul_schema"]);
    expect(tools[0]).toMatchObject({ name: "crm__text_only", inputSchema: {} });
    expect(tools[0]?.problem).toMatch(/must have type "object"/);
    expect(tools[2]?.description).toBe("Has a NUL and a lone \ufffd half.");
    expect(tools[3]).toMatchObject({ inputSchema: {}, problem: expect.stringMatching(/cannot be stored/) });
    expect(problems).toEqual([
      expect.stringMatching(/text_only/),
      'The tool "lookup" of crm is listed more than once: only the first is kept.',
      expect.stringMatching(/was left out: its name/),
      expect.stringMatching(/nul_schema/),
    ]);
  });
});
