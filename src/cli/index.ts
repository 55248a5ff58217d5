/** The command line's entry (dist/cli/qualite.cjs); `qualite consolider`'s reader threads have their own (lecteur.ts). */
import { executer, messageInattendu, type Contexte } from "./main";

const ctx: Contexte = { operation: "la commande", ecrits: [] };
const debug = process.argv.includes("--debug");
// The last net: whatever escapes the command (a callback, a stream) still ends as one French
// message, never a stack trace, and exit code 2.
const fatal = (e: unknown) => {
  process.stderr.write(messageInattendu(e, ctx, debug));
  process.exit(2);
};
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);
// `qualite score … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  fatal(e);
});
executer(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }, ctx).then((code) => {
  process.exitCode = code;
}, fatal);
