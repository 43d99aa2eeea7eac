/** A failure the user can act on: printed as one message, exit status 1, no stack trace. */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}
