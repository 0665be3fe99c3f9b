import { useState } from "react";
import type { Client360Snapshot, Provenance } from "../../../api/types";
import { formatDateTime, humanize } from "../../../lib/format";
import { IdLink } from "../../common/IdLink";
import { Panel } from "../../common/Panel";
import { provenanceParts } from "../review/provenance";
import { type ProfileEntry, profileEntries } from "./client360Model";

function provenanceTitle(provenance: Provenance | null): string {
  if (!provenance) return "No provenance recorded";
  const parts = provenanceParts(provenance);
  return [parts.system, parts.batchId, parts.location, parts.rawValue !== null ? `raw "${parts.rawValue}"` : null]
    .filter(Boolean)
    .join(" · ");
}

function ProvenanceDetails({ provenance }: { provenance: Provenance }) {
  const parts = provenanceParts(provenance);
  return (
    <dl className="provenance">
      <dt>System</dt>
      <dd>{parts.system}</dd>
      <dt>Batch</dt>
      <dd>
        <IdLink id={parts.batchId} />
      </dd>
      <dt>Row</dt>
      <dd>{provenance.row ?? "—"}</dd>
      <dt>Column</dt>
      <dd>{provenance.column ?? "—"}</dd>
      <dt>Raw value</dt>
      <dd>{parts.rawValue !== null ? <code>{parts.rawValue}</code> : "—"}</dd>
      <dt>Transform</dt>
      <dd>
        {parts.transform ?? "—"}
        {parts.confidence ? ` · ${parts.confidence} confident` : ""}
      </dd>
      <dt>Observed</dt>
      <dd>{formatDateTime(parts.observedAt)}</dd>
    </dl>
  );
}

function ProfileRow({ entry }: { entry: ProfileEntry }) {
  const [open, setOpen] = useState(false);
  const detailsId = `provenance-${entry.field}`;
  return (
    <>
      <tr className={entry.alternatives.length > 0 ? "row-attention" : undefined}>
        <th scope="row">{humanize(entry.field)}</th>
        <td>
          <button
            type="button"
            className="value-button"
            aria-expanded={open}
            aria-controls={detailsId}
            title={provenanceTitle(entry.provenance)}
            onClick={() => setOpen(!open)}
          >
            {entry.value}
          </button>
        </td>
        <td className="small">{entry.provenance?.system ?? "—"}</td>
        <td className="small">
          {entry.alternatives.length === 0 ? (
            <span className="muted">—</span>
          ) : (
            <ul className="plain alternatives">
              {entry.alternatives.map((alternative, index) => (
                <li key={`${alternative.value}:${index}`} title={provenanceTitle(alternative.provenance)}>
                  {alternative.value}
                  <span className="sub">
                    {" "}
                    {alternative.provenance?.system ?? "?"}
                    {alternative.valid ? "" : ", invalid"}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </td>
      </tr>
      {open && (
        <tr className="provenance-row" id={detailsId}>
          <td colSpan={4}>
            <div className="provenance-grid">
              <div>
                <h4>Shown value: {entry.value}</h4>
                {entry.provenance ? <ProvenanceDetails provenance={entry.provenance} /> : <p className="muted">No provenance recorded.</p>}
              </div>
              {entry.alternatives.map((alternative, index) => (
                <div key={`${alternative.value}:${index}`}>
                  <h4>Also seen: {alternative.value}</h4>
                  {alternative.provenance ? <ProvenanceDetails provenance={alternative.provenance} /> : <p className="muted">No provenance.</p>}
                </div>
              ))}
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

/** The golden profile: each field's winning value, its source (press a value for the full
 * provenance) and the other values seen for it. */
export function ProfilePanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const entries = profileEntries(snapshot.profile);
  return (
    <Panel title="Golden profile" className="profile-panel">
      {entries.length === 0 ? (
        <p className="empty">No profile fields yet.</p>
      ) : (
        <>
          <p className="muted small">Press a value to see where it came from (system, batch, row, column, raw value).</p>
          <table className="table compact profile-table">
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Value</th>
                <th scope="col">Source</th>
                <th scope="col">Also seen</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <ProfileRow key={entry.field} entry={entry} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </Panel>
  );
}
