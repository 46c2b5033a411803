// The two ways a Sigma document fails to become a runnable rule. `CannotRun` is a valid rule
// using a construct Sequent cannot express faithfully (it names the construct so a person
// can decide); `InvalidSigma` is a document that breaks the specification.

export class CannotRun extends Error {
  constructor(
    /** The Sigma construct at fault: a modifier, a field, a logsource, a correlation type. */
    readonly construct: string,
    reason: string,
  ) {
    super(`${construct}: ${reason}`);
  }
}

export class InvalidSigma extends Error {
  constructor(
    message: string,
    /** The YAML path of the offending node (`detection.selection`), to find its line. */
    readonly path: (string | number)[] = [],
  ) {
    super(message);
  }
}
