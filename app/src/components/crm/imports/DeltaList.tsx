import { useId } from "react";
import type { CanonicalDelta } from "../../../api/types";
import type { ResourceHandle } from "../../../api/useResource";
import { formatPercent, formatValue } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { IdLink } from "../../common/IdLink";
import { ResourceView } from "../../common/ResourceView";

/** Every proposed change of the batch: operation, entity, field changes, risk and status. */
export function DeltaList({ deltas }: { deltas: ResourceHandle<CanonicalDelta[]> }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Proposed changes</h2>
      <ResourceView resource={deltas} what="the proposed changes" isEmpty={(data) => data.length === 0} empty={<p>No changes proposed.</p>}>
        {(items) => (
          <table className="table">
            <thead>
              <tr>
                <th scope="col" className="num">Row</th>
                <th scope="col">Change</th>
                <th scope="col">Record</th>
                <th scope="col">Fields</th>
                <th scope="col">Score</th>
                <th scope="col">Risk</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {items.map((delta) => (
                <tr key={delta.delta_id}>
                  <td className="num">{delta.source_row ?? "—"}</td>
                  <td>
                    {delta.op.replace("_", " ")} {delta.entity}
                  </td>
                  <td>
                    <IdLink id={delta.entity_id ?? delta.target_ids?.[0]} />
                  </td>
                  <td>
                    {(delta.changes ?? []).length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="plain changes">
                        {(delta.changes ?? []).map((change) => (
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
                    )}
                  </td>
                  <td>{formatPercent(delta.score)}</td>
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
        )}
      </ResourceView>
    </section>
  );
}
