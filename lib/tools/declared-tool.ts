import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { type DeclaredTool, declaredTools } from "@/db/schema";
import { inputFromJsonSchema } from "./mcp/input-schema";
import { toolAsTarget } from "./policy-target";
import { type AnyTool, ToolInputError } from "./types";

/** How long an agent that runs elsewhere may take over a declared tool's call: the gate does not time it. */
const DECLARED_TIMEOUT_MS = 60_000;

/** A declared tool as the catalog holds it: validated, decided and receipted; never executed here. */
export function toolFromDeclaration(row: DeclaredTool): { tool: AnyTool } | { problem: string } {
  const converted = inputFromJsonSchema(row.inputSchema);
  if ("problem" in converted) return { problem: `${row.name} cannot be offered: ${converted.problem}` };
  const { resourceType, resourceArg } = row;
  return {
    tool: {
      name: row.name,
      version: 1,
      description: row.description,
      input: converted.input,
      policy:
        resourceType && resourceArg
          ? { resourceType, facts: {}, resourceId: (args) => String(args[resourceArg] ?? "") }
          : toolAsTarget(row.name),
      risk: () => row.risk,
      timeoutMs: DECLARED_TIMEOUT_MS,
      idempotent: row.idempotent,
      source: { kind: "declared" },
      execute: async () => {
        throw new ToolInputError(
          `${row.name} runs outside Flightdeck: only an agent that asks the gate before its calls can use it.`,
        );
      },
    },
  };
}

/** The tenant's declared tools, by name. */
export function loadDeclaredTools(db: DbOrTx, tenantId: string): Promise<DeclaredTool[]> {
  return db
    .select()
    .from(declaredTools)
    .where(eq(declaredTools.tenantId, tenantId))
    .orderBy(asc(declaredTools.name));
}
