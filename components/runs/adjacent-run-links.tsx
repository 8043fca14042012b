import Link from "next/link";
import type { AdjacentRuns } from "@/lib/runs/adjacent-runs";

function RunLink({ id, label, title }: { id: string | null; label: string; title: string }) {
  if (!id)
    return (
      <span className="button button-secondary button-disabled" aria-disabled="true">
        {label}
      </span>
    );
  return (
    <Link href={`/runs/${id}`} className="button button-secondary" title={title}>
      {label}
    </Link>
  );
}

/** The runs above (newer) and below (older) this one in the runs list; at an end, shown disabled. */
export function AdjacentRunLinks({ adjacent }: { adjacent: AdjacentRuns }) {
  return (
    <nav className="adjacent-runs" aria-label="Other runs">
      <RunLink
        id={adjacent.previous}
        label="↑ Previous run"
        title="The newer run above this one in the runs list"
      />
      <RunLink id={adjacent.next} label="Next run ↓" title="The older run below this one in the runs list" />
    </nav>
  );
}
