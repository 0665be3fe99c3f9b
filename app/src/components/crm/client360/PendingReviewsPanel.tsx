import type { Client360Snapshot } from "../../../api/types";
import { humanize } from "../../../lib/format";
import { clientHref, importHref } from "../../../lib/routes";
import { Badge } from "../../common/Badge";
import { Panel } from "../../common/Panel";

/** Decisions about this client still waiting for review, linked to where they are decided. */
export function PendingReviewsPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const reviews = snapshot.pending_reviews ?? [];
  return (
    <Panel title="Pending reviews">
      {reviews.length === 0 ? (
        <p className="empty">Nothing about this client waits for review.</p>
      ) : (
        <ul className="plain">
          {reviews.map((review, index) => {
            const importId = typeof review.import_id === "string" ? review.import_id : null;
            const href = importId ? importHref(importId) : clientHref(snapshot.client_id, "oracle");
            return (
              <li key={typeof review.decision_id === "string" ? review.decision_id : index}>
                <Badge value={String(review.risk ?? "")} label={`${String(review.risk ?? "?")} risk`} />{" "}
                <a href={href}>{String(review.question ?? humanize(String(review.kind ?? "decision")))}</a>
                <div className="sub">{importId ? `in ${importId}` : "Oracle writeback"}</div>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
