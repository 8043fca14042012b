import type { SchemaJson } from "@cedar-policy/cedar-wasm/nodejs";
import { z } from "zod";
import type { FactType } from "@/lib/tools/policy-target";
import { builtInTools } from "@/lib/tools/registry";
import type { AnyTool } from "@/lib/tools/types";

type CedarType = SchemaJson<string>[string]["actions"][string] extends { appliesTo?: { context?: infer C } }
  ? C
  : never;

const factType = (t: FactType): CedarType =>
  t === "Set<String>" ? { type: "Set", element: { type: "String" } } : { type: t };

/**
 * The Cedar schema of a tool catalog: principal `Agent`, one action per tool, the tool's resource
 * type, and a context of its arguments (money as `decimal`), their provenance, facts, the call's
 * risk and the UTC hour. Policies are validated against it, so a typo in a field name is refused
 * at save time rather than silently never matching.
 */
export function policySchema(tools: AnyTool[] = builtInTools): SchemaJson<string> {
  const entityTypes: Record<string, object> = { Agent: {} };
  const actions: Record<string, object> = {};
  for (const tool of tools) {
    const target = tool.policy;
    entityTypes[target.resourceType] = {};
    const args = argumentTypes(tool);
    actions[tool.name] = {
      appliesTo: {
        principalTypes: ["Agent"],
        resourceTypes: [target.resourceType],
        context: {
          type: "Record",
          attributes: {
            args: { type: "Record", attributes: args },
            provenance: {
              type: "Record",
              attributes: Object.fromEntries(Object.keys(args).map((name) => [name, { type: "String" }])),
            },
            facts: {
              type: "Record",
              attributes: Object.fromEntries(
                Object.entries(target.facts).map(([name, t]) => [name, factType(t)]),
              ),
            },
            risk: { type: "String" },
            hour_utc: { type: "Long" },
          },
        },
      },
    };
  }
  return { "": { entityTypes, actions } } as SchemaJson<string>;
}

type JsonProperty = { type?: string | string[]; enum?: unknown[] };

// By the tool itself: two tenants may each have a tool of one name with different arguments.
const argumentTypesCache = new WeakMap<AnyTool, Record<string, object>>();

function argumentTypes(tool: AnyTool): Record<string, object> {
  const cached = argumentTypesCache.get(tool);
  if (cached) return cached;
  const json = z.toJSONSchema(tool.input, { io: "input" }) as {
    properties?: Record<string, JsonProperty>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  const out: Record<string, object> = {};
  for (const [name, property] of Object.entries(json.properties ?? {})) {
    const type = cedarTypeOf(property);
    if (type) out[name] = { ...type, required: required.has(name) };
  }
  argumentTypesCache.set(tool, out);
  return out;
}

/** Numbers are `decimal` (Cedar has no floats), so `amount_usd.greaterThan(decimal("50"))` reads naturally. */
function cedarTypeOf(property: JsonProperty): object | null {
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (type === "string" || property.enum) return { type: "String" };
  if (type === "integer") return { type: "Long" };
  if (type === "number") return { type: "Extension", name: "decimal" };
  if (type === "boolean") return { type: "Boolean" };
  return null;
}

export const argumentNames = (tool: AnyTool): string[] => Object.keys(argumentTypes(tool));

/** Argument values as Cedar JSON: numbers of a `decimal` field become decimal extension values. */
export function cedarArgs(tool: AnyTool, args: Record<string, unknown>): Record<string, unknown> {
  const types = argumentTypes(tool) as Record<string, { type: string; name?: string }>;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    const type = types[name];
    if (!type || value === undefined || value === null) continue;
    out[name] =
      type.type === "Extension" && typeof value === "number"
        ? { __extn: { fn: "decimal", arg: value.toFixed(4) } }
        : value;
  }
  return out;
}
