import { DateRangeFields, FilterButtons } from "@/components/ui/filter-form";

type Filters = { action?: string; actor?: string; from?: string; to?: string };

/** A plain GET form: filters live in the URL, so a filtered view can be shared. */
export function AuditFilters({ initial }: { initial: Filters }) {
  return (
    <form method="get" className="card form-row" aria-label="Filter the audit log">
      <div className="field">
        <label htmlFor="f-action">Action starts with</label>
        <input id="f-action" name="action" defaultValue={initial.action} placeholder="e.g. member." />
      </div>
      <div className="field">
        <label htmlFor="f-actor">Who</label>
        <input id="f-actor" name="actor" defaultValue={initial.actor} placeholder="email or key name" />
      </div>
      <DateRangeFields idPrefix="f" from={initial.from} to={initial.to} />
      <FilterButtons clearHref="/audit" />
    </form>
  );
}
