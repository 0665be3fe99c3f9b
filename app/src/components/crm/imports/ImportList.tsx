import { useId, useState } from "react";
import type { ResourceHandle } from "../../../api/useResource";
import type { BatchStatus, ImportSummary } from "../../../api/types";
import { formatDateTime, formatPercent } from "../../../lib/format";
import { importHref } from "../../../lib/routes";
import { Badge } from "../../common/Badge";
import { ResourceView } from "../../common/ResourceView";
import { deltaTotals } from "./batchFacts";

/** The import batches with status, counts and who ran them, filterable by status. */
export function ImportList({ imports }: { imports: ResourceHandle<ImportSummary[]> }) {
  const filterId = useId();
  const [status, setStatus] = useState<BatchStatus | "">("");

  return (
    <section className="panel" aria-labelledby={`${filterId}-title`}>
      <div className="panel-head">
        <h2 id={`${filterId}-title`}>Imports</h2>
        <div className="field inline">
          <label htmlFor={filterId}>Status</label>
          <select id={filterId} value={status} onChange={(event) => setStatus(event.target.value as BatchStatus | "")}>
            <option value="">All</option>
            {(["in_review", "partially_applied", "applied", "reverted", "failed", "proposed"] as const).map((value) => (
              <option key={value} value={value}>
                {value.replace("_", " ")}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ResourceView
        resource={imports}
        what="imports"
        isEmpty={(data) => data.length === 0}
        empty={<p>No imports yet. Upload an export above to start.</p>}
      >
        {(data) => {
          const shown = status ? data.filter((batch) => batch.status === status) : data;
          if (shown.length === 0) return <p className="empty">No imports with this status.</p>;
          return (
            <table className="table imports-table">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Status</th>
                  <th scope="col">Profile</th>
                  <th scope="col" className="num">Rows</th>
                  <th scope="col" className="num">Changes</th>
                  <th scope="col" className="num">To review</th>
                  <th scope="col" className="num">Unresolved</th>
                  <th scope="col">Run by</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((batch) => (
                  <tr key={batch.import_id}>
                    <td>
                      <a href={importHref(batch.import_id)}>{batch.file.name}</a>
                      <div className="sub mono">{batch.import_id}</div>
                    </td>
                    <td>
                      <Badge value={batch.status} />
                    </td>
                    <td>
                      {batch.profile.key ?? "—"}
                      <div className="sub">
                        {batch.profile.inferred ? `inferred, ${formatPercent(batch.profile.confidence)}` : "chosen"}
                      </div>
                    </td>
                    <td className="num">{batch.rows.parsed}</td>
                    <td className="num">{deltaTotals(batch.deltas).total}</td>
                    <td className="num">{batch.review_required}</td>
                    <td className="num">{batch.unresolved_fields}</td>
                    <td>{batch.created_by ?? "—"}</td>
                    <td>{formatDateTime(batch.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </ResourceView>
    </section>
  );
}
