"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { useRunStatus } from "./run-status-context";

/**
 * The run's tree of sub-agent runs is rendered on the server: it is rendered again when the run
 * starts waiting for a child (the child is new) and when it stops waiting (the child has ended). A
 * workflow's graph is too, and is drawn again on `everyChange` of the status.
 */
export function SubAgentRefresh({ everyChange = false }: { everyChange?: boolean }) {
  const status = useRunStatus();
  const router = useRouter();
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was === status) return;
    if (everyChange || was === "waiting_child" || status === "waiting_child") router.refresh();
  }, [status, router, everyChange]);
  return null;
}
