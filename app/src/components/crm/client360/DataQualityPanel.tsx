import type { Client360Snapshot } from "../../../api/types";
import { formatValue, humanize } from "../../../lib/format";
import { Panel } from "../../common/Panel";

/** Missing key fields, fields where sources disagree, and invalid values kept raw. */
export function DataQualityPanel({ snapshot }: { snapshot: Client360Snapshot }) {
  const quality = snapshot.data_quality;
  const missing = quality?.missing_key_fields ?? [];
  const conflicting = quality?.conflicting_values ?? [];
  const invalid = quality?.invalid_values ?? [];
  const clean = missing.length + conflicting.length + invalid.length === 0;
  return (
    <Panel title="Data quality">
      {clean ? (
        <p className="empty">No data-quality flags.</p>
      ) : (
        <ul className="flags">
          {missing.map((field) => (
            <li key={`missing:${field}`} className="flag flag-warn">
              Missing {humanize(field).toLowerCase()}
            </li>
          ))}
          {conflicting.map((item, index) => (
            <li key={`conflict:${index}`} className="flag flag-info">
              {humanize(String(item.field ?? ""))}: shows {formatValue(item.value)}, sources also say {formatValue(item.alternatives)}
            </li>
          ))}
          {invalid.map((item, index) => (
            <li key={`invalid:${index}`} className="flag flag-bad">
              Invalid {String(item.field ?? "value")} kept raw: <code>{formatValue(item.raw_value)}</code>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
