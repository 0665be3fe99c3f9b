/** Import batches: the list, one batch's ImportSummary, upload, bulk approval, apply, revert. */
import { apiUrl, getJson, postJson } from "../http";
import type { ApplyResult, BulkApproval, ImportSummary, Risk, RevertResult } from "../types";
import { type UploadProgress, uploadWithProgress } from "../upload";
import { useResource } from "../useResource";

export function useImports(revision = 0) {
  return useResource("imports", (signal) => getJson<ImportSummary[]>("/imports", { limit: 200 }, signal), revision);
}

export function useImport(importId: string, revision = 0) {
  return useResource(
    `import:${importId}`,
    (signal) => getJson<ImportSummary>(`/imports/${encodeURIComponent(importId)}`, undefined, signal),
    revision,
  );
}

export interface ImportUpload {
  file: File;
  /** A source profile key; omitted to let the server infer it. */
  profile?: string;
  onProgress?: (progress: UploadProgress) => void;
}

export function uploadImport({ file, profile, onProgress }: ImportUpload): Promise<ImportSummary> {
  return uploadWithProgress<ImportSummary>({ url: apiUrl("/imports"), file, fields: { profile }, onProgress });
}

export function approveBatch(importId: string, risks: Risk[]): Promise<BulkApproval> {
  return postJson<BulkApproval>(`/imports/${encodeURIComponent(importId)}/approve`, undefined, { risk: risks.join(",") });
}

export function applyImport(importId: string): Promise<ApplyResult> {
  return postJson<ApplyResult>(`/imports/${encodeURIComponent(importId)}/apply`);
}

export function revertImport(importId: string): Promise<RevertResult> {
  return postJson<RevertResult>(`/imports/${encodeURIComponent(importId)}/revert`);
}
