import { policySchema } from "@/lib/policy/schema";
import type { AnyTool } from "@/lib/tools/types";

export type ContextField = { name: string; type: string };
/** What a policy can read about one tool's calls: `context.args.*`, `context.facts.*`, and its resource. */
export type ToolFields = { tool: string; resourceType: string; args: ContextField[]; facts: ContextField[] };

type CedarAttr = { type: string; name?: string; element?: { type: string } };
type Attributes = Record<string, CedarAttr>;
type Action = {
  appliesTo: {
    resourceTypes: string[];
    context: { attributes: { args: { attributes: Attributes }; facts: { attributes: Attributes } } };
  };
};

const typeName = (attr: CedarAttr): string =>
  attr.type === "Extension"
    ? (attr.name ?? "extension")
    : attr.type === "Set"
      ? `Set<${attr.element?.type ?? "?"}>`
      : attr.type;

const fields = (attributes: Attributes): ContextField[] =>
  Object.entries(attributes).map(([name, attr]) => ({ name, type: typeName(attr) }));

/** Read from the Cedar schema policies are validated against, so the page never drifts from it. */
export function toolFields(tools: AnyTool[]): ToolFields[] {
  const actions = (policySchema(tools)[""]?.actions ?? {}) as unknown as Record<string, Action>;
  return Object.entries(actions).map(([tool, action]) => ({
    tool,
    resourceType: action.appliesTo.resourceTypes[0] ?? "",
    args: fields(action.appliesTo.context.attributes.args.attributes),
    facts: fields(action.appliesTo.context.attributes.facts.attributes),
  }));
}
