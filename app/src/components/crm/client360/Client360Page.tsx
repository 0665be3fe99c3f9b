import { useState } from "react";
import { useClient360 } from "../../../api/resources/client360";
import { type ClientTab, clientHref } from "../../../lib/routes";
import { ResourceView } from "../../common/ResourceView";
import { TabNav } from "../../common/TabNav";
import { AccountsPanel } from "./AccountsPanel";
import { ClientHeader } from "./ClientHeader";
import { ContactPointsPanel } from "./ContactPointsPanel";
import { DataQualityPanel } from "./DataQualityPanel";
import { DealsPanel } from "./DealsPanel";
import { HistoryPanel } from "./HistoryPanel";
import { InterestsPanel } from "./InterestsPanel";
import { OracleTab } from "./OracleTab";
import { PendingReviewsPanel } from "./PendingReviewsPanel";
import { ProfilePanel } from "./ProfilePanel";
import { SourceLinksPanel } from "./SourceLinksPanel";
import { TimelinePanel } from "./TimelinePanel";
import { UnmergeAction } from "./UnmergeAction";

/** One client's Client 360: the overview panels, and the Oracle CRM Intelligence subtab. */
export function Client360Page({ clientId, tab }: { clientId: string; tab: ClientTab }) {
  const [revision, setRevision] = useState(0);
  const snapshot = useClient360(clientId, revision);
  const refresh = () => setRevision((value) => value + 1);

  return (
    <div className="page">
      <p className="breadcrumbs">
        <a href="#/clients">Clients</a> / <span className="mono">{clientId}</span>
      </p>
      <ResourceView resource={snapshot} what="the client">
        {(data) => (
          <>
            <ClientHeader snapshot={data} />
            <UnmergeAction snapshot={data} onChanged={refresh} />
            <TabNav
              label="Client sections"
              current={tab}
              hrefOf={(id) => clientHref(clientId, id)}
              tabs={[
                { id: "overview", label: "Client 360" },
                { id: "oracle", label: "Oracle CRM Intelligence", count: (data.pending_reviews ?? []).filter((review) => review.writeback_id).length || undefined },
              ]}
            />
            {tab === "overview" ? (
              <div className="client-grid">
                <div className="client-main">
                  <ProfilePanel snapshot={data} />
                  <DealsPanel snapshot={data} />
                  <TimelinePanel snapshot={data} />
                  <HistoryPanel snapshot={data} />
                </div>
                <div className="client-side">
                  <ContactPointsPanel snapshot={data} />
                  <AccountsPanel snapshot={data} />
                  <InterestsPanel snapshot={data} />
                  <DataQualityPanel snapshot={data} />
                  <PendingReviewsPanel snapshot={data} />
                  <SourceLinksPanel snapshot={data} />
                </div>
              </div>
            ) : (
              <OracleTab clientId={clientId} revision={revision} onChanged={refresh} />
            )}
          </>
        )}
      </ResourceView>
    </div>
  );
}
