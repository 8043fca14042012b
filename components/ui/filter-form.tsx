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
