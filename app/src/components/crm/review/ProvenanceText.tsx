import type { Provenance } from "../../../api/types";
import { IdLink } from "../../common/IdLink";
import { provenanceParts } from "./provenance";

/** Where a value came from, in one line: system, batch, row, column and raw value. */
export function ProvenanceText({ provenance }: { provenance: Provenance }) {
  const parts = provenanceParts(provenance);
  return (
    <span className="provenance-text">
      {parts.system}
      {parts.batchId && (
        <>
          {" · "}
          <IdLink id={parts.batchId} />
        </>
      )}
      {parts.location && ` · ${parts.location}`}
      {parts.rawValue !== null && (
        <>
          {" · raw "}
          <code>{parts.rawValue}</code>
        </>
      )}
    </span>
  );
}
