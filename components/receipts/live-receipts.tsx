"use client";

import { useEffect, useRef, useState } from "react";
import type { ReceiptLink } from "@/lib/receipts/links";
import { ReceiptsPanel } from "./receipts-panel";

// A run committing tool calls quickly is read at most this often.
const REFRESH_MS = 500;

/**
 * The run's receipts, read again whenever `version` moves (a tool call committed, the run ended),
 * so a run watched live shows its receipts without a reload. A server render (after an undo)
 * replaces them.
 */
export function LiveReceipts({
  runId,
  initial,
  version,
  canRevert,
  onReceipts,
}: {
  runId: string;
  initial: ReceiptLink[];
  version: string;
  canRevert: boolean;
  /** Told the receipts shown, each time they change (the trace's span panel links to them). */
  onReceipts?: (receipts: ReceiptLink[]) => void;
}) {
  const [receipts, setReceipts] = useState(initial);
  useEffect(() => onReceipts?.(receipts), [receipts, onReceipts]);
  const shownVersion = useRef(version);
  const lastRead = useRef(0);
  const reads = useRef(0);
  useEffect(() => setReceipts(initial), [initial]);
  useEffect(() => {
    if (shownVersion.current === version) return;
    const timer = setTimeout(
      () => {
        lastRead.current = Date.now();
        const read = ++reads.current;
        fetch(`/api/runs/${runId}/receipts`)
          .then((response) =>
            response.ok ? (response.json() as Promise<{ receipts: ReceiptLink[] }>) : null,
          )
          .then((body) => {
            // A newer read started meanwhile: its answer wins.
            if (!body || read !== reads.current) return;
            shownVersion.current = version;
            setReceipts(body.receipts);
          })
          // Offline for a moment: the next version (or a reload) reads them again.
          .catch(() => {});
      },
      Math.max(0, lastRead.current + REFRESH_MS - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [runId, version]);
  if (receipts.length === 0) return null;
  return <ReceiptsPanel receipts={receipts} canRevert={canRevert} />;
}
