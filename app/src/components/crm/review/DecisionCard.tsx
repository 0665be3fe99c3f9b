import { useId, useState } from "react";
import { approveDecision, rejectDecision } from "../../../api/resources/decisions";
import type { CanonicalDelta, DecisionAnswer, ReviewDecision } from "../../../api/types";
import { useAction } from "../../../api/useAction";
import { formatDateTime, humanize } from "../../../lib/format";
import { Badge } from "../../common/Badge";
import { ProblemMessage } from "../../common/ProblemMessage";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { DecisionEvidenceView } from "./DecisionEvidenceView";
import { type AnswerDraft, VALUE_OPTION, answerOf, decisionState, initialDraft, optionLabel } from "./decisionModel";

interface DecisionCardProps {
  decision: ReviewDecision;
  deltasById?: ReadonlyMap<string, CanonicalDelta>;
  onDecided: (decision: ReviewDecision) => void;
}

function DecidedLine({ decision }: { decision: ReviewDecision }) {
  const state = decisionState(decision);
  if (state.status === "pending") return null;
  return (
    <p className="decided">
      {state.status === "approved" ? `Approved: ${optionLabel(decision, state.option)}` : "Rejected"}
      {state.decidedBy && ` · by ${state.decidedBy}`}
      {state.decidedAt && ` · ${formatDateTime(state.decidedAt)}`}
      {state.note && <span className="note"> · “{state.note}”</span>}
    </p>
  );
}

/** One review decision: the question, its evidence, and (while pending, for approvers) the
 * answer form: choose an option, add a note (and a corrected value where asked), approve or reject. */
export function DecisionCard({ decision, deltasById = new Map(), onDecided }: DecisionCardProps) {
  const formId = useId();
  const [draft, setDraft] = useState<AnswerDraft>(() => initialDraft(decision));
  const [invalid, setInvalid] = useState<string | null>(null);
  const submit = useAction((action: "approve" | "reject", answer: DecisionAnswer) =>
    (action === "approve" ? approveDecision : rejectDecision)(decision.decision_id, answer),
  );
  const state = decisionState(decision);
  const permission = usePermission("decide");
  const busy = submit.status.state === "running";

  const decide = async (action: "approve" | "reject") => {
    const check = answerOf(draft, action);
    if (!check.ok) {
      setInvalid(check.reason);
      return;
    }
    setInvalid(null);
    const result = await submit.run(action, check.answer);
    if (result) onDecided(result);
  };

  return (
    <article className={`decision decision-${state.status}`} aria-labelledby={`${formId}-q`} data-decision-kind={decision.kind}>
      <header className="decision-head">
        <Badge value={decision.kind} tone="info" label={humanize(decision.kind)} />
        <Badge value={decision.risk} label={`${decision.risk} risk`} />
        {state.status !== "pending" && <Badge value={state.status} />}
        <span className="mono sub">{decision.decision_id}</span>
      </header>
      <h3 id={`${formId}-q`} className="decision-question">
        {decision.question}
      </h3>
      <DecisionEvidenceView decision={decision} deltasById={deltasById} />
      {state.status !== "pending" ? (
        <DecidedLine decision={decision} />
      ) : !permission.allowed ? (
        <RoleNotice permission={permission} />
      ) : (
        <form
          className="decision-form"
          onSubmit={(event) => {
            event.preventDefault();
            void decide("approve");
          }}
        >
          <fieldset disabled={busy}>
            <legend>Answer</legend>
            <div className="options" role="radiogroup" aria-label="Options">
              {decision.options.map((option) => (
                <label key={option.id} className="option">
                  <input
                    type="radio"
                    name={`${formId}-option`}
                    value={option.id}
                    checked={draft.option === option.id}
                    onChange={() => setDraft({ ...draft, option: option.id })}
                  />
                  {option.label}
                  {option.id === state.recommended && <span className="recommended">recommended</span>}
                </label>
              ))}
            </div>
            {draft.option === VALUE_OPTION && (
              <div className="field">
                <label htmlFor={`${formId}-value`}>Corrected value</label>
                <input id={`${formId}-value`} type="text" value={draft.value} onChange={(event) => setDraft({ ...draft, value: event.target.value })} />
              </div>
            )}
            <div className="field">
              <label htmlFor={`${formId}-note`}>Note (optional)</label>
              <input
                id={`${formId}-note`}
                type="text"
                value={draft.note}
                placeholder="Why you decided this way"
                onChange={(event) => setDraft({ ...draft, note: event.target.value })}
              />
            </div>
            <div className="actions-row">
              <button type="submit" className="primary">
                {busy ? "Saving…" : "Approve"}
              </button>
              <button type="button" onClick={() => void decide("reject")}>
                Reject
              </button>
            </div>
          </fieldset>
          {invalid && (
            <p className="field-error" role="alert">
              {invalid}
            </p>
          )}
          {submit.status.state === "failed" && <ProblemMessage problem={submit.status.problem} context="The decision was not saved" />}
        </form>
      )}
    </article>
  );
}
