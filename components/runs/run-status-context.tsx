"use client";

import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import type { RunStatus } from "@/db/schema/runs";
import { isTerminalStatus } from "./format";

type RunStatusState = { status: RunStatus; report: (status: RunStatus) => void };

const RunStatusContext = createContext<RunStatusState | null>(null);

/**
 * Shares a run's live status across its page: the live view reports it, and parts rendered on the
 * server around it (the Stop button in the header) follow without a reload.
 */
export function RunStatusProvider({ initial, children }: { initial: RunStatus; children: ReactNode }) {
  const [status, report] = useState(initial);
  return <RunStatusContext.Provider value={{ status, report }}>{children}</RunStatusContext.Provider>;
}

/** Called by the live view with the status it last received. */
export function useReportRunStatus(status: RunStatus): void {
  const report = useContext(RunStatusContext)?.report;
  useEffect(() => report?.(status), [report, status]);
}

/** The run's live status, where the page shares one. */
export const useRunStatus = (): RunStatus | undefined => useContext(RunStatusContext)?.status;

/** Shows its children only while the run has not ended. */
export function WhileRunGoing({ children }: { children: ReactNode }) {
  const status = useContext(RunStatusContext)?.status;
  if (status && isTerminalStatus(status)) return null;
  return children;
}

/** Shows its children once the run has ended (a replay needs an ended run). */
export function OnceRunEnded({ children }: { children: ReactNode }) {
  const status = useContext(RunStatusContext)?.status;
  if (!status || !isTerminalStatus(status)) return null;
  return children;
}
