import type { Client360Snapshot } from "../../../api/types";
import { formatDateTime, humanize } from "../../../lib/format";
import { clientHref } from "../../../lib/routes";
import { IdLink } from "../../common/IdLink";
import { Panel } from "../../common/Panel";

/** Creates, updates, merges and reverts that touched the client, with their import or writeback. */
export function HistoryPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const history = [...(snapshot.history ?? [])].reverse();
  return (
    <Panel title="History">
      {history.length === 0 ? (
        <p className="empty">No recorded changes.</p>
      ) : (
        <ol className="history">
          {history.map((event, index) => (
            <li key={typeof event.delta_id === "string" ? `${event.delta_id}:${index}` : index} className={event.reverted ? "reverted" : undefined}>
              <span className="timeline-when">{formatDateTime(typeof event.at === "string" ? event.at : null)}</span>{" "}
              <strong>{humanize(String(event.action ?? "change"))}</strong> by{" "}
              {typeof event.batch_id === "string" && event.batch_id.startsWith("wbk_") ? (
                <a href={clientHref(snapshot.client_id, "oracle")} className="mono">
                  {event.batch_id}
                </a>
              ) : (
                <IdLink id={typeof event.batch_id === "string" ? event.batch_id : null} />
              )}
              {event.reverted === true && <span className="badge badge-neutral">reverted</span>}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
