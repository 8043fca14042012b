"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { AppError } from "@/lib/errors";
import { formText } from "@/lib/http/form-input";
import { type ActionResult, runAction } from "@/lib/http/server-action";
import { updateMcpToolSettings } from "@/lib/mcp-servers/catalog";
import { refreshMcpTools } from "@/lib/mcp-servers/refresh";
import { deleteMcpServer, registerMcpServer } from "@/lib/mcp-servers/servers";
import { requireActor } from "@/lib/sign-in/session";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";

// Arguments come from the browser: anything at all may arrive, so each is checked here.
const serverIdInput = z.string({ error: "Name the MCP server by its id." }).max(100);
const MAX_FIELD_CHARS = 20_000;

/** What a refresh or registration found, as the page reports it. */
export type RefreshReport = { server: string; tools: number; problems: string[]; lastError: string | null };

function fieldText(form: unknown, name: string): string {
  const text = formText(form, name);
  if (text.length > MAX_FIELD_CHARS)
    throw new AppError("invalid_input", `${name}: at most ${MAX_FIELD_CHARS} characters.`, { field: name });
  return text;
}

/** `Name: value`, one a line; blank lines are skipped. */
function parseHeaders(text: string): Record<string, string> | undefined {
  const headers: [string, string][] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0)
      throw new AppError(
        "invalid_input",
        `headers: line ${index + 1} is not "Name: value" (e.g. Authorization: Bearer …).`,
        { field: "headers" },
      );
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return headers.length > 0 ? Object.fromEntries(headers) : undefined;
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

/** Registers an MCP server from the Tools page's form and lists its tools. */
export async function registerMcpServerAction(
  _previous: unknown,
  form: FormData,
): Promise<ActionResult<RefreshReport>> {
  const result = await runAction(async () => {
    const actor = await requireActor("tools:manage");
    const transport = formText(form, "transport");
    const name = fieldText(form, "name");
    const input =
      transport === "stdio"
        ? {
            name,
            transport: "stdio" as const,
            command: fieldText(form, "command").trim(),
            args: lines(fieldText(form, "args")),
          }
        : {
            name,
            transport: "http" as const,
            url: fieldText(form, "url").trim(),
            headers: parseHeaders(fieldText(form, "headers")),
          };
    // registerMcpServer checks the scope again and validates with registerMcpServerSchema.
    const { server, refresh } = await registerMcpServer(getDb(), actor, input);
    forgetTenantTools(actor.tenantId);
    return {
      server: server.name,
      tools: refresh.tools,
      problems: refresh.problems,
      lastError: refresh.lastError,
    };
  });
  if (result.ok) revalidatePath("/tools");
  return result;
}

/** Lists a server's tools again. */
export async function refreshMcpServerAction(serverId: string): Promise<ActionResult<RefreshReport>> {
  const result = await runAction(async () => {
    const actor = await requireActor("tools:manage");
    const refresh = await refreshMcpTools(getDb(), actor, serverIdInput.parse(serverId));
    forgetTenantTools(actor.tenantId);
    return { server: "", tools: refresh.tools, problems: refresh.problems, lastError: refresh.lastError };
  });
  if (result.ok) revalidatePath("/tools");
  return result;
}

/** Removes a server and its tools; `usedBy` names the agents that still list its tools. */
export async function deleteMcpServerAction(
  serverId: string,
): Promise<ActionResult<{ name: string; usedBy: string[] }>> {
  const result = await runAction(async () => {
    const actor = await requireActor("tools:manage");
    const removed = await deleteMcpServer(getDb(), actor, serverIdInput.parse(serverId));
    forgetTenantTools(actor.tenantId);
    return { name: removed.name, usedBy: removed.usedBy };
  });
  if (result.ok) {
    revalidatePath("/tools");
    revalidatePath("/agents");
  }
  return result;
}

const SECONDS = /^\d{1,6}(\.\d{1,3})?$/;

/** Saves one MCP tool's risk, idempotence and time-out from its row's inline form. */
export async function updateMcpToolSettingsAction(
  _previous: unknown,
  form: FormData,
): Promise<ActionResult<{ tool: string; changed: string[] }>> {
  const result = await runAction(async () => {
    const actor = await requireActor("tools:manage");
    const tool = z.string({ error: "Name the tool." }).min(1).max(600).parse(formText(form, "tool"));
    const seconds = formText(form, "timeoutSeconds").trim();
    if (!SECONDS.test(seconds))
      throw new AppError("invalid_input", "timeoutMs: give the time-out in seconds, e.g. 30.", {
        field: "timeoutMs",
      });
    const { changed } = await updateMcpToolSettings(getDb(), actor, tool, {
      risk: formText(form, "risk") as "read",
      idempotent: formText(form, "idempotent") === "on",
      timeoutMs: Math.round(Number(seconds) * 1000),
    });
    forgetTenantTools(actor.tenantId);
    return { tool, changed };
  });
  if (result.ok) {
    revalidatePath("/tools");
    revalidatePath("/agents");
  }
  return result;
}
