import { useId } from "react";
import type { UnresolvedField } from "../../../api/types";
import type { ResourceHandle } from "../../../api/useResource";
import { humanize } from "../../../lib/format";
import { importHref } from "../../../lib/routes";
import { Badge } from "../../common/Badge";
import { ResourceView } from "../../common/ResourceView";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";

interface UnresolvedFieldsProps {
  unresolved: ResourceHandle<UnresolvedField[]>;
  /** Prefill the mapping editor with a suggested target for a column. */
  onUseSuggestion: (column: string, target: string) => void;
}

/** Whole columns without a target, then single values that could not be normalized (raw value kept). */
export function UnresolvedFields({ unresolved, onUseSuggestion }: UnresolvedFieldsProps) {
  const headingId = useId();
  const editMapping = usePermission("edit_mapping");
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Unresolved fields</h2>
      <ResourceView
        resource={unresolved}
        what="the unresolved fields"
        isEmpty={(data) => data.length === 0}
        empty={<p>Nothing unresolved: every column has a target and every value was normalized.</p>}
      >
        {(fields) => {
          const columns = fields.filter((field) => field.row === null);
          const values = fields.filter((field) => field.row !== null);
          return (
            <>
              {columns.length > 0 && (
                <>
                  <h3 className="small-heading">Columns ({columns.length})</h3>
                  <RoleNotice permission={editMapping} />
                  <ul className="cards">
                    {columns.map((field) => (
                      <li key={`${field.column}:${field.reason}`} className="card">
                        <div className="card-head">
                          <strong>{field.column}</strong> <Badge value={field.reason} tone="warn" />
                        </div>
                        <p>{field.message}</p>
                        {field.raw_value && (
                          <p className="muted">
                            Samples: <code>{field.raw_value}</code>
                          </p>
                        )}
                        {(field.suggestions ?? []).length === 0 ? (
                          <p>
                            <a href={importHref(field.import_id, "review")}>Decide it in the review queue</a> or{" "}
                            <a href={importHref(field.import_id, "mapping")}>change the mapping</a>.
                          </p>
                        ) : (
                          <div className="suggestions">
                            <span className="muted">Suggestions:</span>
                            {(field.suggestions ?? []).map((target) => (
                              <button
                                key={target}
                                type="button"
                                className="chip"
                                disabled={!editMapping.allowed}
                                onClick={() => onUseSuggestion(field.column, target)}
                              >
                                Map to {target}
                              </button>
                            ))}
                          </div>
                        )}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {values.length > 0 && (
                <>
                  <h3 className="small-heading">Values ({values.length})</h3>
                  <table className="table">
                    <thead>
                      <tr>
                        <th scope="col" className="num">Row</th>
                        <th scope="col">Column</th>
                        <th scope="col">Raw value</th>
                        <th scope="col">Reason</th>
                        <th scope="col">Details</th>
                      </tr>
                    </thead>
                    <tbody>
                      {values.map((field) => (
                        <tr key={`${field.row}:${field.column}:${field.reason}`}>
                          <td className="num">{field.row}</td>
                          <td>{field.column}</td>
                          <td>
                            <code>{field.raw_value ?? "—"}</code>
                          </td>
                          <td>{humanize(field.reason)}</td>
                          <td>
                            {field.message}
                            {(field.suggestions ?? []).length > 0 && (
                              <div className="sub">Did you mean: {(field.suggestions ?? []).join(", ")}</div>
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}
