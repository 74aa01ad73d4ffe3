// The fields of the admin area's filter forms (plain GET forms: the URL is the view).

type Option = string | { value: string; label: string };

/** A select of a filter form; `any` adds a first, empty option ("Any", "Every item"). */
export function FilterSelect({
  id,
  label,
  value,
  options,
  any,
}: {
  id: string;
  label: string;
  value: string | undefined;
  options: readonly Option[];
  any?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={id} defaultValue={value ?? ""}>
        {any !== undefined && <option value="">{any}</option>}
        {options.map((o) => {
          const { value: v, label: l } = typeof o === "string" ? { value: o, label: o } : o;
          return (
            <option key={v} value={v}>
              {l}
            </option>
          );
        })}
      </select>
    </div>
  );
}

/** A text field of a filter form. Dates are typed as YYYY-MM-DD (UTC), not in the browser's locale. */
export function FilterInput({ id, label, value, kind = "search" }: { id: string; label: string; value: string | undefined; kind?: "search" | "date" }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {kind === "date" ? (
        <input id={id} name={id} type="text" inputMode="numeric" placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}-\d{2}" size={11} defaultValue={value ?? ""} />
      ) : (
        <input id={id} name={id} type="search" defaultValue={value ?? ""} />
      )}
    </div>
  );
}
