import { Client360Page } from "./components/crm/client360/Client360Page";
import { ClientSearchPage } from "./components/crm/client360/ClientSearchPage";
import { ImportDetailPage } from "./components/crm/imports/ImportDetailPage";
import { ImportReviewPage } from "./components/crm/imports/ImportReviewPage";
import { SessionBadge } from "./components/session/SessionBadge";
import { SessionGate } from "./components/session/SessionGate";
import { SessionProvider } from "./components/session/SessionProvider";
import { useSession } from "./components/session/session";
import type { Route } from "./lib/routes";
import { useRoute } from "./lib/useRoute";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "imports":
      return <ImportReviewPage />;
    case "import":
      return <ImportDetailPage key={route.importId} importId={route.importId} tab={route.tab} />;
    case "clients":
      return <ClientSearchPage key={route.query} query={route.query} />;
    case "client":
      return <Client360Page key={route.clientId} clientId={route.clientId} tab={route.tab} />;
    case "not_found":
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. Go to <a href="#/imports">imports</a> or{" "}
            <a href="#/clients">clients</a>.
          </p>
        </div>
      );
  }
}

/** The shell: top navigation, who the UI acts as, and the page the hash route names (once
 * the server has said who that is). */
function Shell() {
  const route = useRoute();
  const { status } = useSession();
  const section = route.page === "client" || route.page === "clients" ? "clients" : "imports";
  return (
    <>
      <button type="button" className="skip-link" onClick={() => document.getElementById("main")?.focus()}>
        Skip to content
      </button>
      <header className="topbar">
        <a className="brand" href="#/imports">
          Velocity <span>CRM</span>
        </a>
        {status.state === "signed_in" && (
          <nav aria-label="Main">
            <a href="#/imports" aria-current={section === "imports" ? "page" : undefined}>
              Import review
            </a>
            <a href="#/clients" aria-current={section === "clients" ? "page" : undefined}>
              Client 360
            </a>
          </nav>
        )}
        <SessionBadge />
      </header>
      <main id="main" tabIndex={-1}>
        <SessionGate>
          <Page route={route} />
        </SessionGate>
      </main>
    </>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}
