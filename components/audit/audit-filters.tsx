import { DateRangeFields, FilterButtons, SelectField } from "@/components/ui/filter-form";

type Filters = { action?: string; actor?: string; target?: string; from?: string; to?: string };

/** `agent.updated`, `agent.created` → an "agent.*" choice above them: everything done to agents. */
function actionOptions(actions: readonly string[]) {
  const groups = [...new Set(actions.map((a) => a.split(".")[0]).filter((g): g is string => Boolean(g)))];
  return [
    ...groups.map((group) => ({ value: `${group}.`, label: `${group}.* (all)` })),
    ...actions.map((action) => ({ value: action, label: action })),
  ];
}

/** A plain GET form: filters live in the URL, so a filtered view can be shared. */
export function AuditFilters({
  initial,
  actions,
  actors,
}: {
  initial: Filters;
  actions: readonly string[];
  actors: readonly string[];
}) {
  const actionChoices = actionOptions(actions);
  // A filter from a link (or an older URL) is kept as a choice, so the form says what is shown.
  if (initial.action && !actionChoices.some((o) => o.value === initial.action))
    actionChoices.unshift({ value: initial.action, label: `${initial.action}…` });
  const actorChoices = actors.map((label) => ({ value: label, label }));
  if (initial.actor && !actors.includes(initial.actor))
    actorChoices.unshift({ value: initial.actor, label: initial.actor });
  return (
    <form method="get" className="card form-row" aria-label="Filter the audit log">
      <SelectField
        id="f-action"
        name="action"
        label="Action"
        any="Any action"
        value={initial.action}
        options={actionChoices}
      />
      <SelectField
        id="f-actor"
        name="actor"
        label="Who"
        any="Anyone"
        value={initial.actor}
        options={actorChoices}
      />
      {initial.target && <input type="hidden" name="target" value={initial.target} />}
      <DateRangeFields idPrefix="f" from={initial.from} to={initial.to} />
      <FilterButtons clearHref="/audit" />
    </form>
  );
}
