/** The bearer token the UI signs in with, kept in sessionStorage (gone when the tab closes),
 * and the one signal that the server stopped accepting it: every 401 forgets the token and
 * tells the listeners (the session) why. */
import type { Problem } from "./problem";

const TOKEN_KEY = "velocity.apiToken";

type UnauthenticatedListener = (problem: Problem) => void;
const listeners = new Set<UnauthenticatedListener>();

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The `Authorization` header for a request: the stored token, or none. */
export function authorizationHeader(): Record<string, string> {
  const token = storedToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Call `listener` whenever a request is refused as unauthenticated; returns the unsubscribe. */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** A request answered 401: the token (if any) is no good, so forget it and say why. */
export function reportUnauthenticated(problem: Problem): void {
  forgetToken();
  for (const listener of listeners) listener(problem);
}
