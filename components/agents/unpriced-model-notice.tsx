"use client";

import { setPriceAction } from "@/app/(app)/settings/price-actions";
import { PriceInput } from "@/components/settings/price-section";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";

/**
 * Shown on an agent whose model has no price: what that means for budgets, and (for admins) the
 * price to give it, effective today, right where the model was chosen.
 */
export function UnpricedModelNotice({
  model,
  today,
  canPrice,
}: {
  model: string;
  today: string;
  canPrice: boolean;
}) {
  const { result, pending, form } = useKeptForm(setPriceAction);
  return (
    <section className="card" aria-labelledby="unpriced-title">
      <h2 id="unpriced-title">{model} has no price</h2>
      <p className="muted">
        Its runs&apos; cost is not counted: a run&apos;s cost limit cannot apply to it, and the tenant&apos;s
        daily budget counts its tokens only under a token budget for models without a price (Settings → Daily
        budget).
      </p>
      {canPrice ? (
        <form {...form} className="form-row" aria-label={`Give ${model} a price`}>
          <FormError result={result} />
          <input type="hidden" name="model" value={model} />
          <input type="hidden" name="effectiveFrom" value={today} />
          <input type="hidden" name="note" value="Priced from the agent page" />
          <PriceInput id="unpriced-input" name="inputPerMTok" label="Input" value={null} required />
          <PriceInput
            id="unpriced-cached"
            name="cachedInputPerMTok"
            label="Cached input"
            value={null}
            required
          />
          <PriceInput id="unpriced-output" name="outputPerMTok" label="Output" value={null} required />
          <button type="submit" className="button-primary" disabled={pending}>
            {pending && <span className="spinner" aria-hidden />}Save price
          </button>
        </form>
      ) : (
        <p className="muted">An admin can give it a price here or under Settings → Model prices.</p>
      )}
    </section>
  );
}
