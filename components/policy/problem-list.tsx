import type { PolicyProblem } from "./types";

/** Cedar's problems with where they are; choosing one puts the caret there. */
export function ProblemList({
  problems,
  onGoTo,
}: {
  problems: PolicyProblem[];
  onGoTo?: (line: number, column: number) => void;
}) {
  return (
    <ol className="policy-problems">
      {problems.map((p, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: problems are positional and never reorder
        <li key={index}>
          {p.line !== null && p.column !== null && onGoTo ? (
            <button
              type="button"
              className="link-button mono"
              onClick={() => onGoTo(p.line ?? 1, p.column ?? 1)}
            >
              Line {p.line}, column {p.column}
            </button>
          ) : p.line !== null ? (
            <span className="mono">
              Line {p.line}, column {p.column}
            </span>
          ) : null}
          {p.line !== null && ": "}
          {p.message}
          {p.help && <div className="hint">{p.help}</div>}
        </li>
      ))}
    </ol>
  );
}
