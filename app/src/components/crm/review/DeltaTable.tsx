import type { CanonicalDelta } from "../../../api/types";
import { formatPercent, formatValue } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { IdLink } from "../../common/IdLink";

/** A delta's field changes (old → new; an invalid value shown raw) and, for a merge, what it merges. */
function DeltaChanges({ delta }: { delta: CanonicalDelta }) {
  const changes = delta.changes ?? [];
  const merged = delta.op === "merge" ? (delta.target_ids ?? []) : [];
  if (changes.length === 0 && merged.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="plain changes">
      {merged.length > 0 && <li>merge {merged.join(" + ")}</li>}
      {changes.map((change) => (
        <li key={change.field} className={change.valid === false ? "invalid" : undefined}>
          <span className="field-name">{change.field}</span>{" "}
          {change.old !== null && change.old !== undefined && (
            <>
              <del>{formatValue(change.old)}</del> →{" "}
            </>
          )}
          <span>{change.valid === false ? <code>{change.provenance?.raw_value}</code> : formatValue(change.new)}</span>
          {change.valid === false && <span className="sub"> invalid, kept raw</span>}
        </li>
      ))}
    </ul>
  );
}

interface DeltaTableProps {
  deltas: readonly CanonicalDelta[];
  /** Only what a proposal needs (change, fields, risk, status): no source row, record or score. */
  compact?: boolean;
}

/** Proposed changes, one row per delta: operation and entity, field changes, risk and status
 * (and, unless compact, the source row, the record it writes and its match score). An import's
 * changes and an Oracle writeback's are shown the same way. */
export function DeltaTable({ deltas, compact = false }: DeltaTableProps) {
  return (
    <table className={compact ? "table compact" : "table"}>
      <thead>
        <tr>
          {!compact && (
            <th scope="col" className="num">
              Row
            </th>
          )}
          <th scope="col">Change</th>
          {!compact && <th scope="col">Record</th>}
          <th scope="col">Fields</th>
          {!compact && <th scope="col">Score</th>}
          <th scope="col">Risk</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {deltas.map((delta) => (
          <tr key={delta.delta_id}>
            {!compact && <td className="num">{delta.source_row ?? "—"}</td>}
            <td>
              {delta.op.replace("_", " ")} {delta.entity}
            </td>
            {!compact && (
              <td>
                <IdLink id={delta.entity_id ?? delta.target_ids?.[0]} />
              </td>
            )}
            <td>
              <DeltaChanges delta={delta} />
            </td>
            {!compact && <td>{formatPercent(delta.score)}</td>}
            <td>
              <Badge value={delta.risk} />
            </td>
            <td>
              <Badge value={delta.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
