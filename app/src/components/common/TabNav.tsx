interface TabNavProps<T extends string> {
  label: string;
  tabs: readonly { id: T; label: string; count?: number }[];
  current: T;
  hrefOf: (tab: T) => string;
}

/** Page sections as links (each is a URL), the current one marked for assistive technology. */
export function TabNav<T extends string>({ label, tabs, current, hrefOf }: TabNavProps<T>) {
  return (
    <nav className="tabs" aria-label={label}>
      {tabs.map((tab) => (
        <a key={tab.id} href={hrefOf(tab.id)} aria-current={tab.id === current ? "page" : undefined} className="tab">
          {tab.label}
          {tab.count !== undefined && <span className="tab-count">{tab.count}</span>}
        </a>
      ))}
    </nav>
  );
}
