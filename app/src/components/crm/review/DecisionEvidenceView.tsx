import type { CanonicalDelta, ReviewDecision } from "../../../api/types";
import { formatPercent, formatValue } from "../../../lib/format";
import { IdentityEvidence } from "./IdentityEvidence";
import { decisionEvidence } from "./decisionModel";
import { ProvenanceText } from "./ProvenanceText";
import { WithinBatchEvidence } from "./WithinBatchEvidence";

/** A decision's evidence, shown the way its kind needs. */
export function DecisionEvidenceView({ decision, deltasById }: { decision: ReviewDecision; deltasById: ReadonlyMap<string, CanonicalDelta> }) {
  const evidence = decisionEvidence(decision);
  switch (evidence.kind) {
    case "identity": {
      // The incoming row is the client record the batch would create or update; a merge has none.
      const incoming =
        (decision.delta_ids ?? [])
          .map((id) => deltasById.get(id))
          .find((delta) => delta?.entity === "client" && (delta.op === "create" || delta.op === "update")) ?? null;
      return (
        <IdentityEvidence
          candidates={evidence.candidates}
          clientIds={evidence.clientIds}
          incoming={incoming}
          batchDeltas={[...deltasById.values()]}
        />
      );
    }
    case "within_batch":
      return <WithinBatchEvidence pairs={evidence.pairs} batchDeltas={[...deltasById.values()]} />;
    case "field_changes":
      return (
        <table className="table compact">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Current</th>
              <th scope="col">Proposed</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {evidence.changes.map((change) => (
              <tr key={change.field}>
                <th scope="row">{change.field}</th>
                <td>{formatValue(change.old)}</td>
                <td>
                  <strong>{formatValue(change.new)}</strong>
                </td>
                <td className="small">{change.provenance ? <ProvenanceText provenance={change.provenance} /> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case "invalid_values":
      return (
        <ul className="plain">
          {evidence.items.map((item) => (
            <li key={item.field}>
              {item.field}: <code>{item.rawValue}</code> — {item.problem}
            </li>
          ))}
        </ul>
      );
    case "column":
      return (
        <p>
          Column <strong>{evidence.column}</strong>
          {evidence.samples.length > 0 && (
            <>
              , samples{" "}
              {evidence.samples.map((sample) => (
                <code key={sample} className="sample">
                  {sample}
                </code>
              ))}
            </>
          )}
          {evidence.reason && <span className="muted"> — {evidence.reason}</span>}
        </p>
      );
    case "writeback":
      return (
        <p>
          {evidence.rationale ?? "No rationale given."}
          <span className="muted">
            {" "}
            · confidence {formatPercent(evidence.confidence)}
            {evidence.missionId ? ` · mission ${evidence.missionId}` : ""}
          </span>
        </p>
      );
    case "other":
      if (evidence.items.length === 0) return null;
      return (
        <ul className="plain small">
          {evidence.items.map((item, index) => (
            <li key={index}>
              {Object.entries(item)
                .map(([key, value]) => `${key}: ${formatValue(value)}`)
                .join(" · ")}
            </li>
          ))}
        </ul>
      );
  }
}
