import { parse, stringify } from "yaml";
import { z } from "zod";
import { type Agent, DEFAULT_CONTEXT_STRATEGY } from "@/db/schema";
import { agentName } from "./create-agent";
import { agentFieldsSchema } from "./definition-schema";
import { definitionOf } from "./versions";

export const AGENT_FILE_KIND = "flightdeck/agent";

/**
 * An agent as a file a team keeps in git: its name and its whole definition, in the same field
 * names the API uses. Every field is required, so a file says everything the agent is (but the
 * router model and the context strategy, which files older than them leave out).
 */
export const agentFileSchema = agentFieldsSchema.extend({
  kind: z.literal(AGENT_FILE_KIND, { error: `kind must be "${AGENT_FILE_KIND}".` }),
  name: agentName,
  // Files exported before agents had a router model leave it out: they had none.
  routerModel: agentFieldsSchema.shape.routerModel.default(null),
  // Files exported before agents had a context strategy leave it out: they had the default.
  contextStrategy: agentFieldsSchema.shape.contextStrategy.default(DEFAULT_CONTEXT_STRATEGY),
});
export type AgentFile = z.output<typeof agentFileSchema>;

export function toAgentFile(agent: Agent): z.input<typeof agentFileSchema> {
  return { kind: AGENT_FILE_KIND, name: agent.name, ...definitionOf(agent) };
}

export const agentFileText = (agent: Agent, format: "yaml" | "json"): string =>
  format === "json"
    ? `${JSON.stringify(toAgentFile(agent), null, 2)}\n`
    : stringify(toAgentFile(agent), { lineWidth: 0 });

/** A file's text as data: YAML (JSON is YAML too); null when it is neither. */
export function readAgentFileText(text: string): { ok: true; data: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, data: parse(text, { maxAliasCount: 0 }) };
  } catch (error) {
    return {
      ok: false,
      error: `not YAML or JSON (${error instanceof Error ? error.message.split("\n")[0] : "unreadable"})`,
    };
  }
}

/** The file as a download: YAML, or JSON when asked. */
export function agentFileResponse(agent: Agent, format: string | null): Response {
  const chosen = format === "json" ? "json" : "yaml";
  return new Response(agentFileText(agent, chosen), {
    headers: {
      "content-type":
        chosen === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8",
      // Agent names are letters, digits, '.', '_' and '-': safe in a header.
      "content-disposition": `attachment; filename="${agent.name}.agent.${chosen}"`,
    },
  });
}
