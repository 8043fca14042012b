import {
  AgentFilterField,
  CheckboxField,
  DateRangeFields,
  FilterButtons,
  SelectField,
} from "@/components/ui/filter-form";
import { RUN_STATUSES, STOP_REASONS } from "@/db/schema/runs";
import { RUN_COLUMN_LABELS, RUN_COLUMNS, type RunColumn } from "@/lib/runs/run-columns";
import { RUN_WINDOW_KEYS, RUN_WINDOW_LABELS } from "@/lib/runs/run-windows";

export type RunFilters = {
  status?: string;
  stop_reason?: string;
  agent?: string;
  model?: string;
  flagged?: string;
  refused?: string;
  last?: string;
  source?: string;
  from?: string;
  to?: string;
  q?: string;
  session?: string;
};

const STATUS_OPTIONS = [
  ...RUN_STATUSES.map((s) => ({ value: s, label: s.replace("_", " ") })),
  { value: "unsuccessful", label: "failed, stopped, killed or unverified" },
];
const REASON_OPTIONS = STOP_REASONS.map((r) => ({ value: r, label: r.replaceAll("_", " ") }));
const SOURCE_OPTIONS = [
  { value: "engine", label: "Run by Flightdeck" },
  { value: "otlp", label: "Observed (OTLP)" },
  { value: "gate", label: "Governed by the gate" },
];
const WINDOW_OPTIONS = RUN_WINDOW_KEYS.map((w) => ({ value: w, label: RUN_WINDOW_LABELS[w] }));

/** A plain GET form: filters live in the URL, so a filtered view can be shared. */
export function RunsFilters({
  initial,
  agents,
  canSearch,
  columns,
}: {
  initial: RunFilters;
  agents: string[];
  /** The list's optional columns shown now: submitted as `cols` with the filters. */
  columns: readonly RunColumn[];
  /** Whether the role reads goals and answers unmasked, and so may search them. */
  canSearch: boolean;
}) {
  const selects = [
    { name: "status", label: "Status", any: "Any status", options: STATUS_OPTIONS },
    { name: "stop_reason", label: "Stop reason", any: "Any reason", options: REASON_OPTIONS },
  ] as const;
  return (
    <form method="get" className="card form-grid" aria-label="Filter runs">
      {canSearch && (
        <div className="field field-search">
          <label htmlFor="f-q">Search goals and answers</label>
          <input
            id="f-q"
            name="q"
            type="search"
            maxLength={200}
            defaultValue={initial.q}
            placeholder={'e.g. O-5005 refund, "exact words", -word'}
          />
        </div>
      )}
      {selects.map((f) => (
        <SelectField key={f.name} id={`f-${f.name}`} value={initial[f.name]} {...f} />
      ))}
      <AgentFilterField id="f-agent" agents={agents} value={initial.agent} />
      <SelectField
        id="f-source"
        name="source"
        label="Source"
        any="Any source"
        value={initial.source}
        options={SOURCE_OPTIONS}
      />
      <div className="field">
        <label htmlFor="f-session">Session</label>
        <input
          id="f-session"
          name="session"
          maxLength={200}
          defaultValue={initial.session}
          placeholder="e.g. T-1004"
        />
      </div>
      <div className="field">
        <label htmlFor="f-model">Model</label>
        <input id="f-model" name="model" defaultValue={initial.model} placeholder="e.g. sim:default" />
      </div>
      <CheckboxField
        id="f-flagged"
        name="flagged"
        label="Security flag only"
        checked={initial.flagged === "1"}
      />
      <CheckboxField
        id="f-refused"
        name="refused"
        label="With refused calls"
        checked={initial.refused === "1"}
      />
      <SelectField
        id="f-last"
        name="last"
        label="Started"
        any="Any time"
        value={initial.last}
        options={WINDOW_OPTIONS}
      />
      <DateRangeFields idPrefix="f" from={initial.from} to={initial.to} />
      <fieldset className="field run-columns">
        <legend>Columns</legend>
        {RUN_COLUMNS.map((column) => (
          <label key={column} className="checkbox">
            <input type="checkbox" name="cols" value={column} defaultChecked={columns.includes(column)} />
            {RUN_COLUMN_LABELS[column]}
          </label>
        ))}
      </fieldset>
      <FilterButtons clearHref="/runs" />
    </form>
  );
}
