import { existsSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext } from "playwright-core";
import { servir } from "./serveur";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function lancerChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Every request that leaves localhost is aborted and recorded: the panes must make none. */
export async function contexteHorsLigne(navigateur: Browser, locale = "fr-FR"): Promise<{ contexte: BrowserContext; sorties: string[] }> {
  const contexte = await navigateur.newContext({ acceptDownloads: true, locale });
  const sorties: string[] = [];
  await contexte.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (["127.0.0.1", "localhost"].includes(url.hostname) || url.protocol === "blob:" || url.protocol === "data:") return route.continue();
    sorties.push(route.request().url());
    return route.abort();
  });
  return { contexte, sorties };
}

/**
 * For an end-to-end suite: serves the built panes (dist/) and starts Chromium once, stops both
 * at the end. The getters are read inside tests, once beforeAll has run.
 */
export function voletsServis(): { readonly url: string; readonly navigateur: Browser } {
  const dist = join(__dirname, "..", "..", "dist");
  let navigateur: Browser | undefined;
  let serveur: Awaited<ReturnType<typeof servir>> | undefined;
  beforeAll(async () => {
    if (!existsSync(join(dist, "excel.html")) || !existsSync(join(dist, "word.html"))) throw new Error("dist/ incomplet : lancez « npm run build » (npm test le fait).");
    serveur = await servir(dist);
    navigateur = await lancerChromium();
  });
  afterAll(async () => {
    await navigateur?.close();
    await serveur?.fermer();
  });
  return {
    get url() {
      return serveur!.url;
    },
    get navigateur() {
      return navigateur!;
    },
  };
}
