import { z } from "zod";
import type { AnyTool } from "@/lib/tools/types";

type Property = { type?: string | string[]; enum?: unknown[]; description?: string };

/** The example a field's description gives (`e.g. "O-5001"`, `e.g. 18.5`, `such as "df -h"`), if any. */
function described(property: Property): unknown {
  const match = /(?:e\.g\.|such as)\s+(?:"([^"]*)"|(-?\d+(?:\.\d+)?))/.exec(property.description ?? "");
  if (!match) return undefined;
  return match[1] ?? Number(match[2]);
}

function exampleValue(name: string, property: Property): unknown {
  if (property.enum?.length) return property.enum[0];
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  const example = described(property);
  if (type === "number" || type === "integer") return typeof example === "number" ? example : 1;
  if (type === "boolean") return false;
  if (typeof example === "string") return example;
  if (name === "to") return "customer@example.com";
  return `<${name}>`;
}

/** Arguments that pass the tool's schema where its descriptions give examples: a start for "Test a call". */
export function exampleArgs(tool: AnyTool): Record<string, unknown> {
  const json = z.toJSONSchema(tool.input, { io: "input" }) as {
    properties?: Record<string, Property>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.fromEntries(
    Object.entries(json.properties ?? {})
      .filter(([name]) => required.has(name))
      .map(([name, property]) => [name, exampleValue(name, property)]),
  );
}
