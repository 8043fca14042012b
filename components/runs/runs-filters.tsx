import { DateRangeFields, FilterButtons } from "@/components/ui/filter-form";
import { RUN_STATUSES, STOP_REASONS } from "@/db/schema/runs";

export type RunFilters = {
  status?: string;
  stop_reason?: string;
  agent?: string;
  model?: string;
  flagged?: string;
  source?: string;
  from?: string;
  to?: string;
};

/** A plain GET form: filters live in the URL, so a filtered view can be shared. */
export function RunsFilters({ initial, agents }: { initial: RunFilters; agents: string[] }) {
  return (
    <form method="get" className="card form-grid" aria-label="Filter runs">
      <div className="field">
        <label htmlFor="f-status">Status</label>
        <select id="f-status" name="status" defaultValue={initial.status ?? ""}>
          <option value="">Any status</option>
          {RUN_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-reason">Stop reason</label>
        <select id="f-reason" name="stop_reason" defaultValue={initial.stop_reason ?? ""}>
          <option value="">Any reason</option>
          {STOP_REASONS.map((r) => (
            <option key={r} value={r}>
              {r.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-agent">Agent</label>
        <select id="f-agent" name="agent" defaultValue={initial.agent ?? ""}>
          <option value="">Any agent</option>
          {agents.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-source">Source</label>
        <select id="f-source" name="source" defaultValue={initial.source ?? ""}>
          <option value="">Any source</option>
          <option value="engine">Run by Flightdeck</option>
          <option value="otlp">Observed (OTLP)</option>
          <option value="gate">Governed by the gate</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-model">Model</label>
        <input id="f-model" name="model" defaultValue={initial.model} placeholder="e.g. sim:default" />
      </div>
      <div className="field checkbox-field">
        <input
          id="f-flagged"
          type="checkbox"
          name="flagged"
          value="1"
          defaultChecked={initial.flagged === "1"}
        />
        <label htmlFor="f-flagged">Security flag only</label>
      </div>
      <DateRangeFields idPrefix="f" from={initial.from} to={initial.to} />
      <FilterButtons clearHref="/runs" />
    </form>
  );
}
