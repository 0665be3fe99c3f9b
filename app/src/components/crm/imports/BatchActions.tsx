import { useState } from "react";
import { problemList } from "../../../api/problem";
import { applyImport, revertImport } from "../../../api/resources/imports";
import type { ApplyResult, ImportSummary } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import { plural } from "../../../lib/format";
import { ConfirmDialog } from "../../common/ConfirmDialog";
import { ProblemMessage } from "../../common/ProblemMessage";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { canApply, canRevert } from "./batchFacts";

export function ApplyResultView({ result }: { result: ApplyResult }) {
  const reasons = result.blocked_reasons ?? [];
  return (
    <div className={`result ${result.blocked > 0 ? "result-warn" : "result-good"}`} role="status" aria-label="Apply result">
      <p>
        <strong>Applied {plural(result.applied, "change")}</strong>
        {", "}
        {result.blocked > 0 ? <strong>{result.blocked} blocked</strong> : "none blocked"}
        {` · batch is now ${result.status.replace("_", " ")}`}
        {result.clients_refreshed ? ` · ${plural(result.clients_refreshed, "client")} refreshed` : ""}
      </p>
      {reasons.length > 0 && (
        <>
          <p>Why they were blocked:</p>
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Apply the batch's approved changes, or revert an applied batch after a confirmation
 * (approvers; anyone else sees the buttons disabled and the role they need). */
export function BatchActions({ summary, onChanged }: { summary: ImportSummary; onChanged: () => void }) {
  const mayApply = usePermission("apply");
  const mayRevert = usePermission("revert");
  const apply = useAction(applyImport);
  const revert = useAction(revertImport);
  const [confirming, setConfirming] = useState(false);

  const runApply = async () => {
    revert.reset();
    if (await apply.run(summary.import_id)) onChanged();
  };
  const runRevert = async () => {
    apply.reset();
    const result = await revert.run(summary.import_id);
    setConfirming(false);
    if (result) onChanged();
  };

  return (
    <section className="panel batch-actions" aria-label="Apply and revert">
      <div className="actions-row">
        <button
          type="button"
          className="primary"
          onClick={runApply}
          disabled={!mayApply.allowed || !canApply(summary.status) || apply.status.state === "running"}
        >
          {apply.status.state === "running" ? "Applying…" : "Apply approved changes"}
        </button>
        <button
          type="button"
          className="danger-outline"
          onClick={() => setConfirming(true)}
          disabled={!mayRevert.allowed || !canRevert(summary.status) || revert.status.state === "running"}
        >
          Revert this import…
        </button>
        <span className="muted small">
          {canApply(summary.status)
            ? "Only approved changes are written; anything still waiting for review stays pending."
            : canRevert(summary.status)
              ? "Reverting undoes every change this batch applied."
              : `Nothing to apply: the batch is ${summary.status.replace("_", " ")}.`}
        </span>
      </div>
      <RoleNotice permission={mayApply} />
      <RoleNotice permission={mayRevert} />
      {apply.status.state === "done" && <ApplyResultView result={apply.status.result} />}
      {apply.status.state === "failed" && <ProblemMessage problem={apply.status.problem} context="Apply failed" />}
      {revert.status.state === "done" && (
        <div className="result result-good" role="status" aria-label="Revert result">
          <p>
            <strong>Reverted {plural(revert.status.result.reverted, "change")}</strong> · batch is now{" "}
            {revert.status.result.status}
          </p>
        </div>
      )}
      {revert.status.state === "failed" && (
        <ProblemMessage
          problem={revert.status.problem}
          context="Revert refused"
          items={problemList(revert.status.problem, "conflicts")}
        />
      )}
      {confirming && (
        <ConfirmDialog
          title="Revert this import?"
          confirmLabel="Revert import"
          danger
          busy={revert.status.state === "running"}
          onConfirm={runRevert}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Every change that <strong>{summary.file.name}</strong> ({summary.import_id}) applied will be undone, and the
            clients it touched are refreshed. If later imports or writebacks changed the same records, the revert is
            refused and they are listed.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
