import { type DragEvent, useId, useState } from "react";
import { type Problem, problemOf } from "../../../api/problem";
import { uploadImport } from "../../../api/resources/imports";
import { useSourceProfiles } from "../../../api/resources/sourceProfiles";
import type { ImportSummary, SourceProfile } from "../../../api/types";
import { type UploadProgress, uploadPercent } from "../../../api/upload";
import { formatBytes } from "../../../lib/format";
import { importHref } from "../../../lib/routes";
import { ProblemMessage } from "../../common/ProblemMessage";

type UploadState =
  | { phase: "choosing" }
  | { phase: "uploading"; progress: UploadProgress | null }
  | { phase: "failed"; problem: Problem };

const ACCEPT = ".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values";

function profileGroups(profiles: SourceProfile[]): [string, SourceProfile[]][] {
  const groups = new Map<string, SourceProfile[]>();
  for (const profile of profiles) groups.set(profile.system, [...(groups.get(profile.system) ?? []), profile]);
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Choose or drop a file, optionally pick its source profile, and upload it with progress. */
export function UploadPanel({ onUploaded }: { onUploaded: (summary: ImportSummary) => void }) {
  const inputId = useId();
  const profileId = useId();
  const profiles = useSourceProfiles();
  const [file, setFile] = useState<File | null>(null);
  const [profile, setProfile] = useState("");
  const [dragging, setDragging] = useState(false);
  const [state, setState] = useState<UploadState>({ phase: "choosing" });

  const choose = (chosen: File | null | undefined) => {
    setFile(chosen ?? null);
    setState({ phase: "choosing" });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };
  const upload = async () => {
    if (!file) return;
    setState({ phase: "uploading", progress: null });
    try {
      const summary = await uploadImport({
        file,
        profile: profile || undefined,
        onProgress: (progress) => setState({ phase: "uploading", progress }),
      });
      setFile(null);
      setState({ phase: "choosing" });
      onUploaded(summary);
    } catch (error) {
      setState({ phase: "failed", problem: problemOf(error) });
    }
  };

  const uploading = state.phase === "uploading";
  const percent = uploading ? uploadPercent(state.progress) : null;
  const failedImport = state.phase === "failed" ? state.problem.extras.import_id : undefined;

  return (
    <section className="panel upload-panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>Upload an export</h2>
      <label
        htmlFor={inputId}
        className={`drop-zone${dragging ? " dragging" : ""}`}
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => event.preventDefault()}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <span className="drop-zone-title">{file ? file.name : "Drop a CSV, TSV or XLSX export here"}</span>
        <span className="drop-zone-hint">
          {file ? `${formatBytes(file.size)} · choose another file or drop one to replace it` : "or press to choose a file"}
        </span>
        <input
          id={inputId}
          type="file"
          accept={ACCEPT}
          className="visually-hidden"
          aria-label="Export file"
          disabled={uploading}
          onChange={(event) => choose(event.target.files?.[0])}
        />
      </label>
      <div className="upload-controls">
        <div className="field">
          <label htmlFor={profileId}>Source profile</label>
          <select id={profileId} value={profile} onChange={(event) => setProfile(event.target.value)} disabled={uploading}>
            <option value="">Infer from the file (recommended)</option>
            {profiles.state === "ready" &&
              profileGroups(profiles.data).map(([system, group]) => (
                <optgroup key={system} label={system}>
                  {group.map((item) => (
                    <option key={item.key} value={item.key}>
                      {item.label}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
          {profiles.state === "error" && (
            <span className="field-hint">Profiles could not be loaded ({profiles.problem.detail}); the server will infer one.</span>
          )}
        </div>
        <button type="button" className="primary" onClick={upload} disabled={!file || uploading}>
          {uploading ? "Uploading…" : "Upload and analyse"}
        </button>
      </div>
      {uploading && (
        <div className="upload-progress" role="status">
          <progress max={100} value={percent ?? undefined} aria-label="Upload progress" />
          <span>
            {percent === null
              ? "Starting upload…"
              : percent < 100
                ? `Uploading… ${percent}%`
                : "Uploaded; analysing the file (ingest, mapping, matching)…"}
          </span>
        </div>
      )}
      {state.phase === "failed" && (
        <>
          <ProblemMessage problem={state.problem} context="The import failed" />
          {typeof failedImport === "string" && (
            <p>
              The failed batch is kept for inspection: <a href={importHref(failedImport)}>{failedImport}</a>
            </p>
          )}
        </>
      )}
    </section>
  );
}
