import "server-only";
import { type Db, database } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { APPROVALS_CHANNEL } from "@/lib/engine-events/approvals-channel";
import { sseResponse } from "@/lib/engine-events/sse";
import { pendingCount } from "./queries";

type Listener = (tenantId: string) => void;

const globalHub = globalThis as unknown as { flightdeckApprovalsHub?: ApprovalsHub };

/**
 * One LISTEN per process on the approvals channel, fanned out to every open inbox and badge
 * (like the step hub): a notification only names the tenant whose requests changed.
 */
class ApprovalsHub {
  private listeners = new Set<Listener>();
  private listening: Promise<unknown> | undefined;

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    this.listening ??= database().sql.listen(APPROVALS_CHANNEL, (tenantId) => {
      for (const notify of this.listeners) notify(tenantId);
    });
    return () => this.listeners.delete(listener);
  }

  ready(): Promise<unknown> {
    return this.listening ?? Promise.resolve();
  }
}

export function approvalsHub(): ApprovalsHub {
  globalHub.flightdeckApprovalsHub ??= new ApprovalsHub();
  return globalHub.flightdeckApprovalsHub;
}

/**
 * The browser's feed of the tenant's approval requests: `changed` with the pending count whenever
 * a request arrives, is decided, expires or is cancelled; the inbox refetches, the badge shows the
 * count. Also sent on connect and, when the count moved, on the heartbeat (a lost notification).
 */
export function approvalEventStream(db: Db, actor: Actor, signal: AbortSignal): Response {
  return sseResponse(signal, async (sink) => {
    let last = -1;
    let busy = false;
    let again = false;
    const send = async (force: boolean) => {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      try {
        do {
          again = false;
          const pending = await pendingCount(db, actor);
          if (force || pending !== last) sink.send("changed", { pending });
          last = pending;
        } while (again && !sink.closed);
      } finally {
        busy = false;
      }
    };
    const follow = (force: boolean) => () => {
      send(force).catch((error) => {
        console.error("Following approvals failed; the browser reconnects", error);
        sink.close();
      });
    };
    const changed = follow(true);
    sink.onClose(
      approvalsHub().subscribe((tenantId) => {
        if (tenantId === actor.tenantId) changed();
      }),
    );
    sink.onHeartbeat(follow(false));
    await approvalsHub().ready();
    await send(true);
  });
}
