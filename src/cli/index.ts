import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { executer } from "./main";
import { lireEtTransmettre } from "./consolider";

if (!isMainThread && (workerData as { role?: string } | null)?.role === "lecteur-qualite") {
  // A reader thread of `qualite consolider`: one workbook at a time.
  parentPort!.on("message", async (m: { i: number; chemin: string; nom: string }) => {
    parentPort!.postMessage({ i: m.i, t: await lireEtTransmettre(m.chemin, m.nom) });
  });
} else {
  // `qualite score … | head` closes the pipe early: that is not an error.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
  executer(process.argv.slice(2), { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }).then((code) => {
    process.exitCode = code;
  });
}
