/**
 * The panes at load: bytes downloaded (initial chunks, gzip, read from webpack's stats of the
 * last build) against the official Office React task-pane template, and the time a pane takes to
 * reach file mode in Chromium with no internet (office.js fails to load). Run with `npm run bench`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contexteHorsLigne, lancerChromium } from "../test/helpers/navigateur";
import { servir } from "../test/helpers/serveur";

const RACINE = join(__dirname, "..", "..");
/** Office-Addin-TaskPane-React, production build: 541 KB, 169 KB gzip (measured in issue 10). */
const GABARIT_GZIP = 169 * 1024;
const OBJECTIFS = { gzipMax: Math.round(GABARIT_GZIP * 1.2), modeFichierMs: 1000 };
const ESSAIS = 5;

const mediane = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

async function principal() {
  const composition = JSON.parse(readFileSync(join(RACINE, ".tmp", "composition-volets.json"), "utf8")) as {
    volets: Record<string, { octets: number; octetsGzip: number; paquetsInitiaux: string[] }>;
  };
  const serveur = await servir(join(RACINE, "dist"));
  const navigateur = await lancerChromium();
  const lignes = [];
  const echecs: string[] = [];
  for (const nom of ["excel", "word"]) {
    const v = composition.volets[nom]!;
    const temps: number[] = [];
    /** Excel: until the Grille tab (referentials, validator, engine: loaded after the first paint) can insert. */
    const pret: number[] = [];
    for (let i = 0; i < ESSAIS; i++) {
      const { contexte } = await contexteHorsLigne(navigateur);
      const page = await contexte.newPage();
      await page.goto(`${serveur.url}/${nom}.html`);
      await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
      // Milliseconds since the navigation started, as the page itself counts them.
      temps.push(Math.round(await page.evaluate(() => performance.now())));
      if (nom === "excel") {
        await page.getByRole("button", { name: "Insérer le référentiel" }).waitFor({ timeout: 20_000 });
        pret.push(Math.round(await page.evaluate(() => performance.now())));
      }
      await contexte.close();
    }
    const ligne = {
      volet: nom,
      "initial (Ko)": Math.round(v.octets / 1024),
      "initial gzip (Ko)": Math.round(v.octetsGzip / 1024),
      "× gabarit": Number((v.octetsGzip / GABARIT_GZIP).toFixed(2)),
      "mode fichier, médiane (ms)": mediane(temps),
      "mode fichier, max (ms)": Math.max(...temps),
      "formulaire prêt, médiane (ms)": pret.length ? mediane(pret) : null,
    };
    lignes.push(ligne);
    if (v.octetsGzip > OBJECTIFS.gzipMax) echecs.push(`${nom} : ${ligne["initial gzip (Ko)"]} Ko gzip au chargement > ${Math.round(OBJECTIFS.gzipMax / 1024)} Ko (1,2 × le gabarit officiel)`);
    if (ligne["mode fichier, médiane (ms)"] > OBJECTIFS.modeFichierMs) echecs.push(`${nom} : mode fichier atteint en ${ligne["mode fichier, médiane (ms)"]} ms > ${OBJECTIFS.modeFichierMs}`);
  }
  await navigateur.close();
  await serveur.fermer();
  console.table(lignes);
  const sortie = join(RACINE, "bench", "out");
  mkdirSync(sortie, { recursive: true });
  writeFileSync(join(sortie, "volets.json"), JSON.stringify({ date: new Date().toISOString(), objectifs: OBJECTIFS, lignes, echecs }, null, 2));
  if (echecs.length) {
    console.error(`Objectifs manqués :\n- ${echecs.join("\n- ")}`);
    process.exitCode = 1;
  } else console.log("Tous les objectifs sont tenus.");
}

void principal();
