import type { ToolFields } from "./policy-fields";

const PROVENANCE = [
  ["operator", "typed by a person: the run's goal"],
  ["tool", "returned by a tool the agent called"],
  ["untrusted", "first seen in untrusted text: a ticket body, a web page"],
  ["model", "made up by the model, found nowhere else"],
  ["none", "the argument was not given"],
] as const;

/** How a call is decided, and what a policy can read about it (from the schema it is validated against). */
export function PolicyExplainer({ tools }: { tools: ToolFields[] }) {
  return (
    <aside className="card policy-explainer" aria-labelledby="explainer-title">
      <h2 id="explainer-title">How policy decides</h2>
      <div className="policy-explainer-body">
        <div>
          <p>Every tool call is checked before it runs, and ends in one of three outcomes:</p>
          <ul className="policy-outcomes">
            <li>
              <span className="badge decision-allow">allow</span> some <code>permit</code> matches and no{" "}
              <code>forbid</code> does.
            </li>
            <li>
              <span className="badge decision-approval">approval</span> the only matching <code>forbid</code>s
              are annotated <code>@approval(&quot;why&quot;)</code>: a person decides, within{" "}
              <code>@expires_minutes(&quot;N&quot;)</code> if set.
            </li>
            <li>
              <span className="badge decision-deny">deny</span> any other <code>forbid</code> matches, or no{" "}
              <code>permit</code> does.
            </li>
          </ul>
        </div>
        <div>
          <h3 className="policy-subtitle">What a policy can read</h3>
          <dl className="policy-context">
            <dt>
              <code>principal</code>, <code>action</code>, <code>resource</code>
            </dt>
            <dd>
              <code>Agent::&quot;name&quot;</code>, <code>Action::&quot;tool&quot;</code>, and what the call
              acts on.
            </dd>
            <dt>
              <code>context.args.*</code>
            </dt>
            <dd>The call&apos;s arguments; amounts are decimals.</dd>
            <dt>
              <code>context.provenance.*</code>
            </dt>
            <dd>
              Where each argument&apos;s value came from:
              <ul className="policy-provenance">
                {PROVENANCE.map(([value, meaning]) => (
                  <li key={value}>
                    <code>&quot;{value}&quot;</code> {meaning}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>
              <code>context.facts.*</code>
            </dt>
            <dd>What Flightdeck looks up about the call, per tool (below).</dd>
            <dt>
              <code>context.risk</code>, <code>context.hour_utc</code>
            </dt>
            <dd>
              The tool&apos;s risk class (read, write, irreversible) and the hour of the day in UTC (0–23).
            </dd>
          </dl>
        </div>
        <div>
          <h3 className="policy-subtitle">Fields per tool</h3>
          {tools.map((tool) => (
            <details key={tool.tool} className="policy-tool-fields">
              <summary>
                <code>{tool.tool}</code> <span className="muted">on {tool.resourceType}</span>
              </summary>
              <FieldList title="args" fields={tool.args} />
              <FieldList title="facts" fields={tool.facts} />
            </details>
          ))}
        </div>
      </div>
    </aside>
  );
}

function FieldList({ title, fields }: { title: string; fields: ToolFields["args"] }) {
  if (fields.length === 0) return null;
  return (
    <ul className="policy-fields" aria-label={title}>
      {fields.map((f) => (
        <li key={f.name}>
          <code>
            {title}.{f.name}
          </code>{" "}
          <span className="muted">{f.type}</span>
        </li>
      ))}
    </ul>
  );
}
