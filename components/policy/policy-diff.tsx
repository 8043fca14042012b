import { structuredPatch } from "diff";

/** The lines that differ between two policy texts, with three lines of context around each change. */
export function PolicyDiff({ from, to, label }: { from: string; to: string; label: string }) {
  const patch = structuredPatch("from", "to", from, to, "", "", { context: 3 });
  if (patch.hunks.length === 0) return <p className="muted">The texts are identical.</p>;
  return (
    <section className="policy-diff" aria-label={label}>
      {patch.hunks.map((hunk) => (
        <div key={`${hunk.oldStart}-${hunk.newStart}`} className="diff-hunk">
          <div className="diff-hunk-head">
            Lines {hunk.oldStart}–{hunk.oldStart + Math.max(0, hunk.oldLines - 1)} → {hunk.newStart}–
            {hunk.newStart + Math.max(0, hunk.newLines - 1)}
          </div>
          {hunk.lines
            .filter((line) => !line.startsWith("\\"))
            .map((line, index) => {
              const sign = line[0];
              const kind = sign === "+" ? "added" : sign === "-" ? "removed" : "same";
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines are positional within a hunk
                <div key={index} className={`diff-line diff-${kind}`}>
                  <span className="diff-sign" aria-hidden>
                    {sign === " " ? "" : sign}
                  </span>
                  <span className="sr-only">{kind === "same" ? "" : `${kind}: `}</span>
                  {line.slice(1) || " "}
                </div>
              );
            })}
        </div>
      ))}
    </section>
  );
}
