import type { Agent } from "@/db/schema";
import type { ToolOption } from "@/lib/agents/tool-options";
import { RiskBadge } from "./tool-risk";

type Props = { agent: Agent; tools: ToolOption[]; role: string };

/** The read-only definition, for roles that may read agents but not change them. */
export function AgentDefinition({ agent, tools, role }: Props) {
  return (
    <section className="card" aria-labelledby="definition-title">
      <h2 id="definition-title">Definition</h2>
      <p className="alert alert-warn">Only admins can edit agents; your role here is {role}.</p>
      <h3 className="run-section-title">Description</h3>
      <p>{agent.description || <span className="muted">No description.</span>}</p>
      <h3 className="run-section-title">Instructions</h3>
      <pre className="agent-instructions">{agent.instructions}</pre>
      <h3 className="run-section-title">Tools</h3>
      <ul className="tool-options" aria-label="Tools">
        {tools.map((tool) => (
          <li key={tool.name} className="tool-option">
            <span className="tool-option-head">
              <span className="mono tool-option-name">{tool.name}</span>
              <RiskBadge name={tool.name} risk={tool.risk} />
            </span>
            <span className="hint">{tool.description}</span>
          </li>
        ))}
      </ul>
      <h3 className="run-section-title">Evidence of success</h3>
      <p>
        {agent.requiredEvidence.length > 0 ? (
          <>
            A run succeeds only with a receipt of{" "}
            {agent.requiredEvidence.map((name, i) => (
              <span key={name}>
                {i > 0 && " and "}
                <span className="mono">{name}</span>
              </span>
            ))}
            .
          </>
        ) : (
          <span className="muted">None required beyond what its answer claims.</span>
        )}
      </p>
    </section>
  );
}
