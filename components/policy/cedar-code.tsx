import { tokenizeCedarLine } from "./cedar-tokens";
import { policyStatementAnchor, type StatementAnchor } from "./statement-anchors";

/**
 * A Cedar policy with syntax colours and line numbers (Cedar's problems point at lines).
 * `anchors` gives each statement's first line an id a link can point at (`#statement-<id>`).
 */
export function CedarCode({
  text,
  label,
  anchors = [],
}: {
  text: string;
  label: string;
  anchors?: StatementAnchor[];
}) {
  const lines = text.replace(/\n$/, "").split("\n");
  const ids = new Map(anchors.map((a) => [a.line, policyStatementAnchor(a.id)]));
  return (
    <figure className="cedar-figure" aria-label={label} data-testid="cedar-code">
      {/* Focusable so a keyboard can scroll a long line into view. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1) */}
      <pre className="cedar-code" tabIndex={0}>
        <code>
          {lines.map((line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional and never reorder
            <span key={index} className="cedar-line" id={ids.get(index)}>
              <span className="cedar-ln" aria-hidden>
                {index + 1}
              </span>
              {tokenizeCedarLine(line).map((token, i) =>
                token.kind === "text" ? (
                  token.text
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: tokens are positional
                  <span key={i} className={`cedar-${token.kind}`}>
                    {token.text}
                  </span>
                ),
              )}
              {"\n"}
            </span>
          ))}
        </code>
      </pre>
    </figure>
  );
}
