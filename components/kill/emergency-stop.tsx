"use client";

import { useRef } from "react";
import { KillForm } from "./kill-form";
import { ReleaseButton } from "./release-button";

/** The sidebar's emergency stop for admins: a dialog that wants a reason and STOP typed out. */
export function EmergencyStop({ engaged }: { engaged: boolean }) {
  const dialog = useRef<HTMLDialogElement>(null);
  if (engaged)
    return <ReleaseButton scope="global" label="Release emergency stop" className="button button-danger" />;
  return (
    <>
      <button type="button" className="button button-danger" onClick={() => dialog.current?.showModal()}>
        Emergency stop
      </button>
      <dialog ref={dialog} className="kill-dialog" aria-label="Emergency stop">
        <h2>Stop every agent</h2>
        <p className="muted">
          Every run in every tenant stops at once and no new run starts until an admin releases the stop.
        </p>
        <KillForm
          scope="global"
          label="Emergency stop…"
          confirmLabel="Stop everything"
          typedConfirmation
          startOpen
        />
        <button type="button" className="button button-secondary" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </dialog>
    </>
  );
}
