import { useId, useState } from "react";
import { approveBatch } from "../../../api/resources/imports";
import { type DecisionFilter, useDecisions } from "../../../api/resources/decisions";
import { type BatchStatus, type CanonicalDelta, DECISION_KINDS, RISKS } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import type { Resource } from "../../../api/useResource";
import { humanize, plural } from "../../../lib/format";
import { ProblemMessage } from "../../common/ProblemMessage";
import { ResourceView } from "../../common/ResourceView";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { DecisionCard } from "../review/DecisionCard";
import { canApply } from "./batchFacts";

interface ReviewQueueProps {
  importId: string;
  status: BatchStatus;
  deltas: Resource<CanonicalDelta[]>;
  revision: number;
  onChanged: () => void;
}

/** The batch's review decisions, filterable by status, kind and risk, with bulk approval of
 * the low-risk ones (approvers). */
export function ReviewQueue({ importId, status, deltas, revision, onChanged }: ReviewQueueProps) {
  const closed = status === "reverted" || status === "failed";
  const headingId = useId();
  const [filter, setFilter] = useState<DecisionFilter>({ status: "pending", kind: "", risk: "" });
  const decisions = useDecisions(importId, filter, revision);
  const bulk = useAction(approveBatch);
  const decide = usePermission("decide");
  const deltasById = new Map(deltas.state === "ready" ? deltas.data.map((delta) => [delta.delta_id, delta]) : []);

  const approveLowRisk = async () => {
    if (await bulk.run(importId, ["low"])) onChanged();
  };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <div className="panel-head">
        <h2 id={headingId}>Review queue</h2>
        <div className="filters" role="group" aria-label="Filter decisions">
          <div className="field inline">
            <label htmlFor={`${headingId}-status`}>Status</label>
            <select
              id={`${headingId}-status`}
              value={filter.status}
              onChange={(event) => setFilter({ ...filter, status: event.target.value as DecisionFilter["status"] })}
            >
              <option value="pending">Pending</option>
              <option value="approved">Approved</option>
              <option value="rejected">Rejected</option>
              <option value="">All</option>
            </select>
          </div>
          <div className="field inline">
            <label htmlFor={`${headingId}-kind`}>Kind</label>
            <select
              id={`${headingId}-kind`}
              value={filter.kind}
              onChange={(event) => setFilter({ ...filter, kind: event.target.value as DecisionFilter["kind"] })}
            >
              <option value="">All kinds</option>
              {DECISION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {humanize(kind)}
                </option>
              ))}
            </select>
          </div>
          <div className="field inline">
            <label htmlFor={`${headingId}-risk`}>Risk</label>
            <select
              id={`${headingId}-risk`}
              value={filter.risk}
              onChange={(event) => setFilter({ ...filter, risk: event.target.value as DecisionFilter["risk"] })}
            >
              <option value="">Any risk</option>
              {RISKS.map((risk) => (
                <option key={risk} value={risk}>
                  {humanize(risk)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" onClick={approveLowRisk} disabled={!decide.allowed || closed || bulk.status.state === "running"}>
            {bulk.status.state === "running" ? "Approving…" : "Approve all low-risk"}
          </button>
        </div>
      </div>
      <RoleNotice permission={decide} />
      {bulk.status.state === "done" && (
        <p className="result result-good" role="status">
          Approved {plural(bulk.status.result.decisions, "low-risk decision")} and{" "}
          {plural(bulk.status.result.deltas, "undecided change")} with their recommended options.
        </p>
      )}
      {bulk.status.state === "failed" && <ProblemMessage problem={bulk.status.problem} context="Bulk approval failed" />}
      <ResourceView
        resource={decisions}
        what="the review queue"
        isEmpty={(data) => data.length === 0}
        empty={
          <p>
            {filter.status !== "pending" || filter.kind || filter.risk
              ? "No decisions match these filters."
              : canApply(status)
                ? "Nothing waits for review. Apply the approved changes when you are ready."
                : "Nothing waits for review."}
          </p>
        }
      >
        {(items) => (
          <div className="decision-list">
            {items.map((decision) => (
              <DecisionCard key={`${decision.decision_id}:${decision.status}`} decision={decision} deltasById={deltasById} onDecided={onChanged} />
            ))}
          </div>
        )}
      </ResourceView>
    </section>
  );
}
