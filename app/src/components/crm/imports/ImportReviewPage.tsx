import { useImports } from "../../../api/resources/imports";
import { navigate } from "../../../lib/useRoute";
import { Panel } from "../../common/Panel";
import { RoleNotice } from "../../session/RoleNotice";
import { usePermission } from "../../session/session";
import { ImportList } from "./ImportList";
import { UploadPanel } from "./UploadPanel";

/** The CRM Import Review page: upload an export (operators), and the list of import batches. */
export function ImportReviewPage() {
  const imports = useImports();
  const upload = usePermission("upload");
  return (
    <div className="page">
      <header className="page-head">
        <h1>Import review</h1>
        <p className="lede">Upload a CRM export, check how its columns map, review the proposed changes, then apply them.</p>
      </header>
      {upload.allowed ? (
        <UploadPanel onUploaded={(summary) => navigate({ page: "import", importId: summary.import_id, tab: "review" })} />
      ) : (
        <Panel title="Upload an export">
          <RoleNotice permission={upload} />
        </Panel>
      )}
      <ImportList imports={imports} />
    </div>
  );
}
