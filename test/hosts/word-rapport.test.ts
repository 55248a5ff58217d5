/** The semester report from the Word pane: built from a follow-up workbook's bytes, opened as a new document in one sync. */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import exemple from "../../templates/documents/exemples/pe-eps-reponses.json";
import { executer } from "../../src/cli/main";
import { enBase64, ouvrirNouveauDocument, rapportDepuisClasseur } from "../../src/hosts/word/rapport";
import { modeleDuDocx } from "../../src/hosts/docx/document";
import { texteDocx } from "../helpers/docx-texte";

describe("rapport semestriel depuis le volet Word", () => {
  it("lit le classeur de suivi, prend le semestre du tableau de bord, ouvre un nouveau document en un aller-retour", async () => {
    const dossier = mkdtempSync(join(tmpdir(), "qualite-word-rapport-"));
    writeFileSync(join(dossier, "pe.json"), JSON.stringify(exemple));
    const out = join(dossier, "suivi.xlsx");
    expect(await executer(["suivi", "init", "--pe", join(dossier, "pe.json"), "-o", out, "-p", "2027-S1"], { out: () => undefined, err: () => undefined })).toBe(0);
    const r = await rapportDepuisClasseur(new Uint8Array(readFileSync(out)), "suivi.xlsx", { maintenant: "2027-07-02T10:00:00Z" });
    expect(r.periode).toBe("2027-S1");
    expect(await modeleDuDocx(r.octets)).toBe("rapport-semestriel");
    expect(await texteDocx(r.octets)).toContain("premier semestre 2027 (1er janvier – 30 juin 2027)");

    const ouverts: string[] = [];
    let syncs = 0;
    await ouvrirNouveauDocument({ application: { createDocument: (b) => ({ open: () => void ouverts.push(b) }) }, sync: async () => void syncs++ }, r.octets);
    expect(syncs).toBe(1);
    expect(Buffer.from(ouverts[0]!, "base64").equals(Buffer.from(r.octets))).toBe(true);
    await expect(rapportDepuisClasseur(new Uint8Array(readFileSync(join(__dirname, "../../templates/referentiels/eps-maroc.json"))), "eps-maroc.json", { maintenant: "2027-07-02" })).rejects.toThrow(/eps-maroc\.json/);
  }, 60_000);

  it("base64 par tranches, égal à celui de Node", () => {
    const octets = new Uint8Array(100_001).map((_, i) => (i * 7919) % 256);
    expect(enBase64(octets)).toBe(Buffer.from(octets).toString("base64"));
  });
});
