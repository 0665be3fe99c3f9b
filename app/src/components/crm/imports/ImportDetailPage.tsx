import { useState } from "react";
import { useDeltas } from "../../../api/resources/deltas";
import { useImport, useImports } from "../../../api/resources/imports";
import { useUnresolved } from "../../../api/resources/unresolved";
import { formatDateTime } from "../../../lib/format";
import { type ImportTab, importHref } from "../../../lib/routes";
import { navigate } from "../../../lib/useRoute";
import { Badge } from "../../common/Badge";
import { IdLink } from "../../common/IdLink";
import { ResourceView } from "../../common/ResourceView";
import { TabNav } from "../../common/TabNav";
import { BatchActions } from "./BatchActions";
import { DeltaList } from "./DeltaList";
import { ImportSummaryCard } from "./ImportSummaryCard";
import { type MappingDrafts, MappingEditor } from "./MappingEditor";
import { ReviewQueue } from "./ReviewQueue";
import { UnresolvedFields } from "./UnresolvedFields";
import { deltaTotals, replaysOf } from "./batchFacts";

/** One import batch: its summary, apply and revert, and the review queue, mapping editor,
 * unresolved fields and proposed changes as tabs. */
export function ImportDetailPage({ importId, tab }: { importId: string; tab: ImportTab }) {
  // Every change made on this page bumps the revision, so all its panels reload together.
  const [revision, setRevision] = useState(0);
  const refresh = () => setRevision((value) => value + 1);
  const summary = useImport(importId, revision);
  const imports = useImports(revision);
  const deltas = useDeltas(importId, revision);
  const unresolved = useUnresolved(importId, revision);
  const [drafts, setDrafts] = useState<MappingDrafts>({});

  return (
    <div className="page">
      <p className="breadcrumbs">
        <a href="#/imports">Imports</a> / <span className="mono">{importId}</span>
      </p>
      <ResourceView resource={summary} what="the import">
        {(batch) => {
          const replays = imports.state === "ready" ? replaysOf(importId, imports.data) : [];
          return (
            <>
              <header className="page-head">
                <h1>
                  {batch.file.name} <Badge value={batch.status} />
                </h1>
                <p className="lede">
                  <span className="mono">{batch.import_id}</span> · {batch.source_system ?? "unknown system"} · run by{" "}
                  {batch.created_by ?? "—"} on {formatDateTime(batch.created_at)}
                  {batch.replay_of && (
                    <>
                      {" "}
                      · replay of <IdLink id={batch.replay_of} /> (same file)
                    </>
                  )}
                </p>
                {replays.length > 0 && (
                  <p className="notice" role="note">
                    This file was replayed as{" "}
                    {replays.map((replay, index) => (
                      <span key={replay.import_id}>
                        {index > 0 && ", "}
                        <IdLink id={replay.import_id} /> ({replay.status.replace("_", " ")})
                      </span>
                    ))}
                    . Review and apply the newest batch rather than this one.
                  </p>
                )}
              </header>
              <ImportSummaryCard summary={batch} />
              <BatchActions summary={batch} onChanged={refresh} />
              <TabNav
                label="Import sections"
                current={tab}
                hrefOf={(id) => importHref(importId, id)}
                tabs={[
                  { id: "review", label: "Review queue", count: batch.review_required },
                  { id: "mapping", label: "Mapping", count: batch.columns.total },
                  { id: "unresolved", label: "Unresolved", count: batch.unresolved_fields },
                  { id: "deltas", label: "Changes", count: deltaTotals(batch.deltas).total },
                ]}
              />
              {tab === "review" && <ReviewQueue importId={importId} status={batch.status} deltas={deltas} revision={revision} onChanged={refresh} />}
              {tab === "mapping" && (
                <MappingEditor
                  importId={importId}
                  deltas={deltas}
                  drafts={drafts}
                  onDraftsChange={setDrafts}
                  onReplayed={(replayed) => navigate({ page: "import", importId: replayed.import_id, tab: "review" })}
                />
              )}
              {tab === "unresolved" && (
                <UnresolvedFields
                  unresolved={unresolved}
                  onUseSuggestion={(column, target) => {
                    setDrafts({ ...drafts, [column]: { kind: "target", target } });
                    navigate({ page: "import", importId, tab: "mapping" });
                  }}
                />
              )}
              {tab === "deltas" && <DeltaList deltas={deltas} />}
            </>
          );
        }}
      </ResourceView>
    </div>
  );
}
