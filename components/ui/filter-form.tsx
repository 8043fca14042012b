/** The submit and clear buttons of a GET filter form: clearing is a link to the unfiltered page. */
export function FilterButtons({
  clearHref,
  submit = "Filter",
  clear = "Clear",
}: {
  clearHref: string;
  submit?: string;
  clear?: string;
}) {
  return (
    <div className="form-grid-actions">
      <button type="submit" className="button-primary">
        {submit}
      </button>
      <a href={clearHref} className="button button-secondary">
        {clear}
      </a>
    </div>
  );
}

/** A from–to day range, sent as `from` and `to` (YYYY-MM-DD). */
export function DateRangeFields({
  idPrefix,
  from,
  to,
  required = false,
}: {
  idPrefix: string;
  from?: string;
  to?: string;
  required?: boolean;
}) {
  return (
    <>
      <div className="field field-date">
        <label htmlFor={`${idPrefix}-from`}>From</label>
        <input id={`${idPrefix}-from`} name="from" type="date" defaultValue={from} required={required} />
      </div>
      <div className="field field-date">
        <label htmlFor={`${idPrefix}-to`}>To</label>
        <input id={`${idPrefix}-to`} name="to" type="date" defaultValue={to} required={required} />
      </div>
    </>
  );
}

export type FilterOption = { value: string; label: string };

/** A select whose empty first option means "no filter", sent as `name`. */
export function SelectField({
  id,
  name,
  label,
  any,
  value,
  options,
}: {
  id: string;
  name: string;
  label: string;
  /** The empty option's text, e.g. "Any agent". */
  any: string;
  value?: string;
  options: readonly FilterOption[];
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The tenant's agents by name, sent as `agent`: the same choice on every filtered page. */
export function AgentFilterField({
  id,
  agents,
  value,
}: {
  id: string;
  agents: readonly string[];
  value?: string;
}) {
  const options = agents.map((name) => ({ value: name, label: name }));
  return <SelectField id={id} name="agent" label="Agent" any="Any agent" value={value} options={options} />;
}

/** A checkbox sent as `name=1` when ticked. */
export function CheckboxField({
  id,
  name,
  label,
  checked,
}: {
  id: string;
  name: string;
  label: string;
  checked: boolean;
}) {
  return (
    <div className="field checkbox-field">
      <input id={id} type="checkbox" name={name} value="1" defaultChecked={checked} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
