"use client";

import { useSearchParams } from "next/navigation";
import { useCallback } from "react";

/**
 * The selected span lives in the URL (`?span=<id>`): a link opens it, Back returns to the previous
 * one. The history is written directly (Next.js keeps `useSearchParams` in step), so selecting a
 * span never asks the server to render the page again.
 */
export function useSpanSelection(): [string | null, (spanId: string | null) => void] {
  const selected = useSearchParams().get("span");
  const select = useCallback((spanId: string | null) => {
    const url = new URL(window.location.href);
    if ((url.searchParams.get("span") ?? null) === spanId) return;
    if (spanId) url.searchParams.set("span", spanId);
    else url.searchParams.delete("span");
    url.hash = "";
    window.history.pushState(null, "", url);
  }, []);
  return [selected, select];
}
