import type { KillSwitch } from "@/db/schema";
import { KillForm } from "./kill-form";
import { ReleaseButton } from "./release-button";

/** Freeze / Unfreeze the tenant in Settings. */
export function FreezeSection({ tenantName, frozen }: { tenantName: string; frozen: KillSwitch | null }) {
  return (
    <section className="card" aria-labelledby="freeze-title">
      <h2 id="freeze-title">Freeze tenant</h2>
      <p className="muted">
        Freezing holds every run of {tenantName} at its next step and starts none until it is unfrozen; then
        every held run goes on from where it stopped.
      </p>
      <div className="kill-state">
        {frozen ? (
          <>
            <span role="status">
              Frozen by {frozen.engagedBy}: {frozen.reason}
            </span>
            <ReleaseButton scope="tenant" label="Unfreeze" />
          </>
        ) : (
          <KillForm scope="tenant" label="Freeze" confirmLabel="Freeze tenant" />
        )}
      </div>
    </section>
  );
}
