import { humanize } from "../../../lib/format";
import type { Comparison } from "./decisionModel";
import { KEY_FIELDS, type KeyField, type PersonRecord, sameValue } from "./identityRecords";

const FIELDS: readonly KeyField[] = [...KEY_FIELDS, "accounts"];

/** A person record's key fields; those that agree with `compareWith` are marked. */
export function RecordFields({ record, compareWith }: { record: PersonRecord | null; compareWith: PersonRecord | null }) {
  return (
    <dl className="record-fields">
      {FIELDS.map((field) => {
        const value = record?.[field] ?? "…";
        const agrees = record && compareWith ? sameValue(value, compareWith[field]) : false;
        return (
          <div key={field} className={agrees ? "agrees" : undefined}>
            <dt>{humanize(field)}</dt>
            <dd title={value}>{value}</dd>
          </div>
        );
      })}
    </dl>
  );
}

/** The comparisons that scored a pair, each for or against it. */
export function ComparisonList({ comparisons }: { comparisons: readonly Comparison[] }) {
  if (comparisons.length === 0) return null;
  return (
    <ul className="comparisons" aria-label="Comparisons">
      {comparisons.map((comparison) => (
        <li
          key={`${comparison.field}:${comparison.text}`}
          className={comparison.weight === null ? "" : comparison.weight >= 0 ? "for" : "against"}
        >
          {comparison.text}
        </li>
      ))}
    </ul>
  );
}
