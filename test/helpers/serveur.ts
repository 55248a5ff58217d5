import { createServer, type Server } from "node:http";
import { createReadStream, existsSync, statSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import type { AddressInfo } from "node:net";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".png": "image/png",
  ".json": "application/json",
  ".txt": "text/plain",
};

/** Serves a built folder on 127.0.0.1, like the dev server would. */
export async function servir(dossier: string): Promise<{ url: string; fermer: () => Promise<void> }> {
  const serveur: Server = createServer((req, res) => {
    const chemin = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const fichier = join(dossier, chemin);
    if (!fichier.startsWith(dossier) || !existsSync(fichier) || !statSync(fichier).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[extname(fichier)] ?? "application/octet-stream" });
    createReadStream(fichier).pipe(res);
  });
  await new Promise<void>((r) => serveur.listen(0, "127.0.0.1", r));
  const { port } = serveur.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, fermer: () => new Promise((r) => serveur.close(() => r())) };
}
