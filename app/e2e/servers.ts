/** What the global setup hands the tests as environment variables: the demo server's address,
 * and the address of the copy that needs sign-in with a viewer's and an approver's token. */
export const E2E_ENV = {
  url: "VELOCITY_E2E_URL",
  serverLog: "VELOCITY_E2E_SERVER_LOG",
  authUrl: "VELOCITY_E2E_AUTH_URL",
  viewerToken: "VELOCITY_E2E_VIEWER_TOKEN",
  approverToken: "VELOCITY_E2E_APPROVER_TOKEN",
} as const;

export function fromSetup(key: keyof typeof E2E_ENV): string {
  const value = process.env[E2E_ENV[key]];
  if (!value) throw new Error(`${E2E_ENV[key]} is not set: the global setup did not run.`);
  return value;
}
