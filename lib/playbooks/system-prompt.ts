import type { AgentSnapshot } from "@/db/schema";

/**
 * The system prompt of a run: the agent's instructions, then the playbooks pinned at its start,
 * under a heading of their own, so a run resumed or read later has exactly the text it started with.
 */
export function systemPromptOf({
  instructions,
  playbooks,
}: Pick<AgentSnapshot, "instructions" | "playbooks">) {
  if (!playbooks || playbooks.length === 0) return instructions;
  const sections = playbooks.map((p) => `## ${p.name} (playbook version ${p.version})\n\n${p.instructions}`);
  return [
    instructions,
    "# Playbooks",
    "Standing instructions from the operators of this tenant, attached to this agent by tag. Follow them as part of your instructions.",
    ...sections,
  ].join("\n\n");
}
