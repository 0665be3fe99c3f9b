import { applyWriteback, useWritebacks } from "../../../api/resources/writebacks";
import type { Writeback } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import { formatDateTime, formatPercent } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { ProblemMessage } from "../../common/ProblemMessage";
import { ResourceView } from "../../common/ResourceView";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { ApplyResultView } from "../imports/BatchActions";
import { DecisionCard } from "../review/DecisionCard";
import { DeltaTable } from "../review/DeltaTable";
import { canApplyWriteback, writebacksNeedingReview } from "./client360Model";

function applyHint(writeback: Writeback): string {
  if (canApplyWriteback(writeback)) return "Writes the approved changes to the client.";
  if ((writeback.decisions ?? []).some((decision) => decision.status === "pending")) return "Approve a decision above to have something to apply.";
  return (writeback.deltas ?? []).some((delta) => delta.status === "applied") ? "Every approved change is applied." : "Nothing approved to apply.";
}

function WritebackCard({ writeback, onChanged }: { writeback: Writeback; onChanged: () => void }) {
  const apply = useAction(applyWriteback);
  const permission = usePermission("apply");
  const deltasById = new Map((writeback.deltas ?? []).map((delta) => [delta.delta_id, delta]));
  const runApply = async () => {
    if (await apply.run(writeback.writeback_id)) onChanged();
  };
  return (
    <article className="panel writeback" aria-label={`Writeback ${writeback.writeback_id}`}>
      <header className="decision-head">
        <Badge value={writeback.status} />
        <span className="badge badge-info">{writeback.source}</span>
        {writeback.mission_id && <span className="sub">mission {writeback.mission_id}</span>}
        <span className="mono sub">{writeback.writeback_id}</span>
      </header>
      <h3 className="writeback-rationale">{writeback.rationale ?? "No rationale given."}</h3>
      <p className="muted small">
        Confidence <strong>{formatPercent(writeback.confidence)}</strong> · proposed by {writeback.created_by ?? "—"} on{" "}
        {formatDateTime(writeback.created_at)}
      </p>
      <h4 className="small-heading">Proposed changes</h4>
      <DeltaTable deltas={writeback.deltas ?? []} compact />
      <div className="decision-list">
        {(writeback.decisions ?? []).map((decision) => (
          <DecisionCard key={`${decision.decision_id}:${decision.status}`} decision={decision} deltasById={deltasById} onDecided={onChanged} />
        ))}
      </div>
      <div className="actions-row">
        <button type="button" className="primary" onClick={runApply} disabled={!permission.allowed || !canApplyWriteback(writeback) || apply.status.state === "running"}>
          {apply.status.state === "running" ? "Applying…" : "Apply approved changes"}
        </button>
        <span className="muted small">
          {applyHint(writeback)}
        </span>
      </div>
      <RoleNotice permission={permission} />
      {apply.status.state === "done" && <ApplyResultView result={apply.status.result} />}
      {apply.status.state === "failed" && <ProblemMessage problem={apply.status.problem} context="Apply failed" />}
    </article>
  );
}

/** Oracle CRM Intelligence: the client's writeback proposals with rationale and confidence;
 * approve or reject their decisions and apply them. */
export function OracleTab({ clientId, revision, onChanged }: { clientId: string; revision: number; onChanged: () => void }) {
  const writebacks = useWritebacks(clientId, revision);
  return (
    <section aria-label="Oracle CRM Intelligence">
      <p className="muted">
        Proposals from Velocity&apos;s intelligence layer. They change nothing until a decision is approved and the writeback applied.
      </p>
      <ResourceView
        resource={writebacks}
        what="the Oracle proposals"
        isEmpty={(data) => data.length === 0}
        empty={<p>Oracle has proposed nothing for this client.</p>}
      >
        {(items) => (
          <div className="writebacks">
            {writebacksNeedingReview(items).map((writeback) => (
              <WritebackCard key={writeback.writeback_id} writeback={writeback} onChanged={onChanged} />
            ))}
          </div>
        )}
      </ResourceView>
    </section>
  );
}
