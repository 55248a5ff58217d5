import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { executer, messageInattendu, type Contexte } from "./main";
import { lireEtTransmettre } from "./consolider";

if (!isMainThread && (workerData as { role?: string } | null)?.role === "lecteur-qualite") {
  // A reader thread of `qualite consolider`: one workbook at a time. A crash or an exhausted
  // memory ends this thread only; the main thread records that file as refused.
  parentPort!.on("message", async (m: { i: number; chemin: string; nom: string }) => {
    try {
      parentPort!.postMessage({ i: m.i, t: await lireEtTransmettre(m.chemin, m.nom) });
    } catch {
      parentPort!.postMessage({ i: m.i, t: { fichier: m.nom, erreur: "illisible : sa lecture a échoué de façon inattendue (défaut interne de Qualité EPS)" } });
    }
  });
} else {
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
