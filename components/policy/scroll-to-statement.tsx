"use client";

import { useEffect } from "react";

/**
 * Brings the statement a link points at (`/policies#statement-…`) into view once the policy is on the
 * page: a navigation from a run's decision can settle its scroll before the long policy has rendered.
 */
export function ScrollToStatement() {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (id.startsWith("statement-")) document.getElementById(id)?.scrollIntoView({ block: "center" });
  }, []);
  return null;
}
