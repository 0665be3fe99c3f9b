import { useId } from "react";
import { saveMapping, useMapping } from "../../../api/resources/mapping";
import type { CanonicalDelta, ImportSummary } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import type { Resource } from "../../../api/useResource";
import { formatPercent, humanize, plural } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { ProblemMessage } from "../../common/ProblemMessage";
import { ResourceView } from "../../common/ResourceView";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { targetGroups } from "./canonicalTargets";
import {
  type ColumnChoice,
  type ColumnRow,
  choiceKey,
  columnRows,
  currentChoice,
  mappingEdits,
  parseChoiceKey,
  sameChoice,
  samplesFromDeltas,
} from "./mappingRows";

export type MappingDrafts = Record<string, ColumnChoice>;

interface MappingEditorProps {
  importId: string;
  deltas: Resource<CanonicalDelta[]>;
  drafts: MappingDrafts;
  onDraftsChange: (drafts: MappingDrafts) => void;
  /** Called with the NEW batch the server replayed under the edited mapping. */
  onReplayed: (summary: ImportSummary) => void;
}

interface ChoiceSelectProps {
  row: ColumnRow;
  choice: ColumnChoice;
  disabled: boolean;
  onChange: (choice: ColumnChoice) => void;
}

function ChoiceSelect({ row, choice, disabled, onChange }: ChoiceSelectProps) {
  const suggestions = row.kind === "unmapped" ? row.suggestions : [];
  const extra = [...suggestions.map((item) => item.target), ...(choice.kind === "target" ? [choice.target] : [])];
  if (row.kind === "mapped") extra.push(row.target);
  return (
    <select
      aria-label={`Target for column ${row.column}`}
      value={choiceKey(choice)}
      disabled={disabled}
      onChange={(event) => {
        const parsed = parseChoiceKey(event.target.value);
        if (parsed) onChange(parsed);
      }}
    >
      <optgroup label="Keep out of the canonical fields">
        <option value="disposition:unresolved">Leave unresolved</option>
        <option value="disposition:custom">Keep as custom attribute</option>
        <option value="disposition:ignore">Ignore this column</option>
      </optgroup>
      {suggestions.length > 0 && (
        <optgroup label="Suggested">
          {suggestions.map((item) => (
            <option key={item.target} value={`target:${item.target}`}>
              {item.target} ({formatPercent(item.confidence)})
            </option>
          ))}
        </optgroup>
      )}
      {targetGroups(extra).map((group) => (
        <optgroup key={group.entity} label={humanize(group.entity)}>
          {group.targets
            .filter((target) => !suggestions.some((item) => item.target === target))
            .map((target) => (
              <option key={target} value={`target:${target}`}>
                {target}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

function RowStatus({ row }: { row: ColumnRow }) {
  if (row.kind === "mapped") {
    return (
      <>
        <span className="confidence">{formatPercent(row.confidence)}</span> <Badge value={row.origin} tone="info" />
      </>
    );
  }
  return <Badge value={row.disposition} tone={row.disposition === "unresolved" ? "warn" : "neutral"} />;
}

/** Every column with its samples, target, confidence and origin; edits (operators) are saved
 * as a new mapping version and the batch is replayed from its raw evidence as a new batch. */
export function MappingEditor({ importId, deltas, drafts, onDraftsChange, onReplayed }: MappingEditorProps) {
  const headingId = useId();
  const mapping = useMapping(importId);
  const save = useAction(saveMapping);
  const permission = usePermission("edit_mapping");
  const samples = deltas.state === "ready" ? samplesFromDeltas(deltas.data) : {};

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Column mapping</h2>
      <ResourceView resource={mapping} what="the mapping">
        {(manifest) => {
          const rows = columnRows(manifest, samples);
          const edits = mappingEdits(rows, drafts);
          const saveEdits = async () => {
            const summary = await save.run(importId, edits);
            if (summary) {
              onDraftsChange({});
              onReplayed(summary);
            }
          };
          return (
            <>
              <p className="muted">
                Profile <strong>{manifest.profile}</strong> ({manifest.source_system}, rows are {manifest.object}s) ·
                mapping version {manifest.version} <span className="mono">{manifest.id}</span>
              </p>
              <table className="table mapping-table">
                <thead>
                  <tr>
                    <th scope="col">Column</th>
                    <th scope="col">Samples</th>
                    <th scope="col">Target</th>
                    <th scope="col">Confidence · origin</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => {
                    const choice = drafts[row.column] ?? currentChoice(row);
                    const changed = !sameChoice(choice, currentChoice(row));
                    return (
                      <tr key={row.column} className={changed ? "row-changed" : row.kind === "unmapped" && row.disposition === "unresolved" ? "row-attention" : undefined}>
                        <th scope="row">
                          {row.column}
                          {row.kind === "unmapped" && row.reason && <div className="sub">{row.reason}</div>}
                        </th>
                        <td>
                          {row.samples.length === 0 ? (
                            <span className="muted">—</span>
                          ) : (
                            <ul className="samples">
                              {row.samples.map((sample) => (
                                <li key={sample}>
                                  <code>{sample}</code>
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td>
                          <ChoiceSelect
                            row={row}
                            choice={choice}
                            disabled={!permission.allowed}
                            onChange={(next) => {
                              const rest = { ...drafts };
                              delete rest[row.column];
                              onDraftsChange(sameChoice(next, currentChoice(row)) ? rest : { ...rest, [row.column]: next });
                            }}
                          />
                          {changed && <div className="sub changed-note">changed, not saved</div>}
                        </td>
                        <td>
                          <RowStatus row={row} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {permission.allowed ? (
                <div className="actions-row sticky-actions">
                  <button type="button" className="primary" disabled={edits.length === 0 || save.status.state === "running"} onClick={saveEdits}>
                    {save.status.state === "running" ? "Saving and replaying…" : "Save mapping and replay"}
                  </button>
                  <button type="button" disabled={edits.length === 0 || save.status.state === "running"} onClick={() => onDraftsChange({})}>
                    Discard changes
                  </button>
                  <span className="muted small">
                    {edits.length === 0
                      ? "Change a target to edit the mapping."
                      : `${plural(edits.length, "column")} changed. Saving replays the file from its raw evidence as a new batch.`}
                  </span>
                </div>
              ) : (
                <RoleNotice permission={permission} />
              )}
              {save.status.state === "failed" && <ProblemMessage problem={save.status.problem} context="The mapping was not saved" />}
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}
