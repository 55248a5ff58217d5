/** « Rapport semestriel » in the Word pane, file mode (Chromium): a follow-up workbook in, a board-ready .docx out. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { executer } from "../../src/cli/main";
import { modeleDuDocx } from "../../src/hosts/docx/document";
import { texteDocx } from "../helpers/docx-texte";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(120_000);
const volets = voletsServis();

it("volet Word : le rapport semestriel d'un classeur de suivi se télécharge, sans requête externe", async () => {
  const dossier = mkdtempSync(join(tmpdir(), "qualite-volet-rapport-"));
  writeFileSync(join(dossier, "pe.json"), JSON.stringify(exemple));
  const suivi = join(dossier, "suivi.xlsx");
  expect(await executer(["suivi", "init", "--pe", join(dossier, "pe.json"), "-o", suivi, "-p", "2026-S2"], { out: () => undefined, err: () => undefined })).toBe(0);
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, "fr-FR");
  const page = await contexte.newPage();
  const erreurs: string[] = [];
  page.on("pageerror", (e) => erreurs.push(e.message));
  await page.goto(`${volets.url}/word.html`);
  await page.getByText("Mode fichier : Word n'est pas détecté").waitFor({ timeout: 20_000 });
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("entree-suivi").setInputFiles({ name: "suivi.xlsx", mimeType: "application/octet-stream", buffer: readFileSync(suivi) })]);
  expect(dl.suggestedFilename()).toBe("rapport-semestriel-2026-S2-village-d-enfants-d-ain-sebaa-exemple-fictif.docx");
  await page.getByText(/Rapport semestriel .*2026-S2.* téléchargé/).waitFor();
  const octets = new Uint8Array(readFileSync((await dl.path())!));
  expect(await modeleDuDocx(octets)).toBe("rapport-semestriel");
  expect(await texteDocx(octets)).toContain("second semestre 2026 (1er juillet – 31 décembre 2026)");
  expect(sorties.filter((u) => !u.includes("appsforoffice.microsoft.com"))).toEqual([]);
  expect(erreurs).toEqual([]);
  await contexte.close();
});
