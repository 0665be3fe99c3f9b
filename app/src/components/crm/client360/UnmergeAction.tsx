import { useState } from "react";
import { problemList } from "../../../api/problem";
import { unmergeClient } from "../../../api/resources/clients";
import type { Client360Snapshot } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import { plural } from "../../../lib/format";
import { ConfirmDialog } from "../../common/ConfirmDialog";
import { ProblemMessage } from "../../common/ProblemMessage";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { lastMerge } from "./client360Model";

/** Undo the client's latest applied merge, after a confirmation (approvers). Shown only when there is one. */
export function UnmergeAction({ snapshot, onChanged }: { snapshot: Client360Snapshot; onChanged: () => void }) {
  const unmerge = useAction(unmergeClient);
  const [confirming, setConfirming] = useState(false);
  const permission = usePermission("unmerge");
  const merge = lastMerge(snapshot);
  const run = async () => {
    const result = await unmerge.run(snapshot.client_id);
    setConfirming(false);
    if (result) onChanged();
  };
  if (!merge && unmerge.status.state === "idle") return null;
  return (
    <div className="unmerge">
      {merge && (
        <button type="button" className="danger-outline" onClick={() => setConfirming(true)} disabled={!permission.allowed || unmerge.status.state === "running"}>
          Split the last merge…
        </button>
      )}
      {merge && <RoleNotice permission={permission} />}
      {unmerge.status.state === "done" && (
        <p className="result result-good" role="status" aria-label="Unmerge result">
          Merge split: {plural(unmerge.status.result.reverted, "change")} undone. The two records stay apart from now on.
        </p>
      )}
      {unmerge.status.state === "failed" && (
        <ProblemMessage problem={unmerge.status.problem} context="The merge was not split" items={problemList(unmerge.status.problem, "conflicts")} />
      )}
      {confirming && merge && (
        <ConfirmDialog
          title="Split the last merge?"
          confirmLabel="Split merge"
          danger
          busy={unmerge.status.state === "running"}
          onConfirm={run}
          onCancel={() => setConfirming(false)}
        >
          <p>
            The merge made by <span className="mono">{merge.batchId}</span> is undone: both records come back as they were, and
            Velocity remembers that they are different people.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
