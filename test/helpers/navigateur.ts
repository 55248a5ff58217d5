import { chromium, type Browser, type BrowserContext } from "playwright-core";

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
