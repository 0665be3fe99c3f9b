import type { Client360Snapshot } from "../../../api/types";
import { formatAmounts, formatDateTime, formatMoney, humanize } from "../../../lib/format";
import { Panel } from "../../common/Panel";
import { dealRow } from "./client360Model";

function Amounts({ amounts }: { amounts: Record<string, string> | undefined }) {
  const lines = formatAmounts(amounts);
  if (lines.length === 0) return <span className="muted">no amount</span>;
  return (
    <>
      {lines.map((line) => (
        <span key={line} className="amount">
          {line}
        </span>
      ))}
    </>
  );
}

/** Open, won and lost deals, amounts per currency (never summed across currencies). */
export function DealsPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const summary = snapshot.opportunities;
  const rows = (summary?.items ?? []).map(dealRow);
  return (
    <Panel title="Opportunities">
      <dl className="stats small-stats">
        <div className="stat">
          <dt>Open</dt>
          <dd>
            <span className="stat-value">{summary?.open_count ?? 0}</span>
            <Amounts amounts={summary?.open_amount} />
          </dd>
        </div>
        <div className="stat">
          <dt>Won</dt>
          <dd>
            <span className="stat-value">{summary?.won_count ?? 0}</span>
            <Amounts amounts={summary?.won_amount} />
          </dd>
        </div>
        <div className="stat">
          <dt>Lost</dt>
          <dd>
            <span className="stat-value">{summary?.lost_count ?? 0}</span>
          </dd>
        </div>
      </dl>
      {rows.length === 0 ? (
        <p className="empty">No opportunities.</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">Stage</th>
              <th scope="col" className="num">Amount</th>
              <th scope="col">Close date</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{row.name}</td>
                <td>{humanize(row.stage)}</td>
                <td className="num">{row.amount ? formatMoney(row.amount, row.currency ?? "unknown") : "—"}</td>
                <td>{formatDateTime(row.closeDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
