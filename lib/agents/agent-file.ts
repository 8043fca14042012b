import { parse, stringify } from "yaml";
import { z } from "zod";
import { type Agent, DEFAULT_CONTEXT_STRATEGY } from "@/db/schema";
import { attachment } from "@/lib/http/attachment";
import { acceptCamelCase, snakeCase, snakeCaseBody } from "@/lib/http/naming";
import { agentName } from "./create-agent";
import { agentFieldsSchema } from "./definition-schema";
import { definitionOf } from "./versions";

export const AGENT_FILE_KIND = "flightdeck/agent";

/** An agent file: its kind, its name and the agent's fields, as the agents API takes them. */
const agentFileFields = agentFieldsSchema.extend({
  kind: z.literal(AGENT_FILE_KIND, { error: `kind must be "${AGENT_FILE_KIND}".` }),
  name: agentName,
  // Files exported before agents had a router model leave it out: they had none.
  routerModel: agentFieldsSchema.shape.routerModel.default(null),
  // Files exported before agents had a context strategy leave it out: they had the default.
  contextStrategy: agentFieldsSchema.shape.contextStrategy.default(DEFAULT_CONTEXT_STRATEGY),
  // Files exported before agents could follow a workflow leave it out: they followed none.
  workflow: agentFieldsSchema.shape.workflow.default(null),
});
export const agentFileSchema = snakeCaseBody(agentFileFields);
export type AgentFile = z.output<typeof agentFileFields>;

export function toAgentFile(agent: Agent): z.input<typeof agentFileSchema> {
  const fields = { kind: AGENT_FILE_KIND, name: agent.name, ...definitionOf(agent) };
  return Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [snakeCase(name), value]),
  ) as z.input<typeof agentFileSchema>;
}

/** A file's data as the schema reads it: the camelCase names of older files renamed. */
export const agentFileData = (data: unknown): unknown => acceptCamelCase(data, agentFileSchema).body;

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
      // An observed agent's name is its service's, any text.
      "content-disposition": attachment(`${agent.name}.agent.${chosen}`),
    },
  });
}
