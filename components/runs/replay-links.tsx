import Link from "next/link";
import { Time } from "@/components/time/time-zone";
import type { RunReplay } from "@/db/schema";
import type { ReplayListItem } from "@/lib/runs/run-comparison";
import { StatusBadge } from "./status-badge";

const CHANGE_NAMES: Record<string, string> = {
  model: "model",
  agentVersion: "agent version",
  policyVersion: "policy version",
};

/** "recorded, from step 3, policy version 2": how a replay differs from its parent, in a line. */
export function describeReplay(replay: RunReplay | null): string {
  if (!replay) return "";
  const parts = [replay.mode === "recorded" ? "recorded" : "dry run"];
  if (replay.fromStep > 0) parts.push(`forked after step ${replay.fromStep}`);
  for (const [name, value] of Object.entries(replay.changes))
    parts.push(
      name === "instructions" || name === "limits"
        ? `other ${name}`
        : `${CHANGE_NAMES[name] ?? name} ${String(value)}`,
    );
  if (Object.keys(replay.changes).length === 0) parts.push("nothing changed");
  return parts.join(", ");
}

/** A replay links to its parent and the comparison; a replayed run lists its replays. */
export function ReplayLinks({
  runId,
  replayOf,
  replay,
  replays,
}: {
  runId: string;
  replayOf: string | null;
  replay: RunReplay | null;
  replays: ReplayListItem[];
}) {
  if (!replayOf && replays.length === 0) return null;
  return (
    <section className="card replay-links" aria-label="Replays">
      {replayOf && (
        <p>
          Replay of run <Link href={`/runs/${replayOf}`}>{replayOf.slice(0, 8)}</Link> (
          {describeReplay(replay)}) ·{" "}
          <Link href={`/runs/compare?a=${replayOf}&b=${runId}`}>Compare with parent</Link>
        </p>
      )}
      {replays.length > 0 && (
        <>
          <h2 className="run-section-title">Replays of this run</h2>
          <ul>
            {replays.map((r) => (
              <li key={r.id}>
                <Link href={`/runs/${r.id}`}>{r.id.slice(0, 8)}</Link> <StatusBadge status={r.status} />{" "}
                <span className="muted">
                  {describeReplay(r.replay)} · {r.createdBy} · <Time at={r.createdAt} />
                </span>{" "}
                · <Link href={`/runs/compare?a=${runId}&b=${r.id}`}>compare</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
