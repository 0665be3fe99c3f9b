/** The current hash route, and navigation to another. */
import { useSyncExternalStore } from "react";
import { type Route, parseRoute, routeHref } from "./routes";

function subscribe(onChange: () => void) {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const currentHash = () => window.location.hash;

export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, currentHash));
}

export function navigate(route: Route) {
  window.location.hash = routeHref(route);
}
