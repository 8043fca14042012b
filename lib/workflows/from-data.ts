import { z } from "zod";
import { fill, refsIn, valueAt } from "./data-refs";
import type { WorkflowData, WorkflowDefinition, WorkflowNode } from "./types";

const id = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "ids are lower-case letters, digits and _");
const base = { id, label: z.string().max(100).optional() };
const json = z.unknown();
const call = z.object({ tool: z.string().min(1).max(100), args: z.record(z.string(), json) }).strict();

const dataNode = z.discriminatedUnion("kind", [
  z.object({ ...base, kind: z.literal("value"), value: json, next: id }).strict(),
  z
    .object({
      ...base,
      kind: z.literal("model"),
      instructions: z.string().min(1).max(20_000),
      prompt: z.string().min(1).max(20_000),
      schema: z.record(z.string(), json).describe("the answer's JSON Schema"),
      next: id,
    })
    .strict(),
  z.object({ ...base, kind: z.literal("tool"), ...call.shape, next: id }).strict(),
  z.object({ ...base, kind: z.literal("parallel"), calls: z.record(z.string(), call), next: id }).strict(),
  z
    .object({
      ...base,
      kind: z.literal("agent"),
      agent: z.string().min(1),
      goal: z.string().min(1),
      next: id,
    })
    .strict(),
  z.object({ ...base, kind: z.literal("approval"), question: z.string().min(3), next: id }).strict(),
  z
    .object({
      ...base,
      kind: z.literal("branch"),
      on: z.string().describe("the path whose value picks the case, e.g. out.classify.category"),
      cases: z.record(z.string(), id),
      default: id.optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal("loop"),
      body: id,
      max: z.number().int().min(1).max(1000),
      until: z.object({ path: z.string(), equals: json.optional(), atLeast: z.number().optional() }).strict(),
      next: id,
    })
    .strict(),
  z.object({ ...base, kind: z.literal("end"), answer: z.string().min(1) }).strict(),
]);

export const workflowDataSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, "a workflow's name is lower-case letters, digits and -"),
    description: z.string().max(1000).default(""),
    start: id,
    nodes: z.array(dataNode).min(1).max(200),
  })
  .strict();

/** A workflow as JSON, before it is checked. */
export type WorkflowJson = z.input<typeof workflowDataSchema>;
type DataNode = z.output<typeof dataNode>;

/**
 * A workflow written as data (JSON): the same graph as one in code, with `{{input}}` and
 * `{{out.<node>.<field>}}` in place of functions. Refused with every problem named: a shape that
 * does not parse, a reference to a node that does not exist, a schema that is not JSON Schema.
 */
export function workflowFromData(input: unknown): WorkflowDefinition {
  const parsed = workflowDataSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(
      `The workflow is not valid: ${parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`,
    );
  const ids = new Set(parsed.data.nodes.map((n) => n.id));
  const unknown = parsed.data.nodes
    .flatMap((n) => refsIn(n).concat(n.kind === "branch" ? [n.on] : n.kind === "loop" ? [n.until.path] : []))
    .filter((path) => path !== "input" && !(path.startsWith("out.") && ids.has(path.split(".")[1] ?? "")));
  if (unknown.length > 0)
    throw new Error(`The workflow refers to what it does not have: ${[...new Set(unknown)].join(", ")}.`);
  return { ...parsed.data, nodes: parsed.data.nodes.map(toNode) };
}

const text = (template: string) => (d: WorkflowData) => String(fill(template, d));
const args = (template: Record<string, unknown>) => (d: WorkflowData) =>
  fill(template, d) as Record<string, unknown>;

function toNode(node: DataNode): WorkflowNode {
  const { id, label } = node;
  switch (node.kind) {
    case "value":
      return { id, label, kind: "function", run: (d) => fill(node.value, d), next: node.next };
    case "model":
      return {
        id,
        label,
        kind: "model",
        instructions: node.instructions,
        prompt: text(node.prompt),
        schema: schemaOf(id, node.schema),
        next: node.next,
      };
    case "tool":
      return { id, label, kind: "tool", call: { tool: node.tool, args: args(node.args) }, next: node.next };
    case "parallel":
      return {
        id,
        label,
        kind: "parallel",
        calls: Object.fromEntries(
          Object.entries(node.calls).map(([key, c]) => [key, { tool: c.tool, args: args(c.args) }]),
        ),
        next: node.next,
      };
    case "agent":
      return { id, label, kind: "agent", agent: node.agent, goal: text(node.goal), next: node.next };
    case "approval":
      return { id, label, kind: "approval", question: text(node.question), next: node.next };
    case "branch":
      return branchNode(node);
    case "loop":
      return {
        id,
        label,
        kind: "loop",
        body: node.body,
        max: node.max,
        until: (d) => holds(node.until, d),
        next: node.next,
      };
    case "end":
      return { id, label, kind: "end", answer: text(node.answer) };
  }
}

const DEFAULT_CASE = "(default)";

function branchNode(node: Extract<DataNode, { kind: "branch" }>): WorkflowNode {
  const cases = node.default ? { ...node.cases, [DEFAULT_CASE]: node.default } : node.cases;
  return {
    id: node.id,
    label: node.label,
    kind: "branch",
    choose: (d) => {
      const value = valueAt(d, node.on);
      const key = typeof value === "string" ? value : JSON.stringify(value ?? null);
      return key in node.cases || !node.default ? key : DEFAULT_CASE;
    },
    cases,
  };
}

function holds(until: { path: string; equals?: unknown; atLeast?: number }, d: WorkflowData): boolean {
  const value = valueAt(d, until.path);
  if (until.atLeast !== undefined && !(typeof value === "number" && value >= until.atLeast)) return false;
  if ("equals" in until && JSON.stringify(value) !== JSON.stringify(until.equals)) return false;
  return true;
}

function schemaOf(node: string, schema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new Error(
      `Node "${node}": its schema is not JSON Schema zod can read (${(error as Error).message}).`,
    );
  }
}
