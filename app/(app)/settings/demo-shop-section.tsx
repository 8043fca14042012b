"use client";

import { useActionState } from "react";
import { FormError } from "@/components/ui/form-error";
import type { DemoShopSettings } from "@/lib/demo/demo-shop-settings";
import { setDemoShopAction } from "./demo-shop-actions";

/** The demo shop's fault switches, for drills: its health endpoint and the flaky share of tool calls. */
export function DemoShopSection({ shop, canManage }: { shop: DemoShopSettings; canManage: boolean }) {
  const [result, formAction, pending] = useActionState(setDemoShopAction, null);
  return (
    <section className="card" aria-labelledby="demo-shop-title">
      <h2 id="demo-shop-title">Demo shop</h2>
      <p className="muted">
        Fault drills for the demo shop. Its health endpoint answers 503 while unhealthy; in flaky mode that
        share of demo tool calls fails with a transient error before doing anything, so idempotent tools are
        retried and other tools end the run with <code>tool_failed</code>.
      </p>
      <p role="status" data-testid="demo-shop-status">
        {shop.healthy ? "Healthy" : "Unhealthy"} ({shop.detail}).{" "}
        {shop.flakyPercent > 0
          ? `Flaky mode: ${shop.flakyPercent} % of demo tool calls fail.`
          : "Flaky mode is off."}
      </p>
      {canManage && (
        <form action={formAction} className="form-row" aria-label="Set the demo shop's faults">
          <FormError result={result} />
          {result?.ok && (
            <span className="muted" role="status">
              Saved.
            </span>
          )}
          <div className="field">
            <label htmlFor="demo-shop-healthy">Health</label>
            <select
              id="demo-shop-healthy"
              name="healthy"
              defaultValue={shop.healthy ? "healthy" : "unhealthy"}
            >
              <option value="healthy">Healthy</option>
              <option value="unhealthy">Unhealthy</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="demo-shop-detail">Detail</label>
            <input id="demo-shop-detail" name="detail" required maxLength={200} defaultValue={shop.detail} />
          </div>
          <div className="field">
            <label htmlFor="demo-shop-flaky">Flaky calls (%)</label>
            <input
              id="demo-shop-flaky"
              name="flakyPercent"
              type="number"
              inputMode="numeric"
              min={0}
              max={100}
              step={1}
              required
              defaultValue={shop.flakyPercent}
              aria-describedby="demo-shop-flaky-hint"
            />
            <p id="demo-shop-flaky-hint" className="hint">
              0 turns flaky mode off; processes pick a change up within 2 s.
            </p>
          </div>
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save demo shop
          </button>
        </form>
      )}
    </section>
  );
}
