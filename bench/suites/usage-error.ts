/** A bad command line (unknown suite, option or program): printed as a message, without a stack. */
export class UsageError extends Error {
  override name = "UsageError";
}
