/** A batch's mapping manifest, and saving edits (which replays the batch as a new one). */
import { getJson, putJson } from "../http";
import type { ImportSummary, MappingEdit, MappingManifest } from "../types";
import { useResource } from "../useResource";

export function useMapping(importId: string) {
  return useResource(`mapping:${importId}`, (signal) =>
    getJson<MappingManifest>(`/imports/${encodeURIComponent(importId)}/mapping`, undefined, signal),
  );
}

/** Save a new mapping version; the answer is the NEW batch replayed from raw evidence. */
export function saveMapping(importId: string, edits: MappingEdit[]): Promise<ImportSummary> {
  return putJson<ImportSummary>(`/imports/${encodeURIComponent(importId)}/mapping`, { edits });
}
