import type { ImportSummary } from "../../../api/types";
import { formatBytes, formatDateTime, formatPercent } from "../../../lib/format";
import { deltaLines, deltaTotals } from "./batchFacts";

function Stat({ label, value, detail }: { label: string; value: string | number; detail?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {detail && <span className="stat-detail">{detail}</span>}
      </dd>
    </div>
  );
}

/** The ImportSummary at a glance: rows, columns, proposed changes, review load, file and timings. */
export function ImportSummaryCard({ summary }: { summary: ImportSummary }) {
  const { rows, columns, file, profile } = summary;
  const totals = deltaTotals(summary.deltas);
  // A replayed batch may repeat its predecessor's warnings; say each once.
  const warnings = [...new Set(summary.warnings ?? [])];
  const timings = Object.entries(summary.timings ?? {}).filter(([, seconds]) => seconds !== null);
  return (
    <section className="panel summary-card" aria-label="Import summary">
      <dl className="stats">
        <Stat
          label="Rows"
          value={rows.parsed}
          detail={`of ${rows.total}${rows.rejected ? ` · ${rows.rejected} rejected` : ""}${rows.flagged ? ` · ${rows.flagged} flagged` : ""}`}
        />
        <Stat
          label="Columns mapped"
          value={`${columns.mapped}/${columns.total}`}
          detail={[
            columns.unresolved && `${columns.unresolved} unresolved`,
            columns.custom && `${columns.custom} custom`,
            columns.ignored && `${columns.ignored} ignored`,
          ]
            .filter(Boolean)
            .join(" · ")}
        />
        <Stat label="Changes proposed" value={totals.total} detail={totals.byOp.no_change ? `${totals.byOp.no_change} unchanged` : undefined} />
        <Stat label="To review" value={summary.review_required} detail={`${summary.auto_approved} auto-approved`} />
        <Stat label="Unresolved fields" value={summary.unresolved_fields} />
      </dl>
      <div className="summary-details">
        <dl className="facts">
          <dt>File</dt>
          <dd>
            {file.name} · {formatBytes(file.bytes)} · {file.encoding ?? "?"}
            {file.delimiter ? ` · delimiter ${JSON.stringify(file.delimiter)}` : ""}
            {file.sheet ? ` · sheet ${file.sheet}` : ""}
          </dd>
          <dt>SHA-256</dt>
          <dd className="mono" title={file.sha256}>
            {file.sha256.slice(0, 16)}…
          </dd>
          <dt>Source profile</dt>
          <dd>
            {profile.key ?? "none"} ({profile.inferred ? `inferred, ${formatPercent(profile.confidence)} confident` : "chosen by the operator"})
          </dd>
          <dt>Run by</dt>
          <dd>
            {summary.created_by ?? "—"} · {formatDateTime(summary.created_at)}
          </dd>
        </dl>
        <div>
          <h3 className="small-heading">Changes by entity</h3>
          {deltaLines(summary.deltas).length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul className="plain">
              {deltaLines(summary.deltas).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          {timings.length > 0 && (
            <p className="muted small">
              Timings: {timings.map(([stage, seconds]) => `${stage} ${(seconds ?? 0).toFixed(2)}s`).join(" · ")}
            </p>
          )}
        </div>
      </div>
      {(summary.errors ?? []).length > 0 && (
        <div className="problem" role="alert">
          <p className="problem-title">The batch has errors:</p>
          <ul className="problem-items">
            {(summary.errors ?? []).map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <ul className="warnings">
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
