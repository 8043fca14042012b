"use client";

import { useEffect, useState, useTransition } from "react";
import { deletePriceAction, setPriceAction } from "@/app/(app)/settings/price-actions";
import { FormError } from "@/components/ui/form-error";
import { useKeptForm } from "@/components/ui/use-kept-form";
import type { ActionResult } from "@/lib/http/server-action";
import type { ModelPriceHistory, PriceChange, PriceEntry } from "@/lib/models/price-table";

// A row header, but in the table's body type: model names are case-sensitive.
const MODEL_CELL = {
  textTransform: "none",
  letterSpacing: "normal",
  fontSize: "inherit",
  color: "inherit",
} as const;
const perM = (n: number | null) => (n === null ? "= output" : `$${n}`);
const tokens = (n: number | null) => (n === null ? "unknown" : n.toLocaleString("en-US"));

function recomputedMessage(verb: string, change: PriceChange): string {
  const { runs, steps, from, until } = change.recomputed;
  const period = until ? `from ${from} until ${until}` : `from ${from} on`;
  return `${verb} Recomputed ${runs} ${runs === 1 ? "run" : "runs"} (${steps} model ${steps === 1 ? "call" : "calls"}) ${period}.`;
}

/** The tenant's model prices with their history; admins add or correct a price and delete their corrections. */
export function PriceSection({
  models,
  canManage,
  today,
}: {
  models: ModelPriceHistory[];
  canManage: boolean;
  today: string;
}) {
  const { result, pending, form } = useKeptForm(setPriceAction);
  const [deleted, setDeleted] = useState<ActionResult<PriceChange> | null>(null);
  const [deleting, startDelete] = useTransition();
  // "Correct" copies a row into the form; the key re-creates the form with those values.
  const [draft, setDraft] = useState<{ key: number; price: PriceEntry | null }>({ key: 0, price: null });

  // After a save the form starts blank again rather than showing the row it was copied from.
  useEffect(() => {
    if (result?.ok) setDraft((d) => ({ key: d.key + 1, price: null }));
  }, [result]);
  const correct = (price: PriceEntry) => {
    setDraft((d) => ({ key: d.key + 1, price }));
    requestAnimationFrame(() => document.getElementById("price-model")?.focus());
  };
  const remove = (price: PriceEntry) => {
    if (
      !window.confirm(
        `Delete this tenant's price of ${price.model} from ${price.effectiveFrom}? The runs of its period are repriced at the price that applies without it.`,
      )
    )
      return;
    startDelete(async () => setDeleted(await deletePriceAction(price.model, price.effectiveFrom)));
  };
  const p = draft.price;

  return (
    <section className="card" aria-labelledby="prices-title">
      <h2 id="prices-title">Model prices</h2>
      <p className="muted">
        USD per million tokens. A run is priced at the price in effect on the day (UTC) it started. A price
        this tenant sets replaces the list price from its date until the model&apos;s next price, for this
        tenant only, and the costs of the runs in that period are recomputed. The daily budget keeps what was
        spent at the time. A model&apos;s context window bounds what each of its calls is sent: older tool
        results are clipped and old turns left out to fit (docs/agents.md, &quot;Context strategy&quot;).
      </p>
      {canManage && (
        <form
          key={draft.key}
          {...form}
          className="card"
          style={{ background: "#fafbfc" }}
          aria-label="Set or correct a price"
        >
          <FormError result={result} />
          {result?.ok && (
            <div className="alert alert-ok" role="status" data-testid="price-status">
              {recomputedMessage("Saved.", result.data)}
            </div>
          )}
          <div className="form-row">
            <div className="field">
              <label htmlFor="price-model">Model</label>
              <input
                id="price-model"
                name="model"
                required
                list="price-models"
                placeholder="provider:model"
                defaultValue={p?.model ?? ""}
                className="mono"
              />
              <datalist id="price-models">
                {models.map((m) => (
                  <option key={m.model} value={m.model} />
                ))}
              </datalist>
            </div>
            <div className="field" style={{ flex: "0 1 170px" }}>
              <label htmlFor="price-from">Effective from</label>
              <input
                id="price-from"
                name="effectiveFrom"
                type="date"
                required
                max={today}
                defaultValue={p?.effectiveFrom ?? today}
              />
            </div>
          </div>
          <div className="form-row">
            <PriceInput id="price-input" name="inputPerMTok" label="Input" value={p?.inputPerMTok} required />
            <PriceInput
              id="price-cached"
              name="cachedInputPerMTok"
              label="Cached input"
              value={p?.cachedInputPerMTok}
              required
            />
            <PriceInput
              id="price-output"
              name="outputPerMTok"
              label="Output"
              value={p?.outputPerMTok}
              required
            />
            <PriceInput
              id="price-reasoning"
              name="reasoningPerMTok"
              label="Reasoning"
              value={p?.reasoningPerMTok}
              hint="Empty: billed as output."
            />
          </div>
          <div className="form-row">
            <div className="field" style={{ flex: "0 1 190px" }}>
              <label htmlFor="price-window">Context window (tokens)</label>
              <input
                id="price-window"
                name="contextWindow"
                type="number"
                inputMode="numeric"
                min={1024}
                step={1}
                defaultValue={p?.contextWindow ?? ""}
                aria-describedby="price-window-hint"
              />
              <p id="price-window-hint" className="hint">
                Empty: the model list&apos;s window.
              </p>
            </div>
            <div className="field">
              <label htmlFor="price-note">Note</label>
              <input
                id="price-note"
                name="note"
                maxLength={500}
                placeholder="e.g. the provider's invoice of May"
              />
            </div>
            <button type="submit" className="button-primary" disabled={pending}>
              {pending && <span className="spinner" aria-hidden />}Save price
            </button>
          </div>
        </form>
      )}
      <FormError result={deleted} />
      {deleted?.ok && (
        <div className="alert alert-ok" role="status">
          {recomputedMessage("Deleted.", deleted.data)}
        </div>
      )}
      <div className="table-wrap">
        <table aria-label="Model prices">
          <thead>
            <tr>
              <th>Model</th>
              <th>Effective from</th>
              <th className="num">Input</th>
              <th className="num">Cached input</th>
              <th className="num">Output</th>
              <th className="num">Reasoning</th>
              <th className="num">Window</th>
              <th>Source</th>
              {canManage && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {models.flatMap((m) =>
              m.prices.map((price, i) => (
                <tr
                  key={`${m.model}|${price.effectiveFrom}|${price.tenant}`}
                  className={price.superseded ? "muted" : undefined}
                >
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={m.prices.length} className="mono" style={MODEL_CELL}>
                      {m.model}
                    </th>
                  ) : null}
                  <td>{price.effectiveFrom}</td>
                  <td className="num">{perM(price.inputPerMTok)}</td>
                  <td className="num">{perM(price.cachedInputPerMTok)}</td>
                  <td className="num">{perM(price.outputPerMTok)}</td>
                  <td className="num">{perM(price.reasoningPerMTok)}</td>
                  <td className="num">{tokens(price.contextWindow)}</td>
                  <td title={price.note}>
                    {price.superseded ? "list (replaced by this tenant's price)" : price.source}
                  </td>
                  {canManage && (
                    <td>
                      <button
                        type="button"
                        className="button-secondary button-small"
                        onClick={() => correct(price)}
                        aria-label={`Correct the price of ${price.model} from ${price.effectiveFrom}`}
                      >
                        Correct
                      </button>{" "}
                      {price.tenant && (
                        <button
                          type="button"
                          className="button-danger button-small"
                          disabled={deleting}
                          onClick={() => remove(price)}
                          aria-label={`Delete this tenant's price of ${price.model} from ${price.effectiveFrom}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function PriceInput(props: {
  id: string;
  name: string;
  label: string;
  value: number | null | undefined;
  required?: boolean;
  hint?: string;
}) {
  return (
    <div className="field" style={{ flex: "0 1 150px" }}>
      <label htmlFor={props.id}>{props.label} (USD / M)</label>
      <input
        id={props.id}
        name={props.name}
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        required={props.required}
        defaultValue={props.value ?? ""}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
      {props.hint && (
        <p id={`${props.id}-hint`} className="hint">
          {props.hint}
        </p>
      )}
    </div>
  );
}
