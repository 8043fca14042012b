import { z } from "zod";
import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/http/api-route";
import { snakeCase, snakeCaseBody } from "@/lib/http/naming";
import { updateMcpToolSettings } from "@/lib/mcp-servers/catalog";
import { mcpToolSettingsSchema } from "@/lib/mcp-servers/schemas";
import { removeDeclaredTool } from "@/lib/tools/declared";
import { forgetTenantTools } from "@/lib/tools/tenant-tools";
import { toolJson, toToolJson } from "../tool-json";

type Params = { name: string };

/** Sets an MCP tool's risk, idempotence or time-out; `changed` lists the settings that changed. */
const settingsBody = snakeCaseBody(mcpToolSettingsSchema);

export const PATCH = apiRoute<Params, typeof settingsBody>(
  {
    scope: "tools:manage",
    body: settingsBody,
    responses: { 200: toolJson.extend({ changed: z.array(z.string()) }) },
  },
  async ({ actor, body, params }) => {
    const { tool, changed } = await updateMcpToolSettings(getDb(), actor, params.name, body);
    forgetTenantTools(actor.tenantId);
    return { ...toToolJson(tool), changed: changed.map(snakeCase) };
  },
);

/** Removes a declared tool; `still_given_to` names the agents that still list it. */
const removed = z.object({ name: z.string(), removed: z.boolean(), still_given_to: z.array(z.string()) });

export const DELETE = apiRoute<Params>(
  { scope: "tools:manage", responses: { 200: removed } },
  async ({ actor, params }) => {
    const { name, stillGivenTo } = await removeDeclaredTool(getDb(), actor, params.name);
    return { name, removed: true, still_given_to: stillGivenTo };
  },
);
