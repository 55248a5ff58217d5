/**
 * An error whose message is meant for the user, in French. In its own module, free of any
 * library: the panes recognise it at load without pulling the schema validator (zod) in.
 */
export class ErreurUtilisateur extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length ? `${message}\n${details.map((d) => `  • ${d}`).join("\n")}` : message);
    this.name = "ErreurUtilisateur";
  }
}
