import type { ToolOption } from "@/lib/agents/tool-options";
import { FieldMessage } from "./field-message";
import { RiskBadge } from "./tool-risk";

type Props = { options: ToolOption[]; selected: string[]; error?: string };

export function ToolCheckboxes({ options, selected, error }: Props) {
  return (
    <fieldset className="field" aria-describedby={error ? "tools-error" : "tools-hint"}>
      <legend>Tools</legend>
      <FieldMessage name="tools" error={error}>
        The agent may propose calls to these tools only; policy still decides whether each call runs.
      </FieldMessage>
      <ul className="tool-options">
        {options.map((tool) => {
          const id = `tool-${tool.name}`;
          return (
            <li key={tool.name} className={`tool-option${tool.registered ? "" : " tool-option-unknown"}`}>
              <span className="tool-option-head">
                <input
                  type="checkbox"
                  id={id}
                  name="tools"
                  value={tool.name}
                  defaultChecked={selected.includes(tool.name)}
                  aria-describedby={`${id}-risk ${id}-description`}
                />
                <label htmlFor={id} className="mono tool-option-name">
                  {tool.name}
                </label>
                <RiskBadge name={tool.name} id={`${id}-risk`} risk={tool.risk} />
              </span>
              <span id={`${id}-description`} className="hint">
                {tool.description}
              </span>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
