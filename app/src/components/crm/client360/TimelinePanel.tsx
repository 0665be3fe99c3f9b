import type { Client360Snapshot } from "../../../api/types";
import { formatDateTime, humanize, plural } from "../../../lib/format";
import { Panel } from "../../common/Panel";
import { timelineEntry } from "./client360Model";

/** Interactions: counts by kind, first and last contact, and the most recent ones, newest first. */
export function TimelinePanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const summary = snapshot.interactions;
  const entries = (summary?.recent ?? []).map(timelineEntry);
  const kinds = Object.entries(summary?.by_kind ?? {});
  return (
    <Panel title="Interaction timeline">
      {(summary?.total ?? 0) === 0 ? (
        <p className="empty">No interactions recorded.</p>
      ) : (
        <>
          <p className="muted">
            {plural(summary?.total ?? 0, "interaction")}
            {kinds.length > 0 && ` (${kinds.map(([kind, count]) => `${count} ${kind}`).join(", ")})`} · first{" "}
            {formatDateTime(summary?.first_at)} · last {formatDateTime(summary?.last_at)}
          </p>
          <ol className="timeline">
            {entries.map((entry) => (
              <li key={entry.id} className={`timeline-item kind-${entry.kind}`}>
                <span className="timeline-when">{formatDateTime(entry.at)}</span>
                <span className="badge badge-neutral">{humanize(entry.kind)}</span>
                {entry.direction && <span className="sub"> {entry.direction}</span>}
                <div className="timeline-title">{entry.title}</div>
                {entry.detail && <div className="timeline-detail">{entry.detail}</div>}
              </li>
            ))}
          </ol>
        </>
      )}
    </Panel>
  );
}
