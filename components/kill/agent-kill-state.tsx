import type { KillSwitch } from "@/db/schema";
import { KillForm } from "./kill-form";
import { ReleaseButton } from "./release-button";

type Props = { agentId: string; paused: KillSwitch | null; canKill: boolean };

/** Pause / Resume on the agent page: a paused agent's runs are held and go on when it resumes. */
export function AgentKillState({ agentId, paused, canKill }: Props) {
  if (!paused && !canKill) return null;
  return (
    <section className="card kill-state" aria-label="Kill switch">
      {paused ? (
        <>
          <span className="alert alert-error" role="status" data-testid="agent-paused" style={{ margin: 0 }}>
            Paused by {paused.engagedBy}: {paused.reason}
          </span>
          {canKill && <ReleaseButton scope="agent" target={agentId} label="Resume" />}
        </>
      ) : (
        <>
          <span className="muted">
            Running normally. Pausing holds its runs at their next step (queued ones wait); Resume lets every
            held run go on from where it stopped.
          </span>
          <KillForm scope="agent" target={agentId} label="Pause" confirmLabel="Pause agent" />
        </>
      )}
    </section>
  );
}
