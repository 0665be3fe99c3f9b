import type { Client360Snapshot } from "../../../api/types";
import { Panel } from "../../common/Panel";

/** The records in source systems this client was built from (`system:object:source_id`). */
export function SourceLinksPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const links = snapshot.source_links ?? [];
  return (
    <Panel title="Source links">
      {links.length === 0 ? (
        <p className="empty">No source records (entered in Velocity or from rows without ids).</p>
      ) : (
        <ul className="plain">
          {links.map((link) => (
            <li key={`${link.system}:${link.object}:${link.source_id}`}>
              <span className="badge badge-neutral">{link.system}</span> {link.object} <code>{link.source_id}</code>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
