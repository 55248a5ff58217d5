/** An error whose message is meant for the user, in French. Its own module: the CLI loads it without the referential's validation. */
export class ErreurUtilisateur extends Error {
  constructor(
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(details.length ? `${message}\n${details.map((d) => `  • ${d}`).join("\n")}` : message);
    this.name = "ErreurUtilisateur";
  }
}
