import type { CanonicalDelta } from "../../../api/types";
import { formatPercent } from "../../../lib/format";
import { clientHref } from "../../../lib/routes";
import type { RowPair } from "./decisionModel";
import { type BatchRow, type PersonRecord, accountNameIn, recordName, recordOfDelta, rowsOfPairs } from "./identityRecords";
import { ComparisonList, RecordFields } from "./RecordFields";

function Standing({ row }: { row: BatchRow }) {
  switch (row.standing) {
    case "new":
      return <span className="standing">In this file, not yet a client</span>;
    case "unknown":
      return <span className="standing">In this file</span>;
    case "created":
      return (
        <span className="standing">
          Client created from this file: <a href={clientHref(row.clientId)}>{row.clientId}</a>
        </span>
      );
    case "existing":
      return (
        <span className="standing">
          Matched existing client <a href={clientHref(row.clientId)}>{row.clientId}</a>
        </span>
      );
  }
}

function RowColumn({ row, record, compareWith }: { row: BatchRow; record: PersonRecord | null; compareWith: PersonRecord | null }) {
  return (
    <article className="identity-column incoming" aria-label={`Row ${row.row}`}>
      <header>
        <span className="identity-label">Row {row.row} of this file</span>
        <span className="identity-name">{(record && recordName(record)) ?? `Row ${row.row}`}</span>
        <Standing row={row} />
        {row.standing === "new" && <span className="mono sub">will be {row.clientId}</span>}
      </header>
      {record ? <RecordFields record={record} compareWith={compareWith} /> : <p className="muted">This row's values are not loaded.</p>}
    </article>
  );
}

interface WithinBatchEvidenceProps {
  pairs: RowPair[];
  /** The batch's deltas: the rows' values, and whether their clients exist yet. */
  batchDeltas: readonly CanonicalDelta[];
}

/** A doubt between rows of the same file: the rows side by side, as the file has them (their
 * clients do not exist until the batch is applied, so there is no Client 360 to show), and the
 * score and comparisons of each pair. */
export function WithinBatchEvidence({ pairs, batchDeltas }: WithinBatchEvidenceProps) {
  const rows = rowsOfPairs(pairs, batchDeltas);
  const accountName = (accountId: string) => accountNameIn(batchDeltas, accountId);
  const records = new Map(rows.map((row) => [row.row, row.delta ? recordOfDelta(row.delta, accountName) : null]));
  const first = rows[0] ? (records.get(rows[0].row) ?? null) : null;
  return (
    <div className="within-batch">
      <div className="identity-evidence">
        {rows.map((row, index) => (
          <RowColumn key={row.row} row={row} record={records.get(row.row) ?? null} compareWith={index > 0 ? first : null} />
        ))}
      </div>
      {pairs.map((pair) => (
        <section key={pair.rows.join(":")} className="pair-evidence" aria-label={`Rows ${pair.rows[0]} and ${pair.rows[1]}`}>
          <h4 className="small-heading">
            Rows {pair.rows[0]} and {pair.rows[1]}
            {pair.probability !== null && <span className="probability">{formatPercent(pair.probability)} match</span>}
            {pair.previouslyRejected && <span className="badge badge-bad">rejected before</span>}
          </h4>
          <ComparisonList comparisons={pair.comparisons} />
        </section>
      ))}
    </div>
  );
}
