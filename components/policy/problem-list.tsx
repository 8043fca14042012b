import type { PolicyProblem } from "./types";

type Group = { problem: PolicyProblem; more: number };

/** Cedar reports a bad field once per tool it checks; one line per place reads better. */
function grouped(problems: PolicyProblem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const problem of problems) {
    const key = `${problem.line}:${problem.column}:${problem.help}`;
    const group = groups.get(key);
    if (group && problem.line !== null) group.more += 1;
    else groups.set(group ? `${key}:${groups.size}` : key, { problem, more: 0 });
  }
  return [...groups.values()];
}

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
      {grouped(problems).map(({ problem: p, more }, index) => (
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
          {more > 0 && ` (and the same for ${more} other ${more === 1 ? "action" : "actions"})`}
          {p.help && <div className="hint">{p.help}</div>}
        </li>
      ))}
    </ol>
  );
}
