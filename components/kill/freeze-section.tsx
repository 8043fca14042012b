import type { KillSwitch } from "@/db/schema";
import { KillForm } from "./kill-form";
import { ReleaseButton } from "./release-button";

/** Freeze / Unfreeze the tenant in Settings. */
export function FreezeSection({ tenantName, frozen }: { tenantName: string; frozen: KillSwitch | null }) {
  return (
    <section className="card" aria-labelledby="freeze-title">
      <h2 id="freeze-title">Freeze tenant</h2>
      <p className="muted">
        Freezing stops every running run of {tenantName} at once and starts no new one until it is unfrozen.
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
