/**
 * Offline checks of manifest.xml (office-addin-manifest validate needs Microsoft's online
 * service): well-formed for xmllint, and the structure the add-in relies on.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const RACINE = join(__dirname, "..", "..");
const MANIFESTE = join(RACINE, "manifest.xml");
const NS = {
  o: "http://schemas.microsoft.com/office/appforoffice/1.1",
  v: "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
  bt: "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
};

/** Evaluates an XPath with xmllint (Debian libxml2-utils). */
function xpath(expr: string): string {
  const shell = `setns o=${NS.o}\nsetns v=${NS.v}\nsetns bt=${NS.bt}\nsetns xsi=http://www.w3.org/2001/XMLSchema-instance\nxpath ${expr}\n`;
  const out = execFileSync("xmllint", ["--shell", MANIFESTE], { input: shell, encoding: "utf8" });
  return out.replace(/^\/ > ?/gm, "").trim();
}
const valeur = (expr: string) => /Object is a string : (.*)$/m.exec(xpath(`string(${expr})`))?.[1] ?? "";
const nombre = (expr: string) => Number(/Object is a number : (\d+)/.exec(xpath(`count(${expr})`))?.[1]);

describe("manifest.xml", () => {
  it("est du XML bien formé", () => {
    expect(() => execFileSync("xmllint", ["--noout", MANIFESTE])).not.toThrow();
  });

  it("vise Excel et Word, sans ExcelApi ni WordApi dans les exigences de base", () => {
    expect(nombre("/o:OfficeApp/o:Hosts/o:Host[@Name='Workbook']")).toBe(1);
    expect(nombre("/o:OfficeApp/o:Hosts/o:Host[@Name='Document']")).toBe(1);
    expect(nombre("/o:OfficeApp/o:Requirements//*[@Name='ExcelApi' or @Name='WordApi']")).toBe(0);
    expect(nombre("//v:VersionOverrides/v:Requirements//*[@Name='ExcelApi' or @Name='WordApi']")).toBe(0);
    expect(valeur("/o:OfficeApp/o:Id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(valeur("/o:OfficeApp/o:DefaultLocale")).toBe("fr-FR");
  });

  it.each([
    ["Workbook", "excel.html"],
    ["Document", "word.html"],
  ])("l'hôte %s a son propre bouton qui ouvre son propre volet (%s)", (hote, page) => {
    expect(nombre(`//v:Host[@xsi:type='${hote}']//v:Control[@xsi:type='Button']`)).toBe(1);
    const resid = valeur(`//v:Host[@xsi:type='${hote}']//v:Action[@xsi:type='ShowTaskpane']/v:SourceLocation/@resid`);
    expect(valeur(`//bt:Url[@id='${resid}']/@DefaultValue`)).toBe(`https://localhost:3000/${page}`);
  });

  it("chaque resid renvoie à une ressource, chaque ressource sert, chaque image existe dans assets/", () => {
    const xml = readFileSync(MANIFESTE, "utf8");
    const resids = new Set([...xml.matchAll(/resid="([^"]+)"/g)].map((m) => m[1]!));
    const ids = new Set([...xml.matchAll(/<bt:(?:Image|Url|String) id="([^"]+)"/g)].map((m) => m[1]!));
    expect([...resids].filter((r) => !ids.has(r))).toEqual([]);
    expect([...ids].filter((i) => !resids.has(i))).toEqual([]);
    for (const m of xml.matchAll(/https:\/\/localhost:3000\/assets\/([\w.-]+)/g)) expect(existsSync(join(RACINE, "assets", m[1]!))).toBe(true);
    for (const m of xml.matchAll(/https:\/\/localhost:3000\/([\w-]+\.html)/g)) {
      const source = m[1] === "aide.html" ? "src/taskpane/aide.html" : "webpack.config.js";
      expect(readFileSync(join(RACINE, source), "utf8")).toContain(m[1] === "aide.html" ? "<html" : `"${m[1]!.replace(".html", "")}"`);
    }
  });

  it("respecte les longueurs limites d'Office (libellés courts ≤ 125, longs ≤ 250)", () => {
    const xml = readFileSync(MANIFESTE, "utf8");
    const courts = /<bt:ShortStrings>(.*?)<\/bt:ShortStrings>/s.exec(xml)![1]!;
    const longs = /<bt:LongStrings>(.*?)<\/bt:LongStrings>/s.exec(xml)![1]!;
    for (const m of courts.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(125);
    for (const m of longs.matchAll(/(?:DefaultValue|Value)="([^"]*)"/g)) expect(m[1]!.length).toBeLessThanOrEqual(250);
    expect(/<Description DefaultValue="([^"]*)"/.exec(xml)![1]!.length).toBeLessThanOrEqual(250);
  });
});
