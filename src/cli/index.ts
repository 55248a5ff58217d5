import { isMainThread, parentPort, workerData } from "node:worker_threads";
import type { Contexte } from "./main";

if (!isMainThread && (workerData as { role?: string } | null)?.role === "lecteur-qualite") {
  // A reader thread of `qualite consolider` (started once, reused for every file): it loads only
  // the reading and reduction code, not the commands. A crash or an exhausted memory ends this
  // thread only; the main thread records that file as refused.
  void import("./consolider").then(({ servirLecteur }) => servirLecteur(parentPort!));
} else {
  // The commands are loaded here, not at the top: a reader thread never loads them.
  import("./main").then(
    ({ executer, messageInattendu }) => lancer(executer, messageInattendu),
    () => {
      process.stderr.write("Erreur : Qualité EPS n'a pas pu démarrer (installation incomplète ?). Réinstallez-le avec « npm install ».\n");
      process.exit(2);
    },
  );
}

function lancer(executer: typeof import("./main").executer, messageInattendu: typeof import("./main").messageInattendu): void {
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
}
