import { useId } from "react";
import type { CanonicalDelta } from "../../../api/types";
import type { ResourceHandle } from "../../../api/useResource";
import { ResourceView } from "../../common/ResourceView";
import { DeltaTable } from "../review/DeltaTable";

/** Every proposed change of the batch: operation, entity, field changes, risk and status. */
export function DeltaList({ deltas }: { deltas: ResourceHandle<CanonicalDelta[]> }) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Proposed changes</h2>
      <ResourceView resource={deltas} what="the proposed changes" isEmpty={(data) => data.length === 0} empty={<p>No changes proposed.</p>}>
        {(items) => <DeltaTable deltas={items} />}
      </ResourceView>
    </section>
  );
}
