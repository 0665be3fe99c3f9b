import { type SnapshotLookup, useClient360s } from "../../../api/resources/client360";
import type { CanonicalDelta } from "../../../api/types";
import { formatPercent } from "../../../lib/format";
import { clientHref } from "../../../lib/routes";
import type { IdentityCandidate } from "./decisionModel";
import { type PersonRecord, accountNameIn, displayName, recordOfDelta, recordOfSnapshot } from "./identityRecords";
import { ComparisonList, RecordFields } from "./RecordFields";

interface CandidateColumnProps {
  clientId: string;
  candidate: IdentityCandidate | null;
  lookup: SnapshotLookup | undefined;
  incoming: PersonRecord | null;
  letter: string;
}

function CandidateColumn({ clientId, candidate, lookup, incoming, letter }: CandidateColumnProps) {
  const snapshot = lookup?.ok ? lookup.snapshot : null;
  return (
    <article className="identity-column" aria-label={`Candidate ${letter}`}>
      <header>
        <span className="identity-label">Candidate {letter}</span>
        <a href={clientHref(clientId)} className="identity-name">
          {snapshot ? displayName(snapshot) : clientId}
        </a>
        <span className="mono sub">{clientId}</span>
        {candidate?.probability !== null && candidate?.probability !== undefined && (
          <span className="probability">{formatPercent(candidate.probability)} match</span>
        )}
        {candidate?.previouslyRejected && <span className="badge badge-bad">rejected before</span>}
      </header>
      {lookup && !lookup.ok ? (
        <p className="muted">Could not load this client: {lookup.problem.detail}</p>
      ) : (
        <RecordFields record={snapshot ? recordOfSnapshot(snapshot) : null} compareWith={incoming} />
      )}
      {candidate && <ComparisonList comparisons={candidate.comparisons} />}
    </article>
  );
}

interface IdentityEvidenceProps {
  candidates: IdentityCandidate[];
  clientIds: string[];
  incoming: CanonicalDelta | null;
  /** The batch's other deltas, to name the accounts the incoming row links to. */
  batchDeltas: readonly CanonicalDelta[];
}

/** The incoming record and each candidate side by side, with probability and comparisons. */
export function IdentityEvidence({ candidates, clientIds, incoming, batchDeltas }: IdentityEvidenceProps) {
  const columns: { clientId: string; candidate: IdentityCandidate | null }[] =
    candidates.length > 0
      ? candidates.map((candidate) => ({ clientId: candidate.candidate, candidate }))
      : clientIds.map((clientId) => ({ clientId, candidate: null }));
  const snapshots = useClient360s(columns.map((column) => column.clientId));
  const loaded = snapshots.state === "ready" ? snapshots.data : {};
  // An account the row links to is named by the batch, else by a candidate that belongs to it.
  const accountName = (accountId: string) => {
    const named = accountNameIn(batchDeltas, accountId);
    if (named !== accountId) return named;
    for (const lookup of Object.values(loaded)) {
      const account = lookup.ok ? lookup.snapshot.accounts?.find((item) => item.account_id === accountId) : undefined;
      if (account?.name) return account.name;
    }
    return accountId;
  };
  const incomingRecord = incoming ? recordOfDelta(incoming, accountName) : null;
  return (
    <div className="identity-evidence">
      {incomingRecord && (
        <article className="identity-column incoming" aria-label="Incoming record">
          <header>
            <span className="identity-label">Incoming record</span>
            <span className="identity-name">{incoming?.source_row ? `Row ${incoming.source_row}` : "This batch"}</span>
            <span className="sub">
              {incoming?.op} {incoming?.entity}
            </span>
          </header>
          <RecordFields record={incomingRecord} compareWith={null} />
        </article>
      )}
      {columns.map((column, index) => (
        <CandidateColumn
          key={column.clientId}
          clientId={column.clientId}
          candidate={column.candidate}
          lookup={loaded[column.clientId]}
          incoming={incomingRecord}
          letter={String.fromCharCode(65 + index)}
        />
      ))}
    </div>
  );
}
