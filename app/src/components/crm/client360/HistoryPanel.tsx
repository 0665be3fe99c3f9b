import type { Client360Snapshot } from "../../../api/types";
import { formatDateTime, humanize } from "../../../lib/format";
import { clientHref } from "../../../lib/routes";
import { IdLink } from "../../common/IdLink";
import { Panel } from "../../common/Panel";
import { type HistoryItem, historyItems } from "./client360Model";

const UNDO_TITLES = { revert: "Reverted", unmerge: "Merge split" } as const;

function BatchLink({ clientId, batchId }: { clientId: string; batchId: string | null }) {
  return batchId?.startsWith("wbk_") ? (
    <a href={clientHref(clientId, "oracle")} className="mono">
      {batchId}
    </a>
  ) : (
    <IdLink id={batchId} />
  );
}

function HistoryLine({ item, clientId }: { item: HistoryItem; clientId: string }) {
  const when = <span className="timeline-when">{formatDateTime(item.at)}</span>;
  if (item.kind === "change") {
    return (
      <li className={item.undone ? "reverted" : undefined}>
        {when} <strong>{humanize(item.action)}</strong> by <BatchLink clientId={clientId} batchId={item.batchId} />
        {item.undone && " "}
        {item.undone && (
          <span className="badge badge-neutral">
            reverted{item.undone.at ? ` ${formatDateTime(item.undone.at)}` : ""}
            {item.undone.by ? ` by ${item.undone.by}` : ""}
          </span>
        )}
      </li>
    );
  }
  return (
    <li className="history-undo" aria-label={`${UNDO_TITLES[item.action]} ${item.batchId ?? ""}`.trim()}>
      {when} <strong>{UNDO_TITLES[item.action]}</strong> <BatchLink clientId={clientId} batchId={item.batchId} />
      {item.by && <> by {item.by}</>}
      {item.undid.map((change, index) => (
        <div key={`${change.action}:${index}`} className="sub">
          Undid the {humanize(change.action).toLowerCase()} of {formatDateTime(change.at)}
          {change.restored.length > 0 && <>: {change.restored.join("; ")}</>}
        </div>
      ))}
    </li>
  );
}

/** Creates, updates and merges that touched the client, with their import or writeback, and
 * each revert or merge split as an event of its own saying when, who and what it undid. */
export function HistoryPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const items = historyItems(snapshot.history);
  return (
    <Panel title="History">
      {items.length === 0 ? (
        <p className="empty">No recorded changes.</p>
      ) : (
        <ol className="history">
          {items.map((item) => (
            <HistoryLine key={item.key} item={item} clientId={snapshot.client_id} />
          ))}
        </ol>
      )}
    </Panel>
  );
}
