/**
 * The production build as an association would deploy it: `npm run build:prod -- --url …`
 * into a fresh folder, then the folder served as a static site and opened in Chromium with no
 * internet (every request off this machine aborted): office.js is the only outside address the
 * panes ask for, outside Office they reach file mode without waiting for Office, inside Office
 * (the host's `_host_Info` in the address) a missing office.js is an error, never file mode.
 */
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { contexteHorsLigne, lancerChromium } from "../helpers/navigateur";
import { servir } from "../helpers/serveur";

jest.setTimeout(240_000);

const RACINE = join(__dirname, "..", "..");
const BASE = "https://qualite.example.org/addin/";
const dossier = join(mkdtempSync(join(tmpdir(), "qe-prod-")), "site");
let navigateur: Browser;
let serveur: Awaited<ReturnType<typeof servir>>;
let sortieBuild = "";

beforeAll(async () => {
  const r = spawnSync(process.execPath, [join(RACINE, "scripts", "build-prod.cjs"), "--url", BASE.slice(0, -1), "--dossier", dossier], { cwd: RACINE, encoding: "utf8" });
  sortieBuild = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`npm run build:prod a échoué :\n${sortieBuild}`);
  serveur = await servir(dossier);
  navigateur = await lancerChromium();
});
afterAll(async () => {
  await navigateur?.close();
  await serveur?.fermer();
});

describe("npm run build:prod", () => {
  it("écrit un manifeste valide dont chaque adresse est sous l'adresse donnée et désigne un fichier construit", () => {
    expect(sortieBuild).toContain(`pour ${BASE}`);
    const manifeste = join(dossier, "manifest.xml");
    execFileSync("xmllint", ["--noout", "--schema", join(RACINE, "test", "fixtures", "manifest-xsd", "OfficeAppManifestV1_1.xsd"), manifeste], { stdio: "pipe" });
    const adresses = [...readFileSync(manifeste, "utf8").matchAll(/Value="(https?:[^"]+)"/g)].map((m) => m[1]!);
    expect(adresses.length).toBeGreaterThanOrEqual(10);
    for (const a of adresses) {
      expect(a.startsWith(BASE)).toBe(true);
      expect(existsSync(join(dossier, a.slice(BASE.length)))).toBe(true);
    }
  });

  it.each(["excel.html", "word.html", "commandes.html"])("%s charge office.js du CDN seulement, avant le code du volet, et la CSP n'ouvre que cette origine", (page) => {
    const html = readFileSync(join(dossier, page), "utf8");
    const scripts = [...html.matchAll(/<script[^>]*\ssrc=["']?([^"'\s>]+)/g)].map((m) => m[1]!);
    expect(scripts[0]).toBe(URL_OFFICE_JS);
    expect(scripts.slice(1).every((s) => !/^https?:|^\/\//.test(s))).toBe(true);
    expect(scripts.length).toBeGreaterThan(1);
    expect(html).toMatch(/script-src 'self' https:\/\/appsforoffice\.microsoft\.com;/);
    const csp = /Content-Security-Policy"? content="([^"]+)"/.exec(html)![1]!;
    expect(csp.match(/https?:\/\/[^\s;]+/g)).toEqual(["https://appsforoffice.microsoft.com"]);
  });

  it("n'embarque aucune copie d'office.js", () => {
    expect(existsSync(join(dossier, "office"))).toBe(false);
    const fichiers = readdirSync(dossier, { recursive: true }).map(String);
    expect(fichiers.filter((f) => /office(\.debug)?\.js$|excel-.*\.js$|word-.*\.js$/i.test(f))).toEqual([]);
  });

  it("refuse une adresse http, en français, sans rien construire", () => {
    const r = spawnSync(process.execPath, [join(RACINE, "scripts", "build-prod.cjs"), "--url", "http://qualite.example.org/"], { cwd: RACINE, encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("Erreur : Office n'accepte que des adresses https : « http://qualite.example.org/ ».\n");
  });
});

describe.each(["excel.html", "word.html"])("volet %s construit pour la production, sans internet", (page) => {
  it("hors Office : office.js échoue, le volet passe au mode fichier sans attendre Office", async () => {
    const { contexte, sorties } = await contexteHorsLigne(navigateur);
    const p = await contexte.newPage();
    await p.goto(`${serveur.url}/${page}`);
    await p.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
    expect(await p.getByText("Office n'a pas répondu").count()).toBe(0);
    expect(sorties).toEqual([URL_OFFICE_JS]);
    await contexte.close();
  });

  it("dans Office (adresse avec _host_Info) : une erreur claire en français, jamais le mode fichier", async () => {
    const { contexte, sorties } = await contexteHorsLigne(navigateur);
    const p = await contexte.newPage();
    await p.goto(`${serveur.url}/${page}?_host_Info=Excel$Win32$16.01$fr-FR$$$$0`);
    await p.getByText("Office n'a pas pu démarrer le volet").waitFor({ timeout: 20_000 });
    await p.getByText(/office\.js.*n'a pas pu être chargée/).waitFor();
    expect(await p.getByText("Mode fichier", { exact: false }).count()).toBe(0);
    expect(await p.locator("input[type=file]").count()).toBe(0);
    expect(sorties).toEqual([URL_OFFICE_JS]);
    await contexte.close();
  });
});
