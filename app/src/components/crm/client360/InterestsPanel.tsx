import type { Client360Snapshot } from "../../../api/types";
import { formatDateTime, formatValue } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { Panel } from "../../common/Panel";

const LEVEL_TONE = { high: "good", medium: "info", low: "neutral" } as const;

/** The client's interest in inventory items, with level and note. */
export function InterestsPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const interests = snapshot.interests ?? [];
  return (
    <Panel title="Interests">
      {interests.length === 0 ? (
        <p className="empty">No interests recorded.</p>
      ) : (
        <ul className="plain">
          {interests.map((interest, index) => {
            const level = typeof interest.level === "string" ? interest.level : null;
            return (
              <li key={typeof interest.id === "string" ? interest.id : index}>
                <strong className="mono">{formatValue(interest.inventory_ref)}</strong>{" "}
                {level && <Badge value={level} label={`${level} interest`} tone={LEVEL_TONE[level as keyof typeof LEVEL_TONE] ?? "neutral"} />}
                {typeof interest.note === "string" && <div>{interest.note}</div>}
                {typeof interest.noted_at === "string" && <div className="sub">noted {formatDateTime(interest.noted_at)}</div>}
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
