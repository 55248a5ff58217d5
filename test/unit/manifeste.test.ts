/**
 * Offline checks of the add-in manifests (office-addin-manifest validate needs Microsoft's
 * online service): the development manifest.xml and the production one written by
 * `npm run build:prod`, each validated against Microsoft's XSDs (test/fixtures/manifest-xsd)
 * with xmllint, plus the structure the add-in relies on.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { version } from "../../package.json";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { adresseHebergement, manifesteProduction, versionOffice } = require("../../scripts/manifeste.cjs") as {
  adresseHebergement(url: string): string;
  manifesteProduction(xml: string, base: string, version: string): string;
  versionOffice(v: string): string;
};

const RACINE = join(__dirname, "..", "..");
const XSD = join(RACINE, "test", "fixtures", "manifest-xsd", "OfficeAppManifestV1_1.xsd");
const DEV = join(RACINE, "manifest.xml");
const BASE = "https://qualite.example.org/addin/";
const PROD = join(mkdtempSync(join(tmpdir(), "qe-manifeste-")), "manifest.xml");
writeFileSync(PROD, manifesteProduction(readFileSync(DEV, "utf8"), BASE, version));

const NS = {
  o: "http://schemas.microsoft.com/office/appforoffice/1.1",
  v: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
};

/** Evaluates an XPath with xmllint (Debian libxml2-utils). */
function xpath(fichier: string, expr: string): string {
  const shell = `setns o=${NS.o}\nsetns v=${NS.v}\nsetns bt=${NS.bt}\nsetns xsi=http://www.w3.org/2001/XMLSchema-instance\nxpath ${expr}\n`;
  const out = execFileSync("xmllint", ["--shell", fichier], { input: shell, encoding: "utf8" });
  return out.replace(/^\/ > ?/gm, "").trim();
}
/** A string value, whole (xmllint --shell shortens long strings; --xpath does not). */
function valeur(f: string, expr: string): string {
  const sansPrefixes = expr.replace(/@xsi:(\w+)/g, "@*[local-name()='$1']").replace(/\b(?:o|v|bt):(\w+)/g, "*[local-name()='$1']");
  return execFileSync("xmllint", ["--xpath", `string(${sansPrefixes})`, f], { encoding: "utf8" }).replace(/\n$/, "");
}
const nombre = (f: string, expr: string) => Number(/Object is a number : (\d+)/.exec(xpath(f, `count(${expr})`))?.[1]);

/** Validates against the XSDs; returns xmllint's complaints ("" when valid). */
function validerXsd(fichier: string): string {
  try {
    execFileSync("xmllint", ["--noout", "--schema", XSD, fichier], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return "";
  } catch (e) {
    return String((e as { stderr?: string }).stderr);
  }
}

/** Every URL-valued attribute of a manifest. */
const urls = (xml: string) => [...xml.matchAll(/(?:DefaultValue|Value)="(https?:\/\/[^"]*)"/g)].map((m) => m[1]!);

describe.each([
  ["de développement (manifest.xml)", DEV, "https://localhost:3000/"],
  ["de production (npm run build:prod)", PROD, BASE],
])("manifeste %s", (_nom, fichier, base) => {
  const xml = readFileSync(fichier, "utf8");

  it("est valide selon les schémas XSD de Microsoft", () => {
    expect(validerXsd(fichier)).toBe("");
  });

  it("vise Excel et Word, sans ExcelApi ni WordApi dans les exigences de base, avec l'identifiant stable et la version de package.json", () => {
    expect(nombre(fichier, "/o:OfficeApp/o:Hosts/o:Host[@Name='Workbook']")).toBe(1);
    expect(nombre(fichier, "/o:OfficeApp/o:Hosts/o:Host[@Name='Document']")).toBe(1);
    expect(nombre(fichier, "/o:OfficeApp/o:Requirements//*[@Name='ExcelApi' or @Name='WordApi']")).toBe(0);
    expect(nombre(fichier, "//v:VersionOverrides/v:Requirements//*[@Name='ExcelApi' or @Name='WordApi']")).toBe(0);
    expect(valeur(fichier, "/o:OfficeApp/o:Id")).toBe("041ce984-ceca-4777-b3a9-3b80b04e584e");
    expect(valeur(fichier, "/o:OfficeApp/o:Version")).toBe(versionOffice(version));
    expect(valeur(fichier, "/o:OfficeApp/o:DefaultLocale")).toBe("fr-FR");
  });

  it("toutes ses adresses sont sous l'adresse d'hébergement", () => {
    const toutes = urls(xml);
    expect(toutes.length).toBeGreaterThanOrEqual(10);
    expect(toutes.filter((u) => !u.startsWith(base))).toEqual([]);
  });

  it.each([
    ["Workbook", "excel.html"],
    ["Document", "word.html"],
  ])("l'hôte %s a son propre bouton qui ouvre son propre volet (%s)", (hote, page) => {
    expect(nombre(fichier, `//v:Host[@xsi:type='${hote}']//v:Control[@xsi:type='Button']`)).toBe(1);
    const resid = valeur(fichier, `//v:Host[@xsi:type='${hote}']//v:Action[@xsi:type='ShowTaskpane']/v:SourceLocation/@resid`);
    expect(valeur(fichier, `//bt:Url[@id='${resid}']/@DefaultValue`)).toBe(`${base}${page}`);
  });

  it("chaque resid renvoie à une ressource, chaque ressource sert, chaque image et page existe", () => {
    const resids = new Set([...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]!));
    const ids = new Set([...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]!));
    expect([...resids].filter((r) => !ids.has(r))).toEqual([]);
    expect([...ids].filter((i) => !resids.has(i))).toEqual([]);
    for (const u of urls(xml)) {
      const chemin = u.slice(base.length);
      if (chemin.startsWith("assets/")) expect(existsSync(join(RACINE, chemin))).toBe(true);
      else if (chemin === "aide.html") expect(existsSync(join(RACINE, "src", "taskpane", "aide.html"))).toBe(true);
      else expect(readFileSync(join(RACINE, "webpack.config.js"), "utf8")).toContain(`page("${chemin.replace(".html", "")}"`);
    }
  });

  it("respecte les longueurs limites d'Office (libellés courts ≤ 125, longs ≤ 250)", () => {
    const courts = /<bt:ShortStrings>(.*?)<\/bt:ShortStrings>/s.exec(xml)![1]!;
    const longs = /<bt:LongStrings>(.*?)<\/bt:LongStrings>/s.exec(xml)![1]!;
    for (const m of courts.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(125);
    for (const m of longs.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(250);
    expect(/<Description DefaultValue="([^"]*)"/.exec(xml)![1]!.length).toBeLessThanOrEqual(250);
  });
});

describe("adresse d'hébergement du manifeste de production", () => {
  it("ajoute la barre finale et refuse http, les « ? », les identifiants et le texte libre, en français", () => {
    expect(adresseHebergement("https://qualite.example.org/addin")).toBe("https://qualite.example.org/addin/");
    expect(() => adresseHebergement("http://qualite.example.org/")).toThrow("Office n'accepte que des adresses https");
    expect(() => adresseHebergement("https://qualite.example.org/?v=1")).toThrow("ni « ? » ni « # »");
    expect(() => adresseHebergement("https://moi:secret@qualite.example.org/")).toThrow("identifiants");
    expect(() => adresseHebergement("qualite")).toThrow("n'est pas une adresse web");
  });

  it("un schéma invalide est bien détecté (le test XSD peut échouer)", () => {
    const faux = join(mkdtempSync(join(tmpdir(), "qe-manifeste-")), "manifest.xml");
    writeFileSync(faux, readFileSync(DEV, "utf8").replace("<Hosts>", "<AppDomains/>\n  <Hosts>"));
    expect(validerXsd(faux)).toMatch(/AppDomains.*Missing child element/);
  });
});
