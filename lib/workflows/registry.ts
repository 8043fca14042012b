import { refundWorkflow } from "./refund";
import type { WorkflowDefinition } from "./types";
import { checkWorkflow } from "./validate";

const workflows = new Map<string, WorkflowDefinition>();

/** Adds a workflow agents can name; its graph is checked first, so a broken one never starts a run. */
export function registerWorkflow(definition: WorkflowDefinition): void {
  const problems = checkWorkflow(definition);
  if (problems.length > 0) throw new Error(`Workflow "${definition.name}": ${problems.join("; ")}`);
  workflows.set(definition.name, definition);
}

export function workflowNamed(name: string): WorkflowDefinition | undefined {
  return workflows.get(name);
}

registerWorkflow(refundWorkflow);

/** The names agents can give, in order. */
export function workflowNames(): string[] {
  return [...workflows.keys()].sort();
}
