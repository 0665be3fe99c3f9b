import { useId, useState } from "react";
import { useClientSearch } from "../../../api/resources/clients";
import { clientHref } from "../../../lib/routes";
import { navigate } from "../../../lib/useRoute";
import { ResourceView } from "../../common/ResourceView";

/** Find a client by name (typos forgiven), e-mail, phone in any format, or company. Mount it
 * with `key={query}` so the box follows the URL. */
export function ClientSearchPage({ query }: { query: string }) {
  const inputId = useId();
  const [text, setText] = useState(query);
  const results = useClientSearch(query);

  return (
    <div className="page">
      <header className="page-head">
        <h1>Clients</h1>
        <p className="lede">Search by name, e-mail, phone or company, then open the client&apos;s 360.</p>
      </header>
      <form
        className="panel search-form"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          navigate({ page: "clients", query: text.trim() });
        }}
      >
        <label htmlFor={inputId}>Search clients</label>
        <div className="actions-row">
          <input
            id={inputId}
            type="search"
            value={text}
            onChange={(event) => setText(event.target.value)}
            placeholder="e.g. Smith, bob@northwind.com, (415) 555-0132, Contoso"
            autoFocus
          />
          <button type="submit" className="primary">
            Search
          </button>
        </div>
      </form>
      {query ? (
        <section className="panel" aria-label="Search results">
          <ResourceView
            resource={results}
            what="matching clients"
            isEmpty={(data) => data.length === 0}
            empty={<p>No client matches “{query}”.</p>}
          >
            {(matches) => (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Phone</th>
                    <th scope="col">Accounts</th>
                  </tr>
                </thead>
                <tbody>
                  {matches.map((match) => (
                    <tr key={match.client_id}>
                      <td>
                        <a href={clientHref(match.client_id)}>{match.display_name ?? match.client_id}</a>
                        <div className="sub mono">{match.client_id}</div>
                      </td>
                      <td>{match.email ?? "—"}</td>
                      <td>{match.phone ?? "—"}</td>
                      <td>{(match.accounts ?? []).join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </ResourceView>
        </section>
      ) : (
        <p className="empty">Type a name, e-mail, phone number or company to search.</p>
      )}
    </div>
  );
}
