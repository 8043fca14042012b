import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { agents, type DeclaredTool, declaredTools } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record-audit";
import { type Actor, assertScope } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { builtInTool } from "./built-in-tools";
import { toolFromDeclaration } from "./declared-tool";
import { forgetTenantTools } from "./tenant-tools";
import { RISK_CLASSES } from "./types";

export const declareToolSchema = z
  .object({
    name: z
      .string()
      .trim()
      .regex(
        /^[a-z][a-z0-9_]{0,62}[a-z0-9]$/,
        "A tool name is 2–64 lower-case letters, digits and _, starting with a letter (e.g. crm_update_tier).",
      )
      .refine((name) => !name.includes("__"), "__ is kept for MCP tools (server__tool): use a single _."),
    description: z.string().trim().min(3, "Say what the tool does: the model reads it.").max(4_000),
    input_schema: z.record(z.string(), z.unknown()),
    risk: z.enum(RISK_CLASSES, { error: 'risk is "read", "write" or "irreversible".' }),
    idempotent: z.boolean().optional(),
    /** What policy decides the call on: an entity type and the argument that names it. */
    resource: z
      .object({
        type: z
          .string()
          .trim()
          .regex(/^[A-Z][A-Za-z0-9]{0,63}$/, "A resource type is a Cedar type name, e.g. Customer.")
          .refine((type) => type !== "Agent", "Agent is the principal's type, not a resource's."),
        arg: z.string().trim().min(1).max(64),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Declares a tool in the tenant's catalog, or replaces its declaration (admins; audited). Its schema
 * must be one Flightdeck can check, and its name free: no built-in tool has it.
 */
export async function declareTool(
  db: Db,
  actor: Actor,
  input: z.input<typeof declareToolSchema>,
): Promise<{ tool: DeclaredTool; replaced: boolean }> {
  assertScope(actor, "tools:manage");
  const parsed = declareToolSchema.parse(input);
  if (builtInTool(parsed.name))
    throw new AppError("conflict", `${parsed.name} is a built-in tool: choose another name.`, {
      field: "name",
    });
  const values = {
    tenantId: actor.tenantId,
    name: parsed.name,
    description: parsed.description,
    inputSchema: parsed.input_schema,
    risk: parsed.risk,
    idempotent: parsed.idempotent ?? false,
    resourceType: parsed.resource?.type ?? null,
    resourceArg: parsed.resource?.arg ?? null,
    createdBy: actor.label,
  };
  const checked = toolFromDeclaration({ ...values, createdAt: new Date(), updatedAt: new Date() });
  if ("problem" in checked) throw new AppError("invalid_input", checked.problem, { field: "input_schema" });
  const properties = (parsed.input_schema.properties ?? {}) as Record<string, unknown>;
  if (parsed.resource && !Object.hasOwn(properties, parsed.resource.arg))
    throw new AppError(
      "invalid_input",
      `The resource's argument ${parsed.resource.arg} is not a property of the input schema.`,
      { field: "resource.arg" },
    );
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(declaredTools)
      .values(values)
      .onConflictDoUpdate({
        target: [declaredTools.tenantId, declaredTools.name],
        set: { ...values, createdBy: sql`${declaredTools.createdBy}`, updatedAt: sql`now()` },
      })
      .returning();
    const inserted = row !== undefined && row.createdAt.getTime() === row.updatedAt.getTime();
    if (!row) throw new AppError("internal", "The tool was not declared.");
    await recordAudit(tx, actor, {
      action: inserted ? "tool.declared" : "tool.redeclared",
      targetType: "tool",
      targetId: parsed.name,
      details: { risk: parsed.risk, idempotent: values.idempotent, resource: parsed.resource ?? null },
    });
    return { tool: row, replaced: !inserted };
  });
  forgetTenantTools(actor.tenantId);
  return result;
}

/** Removes a declaration (admins; audited); the answer names the agents that still list the tool. */
export async function removeDeclaredTool(
  db: Db,
  actor: Actor,
  name: string,
): Promise<{ name: string; stillGivenTo: string[] }> {
  assertScope(actor, "tools:manage");
  const removed = await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(declaredTools)
      .where(and(eq(declaredTools.tenantId, actor.tenantId), eq(declaredTools.name, name)))
      .returning({ name: declaredTools.name });
    if (!row) throw new AppError("not_found", "No declared tool with that name in this tenant.");
    await recordAudit(tx, actor, { action: "tool.undeclared", targetType: "tool", targetId: name });
    return row;
  });
  forgetTenantTools(actor.tenantId);
  const users = await db
    .select({ name: agents.name })
    .from(agents)
    .where(
      and(eq(agents.tenantId, actor.tenantId), sql`${agents.tools} @> ${JSON.stringify([name])}::jsonb`),
    );
  return { name: removed.name, stillGivenTo: users.map((agent) => agent.name) };
}
