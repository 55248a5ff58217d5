/**
 * The Excel pane in file mode, in Debian's Chromium driven by playwright-core: open or start a
 * workbook, inject, download, check the file. Needs `npm run build` (done by `npm test`).
 */
import { URL_OFFICE_JS } from "../../src/taskpane/commun/office";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import ExcelJS from "exceljs";
import { ouvrirClasseur, valeursFeuille, nouveauClasseur, injecterDansClasseur, scoresDuClasseur } from "../../src/hosts/xlsx/classeur";
import { Paquet } from "../../src/hosts/ooxml/zip";
import { enExcelJS, modifier, octetsExcelJS } from "../helpers/exceljs";
import { referentielLivre } from "../../src/core/catalogue";
import { FEUILLE_GRILLE } from "../../src/core/grille";
import { contexteHorsLigne, voletsServis } from "../helpers/navigateur";

jest.setTimeout(90_000);

const volets = voletsServis();

async function ouvrirVolet(locale = "fr-FR") {
  const { contexte, sorties } = await contexteHorsLigne(volets.navigateur, locale);
  const page = await contexte.newPage();
  const erreursConsole: string[] = [];
  page.on("pageerror", (e) => erreursConsole.push(e.message));
  await page.goto(`${volets.url}/excel.html`);
  // office.js cannot load here (no internet): the pane switches to file mode at once.
  await page.getByText("Mode fichier", { exact: false }).waitFor({ timeout: 20_000 });
  return { page, contexte, sorties, erreursConsole };
}

/** Every occurrence of `code` in the page reads left to right on screen (its first character left of its last). */
async function gaucheADroite(page: Page, code: string): Promise<boolean[]> {
  return page.evaluate((code) => {
    const sens: boolean[] = [];
    const marche = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = marche.nextNode(); n; n = marche.nextNode()) {
      const i = n.textContent!.indexOf(code);
      if (i < 0) continue;
      const x = (k: number) => {
        const r = document.createRange();
        r.setStart(n!, k);
        r.setEnd(n!, k + 1);
        return r.getBoundingClientRect().x;
      };
      sens.push(x(i) < x(i + code.length - 1));
    }
    return sens;
  }, code);
}

async function telecharger(page: Page): Promise<Uint8Array> {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Télécharger/ }).click()]);
  return new Uint8Array(readFileSync((await dl.path())!));
}

describe("volet Excel en mode fichier (Chromium)", () => {
  it("part d'un classeur vierge, insère le référentiel et télécharge une grille complète, sans requête externe", async () => {
    const { page, contexte, sorties, erreursConsole } = await ouvrirVolet();
    await page.getByRole("button", { name: "Classeur vierge" }).click();
    await page.getByLabel("Établissement").fill("EPS Casablanca Anfa");
    await page.getByLabel("Période").fill("2026");
    await page.getByRole("button", { name: "Insérer le référentiel" }).click();
    await page.getByText("Grille prête").waitFor();
    await page.getByText(/inséré dans la feuille « Grille qualité » : 142 critères dont 22 impératifs/).waitFor();
    const octets = await telecharger(page);
    const wb = await ouvrirClasseur(octets, "téléchargé.xlsx");
    expect(wb.etat.meta).toMatchObject({ referentielId: "eps-maroc", etablissement: "EPS Casablanca Anfa", periode: "2026" });
    expect(await valeursFeuille(wb, FEUILLE_GRILLE)).toHaveLength(155);
    // The only address off this machine: office.js on Microsoft's CDN (it fails here: no internet).
    expect(sorties).toEqual([URL_OFFICE_JS]);
    expect(erreursConsole).toEqual([]);
    await contexte.close();
  });

  it("ouvre un classeur existant, garde la feuille de l'utilisateur octet pour octet, et refuse la période invalide", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Budget").getCell("A1").value = 1234;
    const avant = await octetsExcelJS(wb);
    const { page, contexte } = await ouvrirVolet();
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "suivi.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(avant) });
    await page.getByText("Classeur : suivi.xlsx").waitFor();
    await page.getByLabel("Période").fill("l'an dernier");
    await page.getByText("Indiquez une année (2026), un semestre (2026-S1)").waitFor();
    expect(await page.getByRole("button", { name: "Insérer le référentiel" }).isDisabled()).toBe(true);
    await page.getByLabel("Période").fill("2026-S3");
    await page.getByText("Indiquez une année (2026), un semestre (2026-S1)").waitFor();
    await page.getByLabel("Période").fill("2025-2026");
    await page.getByRole("button", { name: "Insérer le référentiel" }).click();
    await page.getByText("Grille prête").waitFor();
    const octets = await telecharger(page);
    const relu = await ouvrirClasseur(octets, "suivi.xlsx");
    expect(await valeursFeuille(relu, "Budget")).toEqual([[1234]]);
    expect(relu.etat.meta?.periode).toBe("2025-2026");
    // Written in the browser (CompressionStream): the user's sheet part is the same bytes.
    const [p0, p1] = [new Paquet(avant, "a"), new Paquet(octets, "b")];
    expect(Buffer.from(await p1.octetsDe("xl/worksheets/sheet1.xml")).equals(Buffer.from(await p0.octetsDe("xl/worksheets/sheet1.xml")))).toBe(true);
    expect((await enExcelJS(octets)).getWorksheet("Budget")!.getCell("A1").value).toBe(1234);
    await contexte.close();
  });

  it("dit en français pourquoi un fichier est refusé, en le nommant", async () => {
    const { page, contexte } = await ouvrirVolet();
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "notes.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("pas un classeur") });
    await page.getByRole("alert").getByText("notes.xlsx n'est pas un classeur .xlsx.").waitFor();
    await page.getByTestId("entree-json").setInputFiles({ name: "ref.json", mimeType: "application/json", buffer: Buffer.from('{"id":"x"}') });
    await page.getByRole("alert").getByText(/Le fichier ref\.json n'est pas valide/).waitFor();
    await contexte.close();
  });

  it("passe en arabe, de droite à gauche, et garde le choix", async () => {
    const { page, contexte } = await ouvrirVolet();
    await page.getByRole("button", { name: "العربية" }).click();
    await page.getByText("إدراج المرجعية").waitFor();
    expect(await page.evaluate(() => [document.documentElement.dir, document.documentElement.lang])).toEqual(["rtl", "ar"]);
    expect(await page.locator(".fui-FluentProvider").first().getAttribute("dir")).toBe("rtl");
    await page.reload();
    await page.getByText("إدراج المرجعية").waitFor({ timeout: 20_000 });
    await contexte.close();
  });
});

describe("arabe, champs ouverts (mode fichier)", () => {
  it("chaque onglet passe en arabe et revient en français sans écran blanc ni perte de saisie", async () => {
    const { page, contexte, erreursConsole } = await ouvrirVolet();
    await page.setViewportSize({ width: 350, height: 900 });
    await page.getByRole("button", { name: "Classeur vierge" }).click();
    const nom = "جمعية الأمل — EPS Tanger (2026)";
    await page.getByLabel("Établissement").fill(nom);
    await page.getByLabel(/^Évaluateurs/).fill("Amina, Youssef");
    await page.getByRole("radio", { name: "Moyenne" }).check();
    await page.getByRole("checkbox", { name: /Programme de renforcement familial/ }).check();
    const visible = async () => (await page.locator("main").innerText()).trim().length;
    for (const [onglet, ongletAr] of [["Grille", "الشبكة"], ["Résultats", "النتائج"], ["Consolider", "تجميع"]] as const) {
      await page.getByRole("tab", { name: onglet }).click();
      if (onglet === "Grille") await page.getByLabel("Établissement").waitFor();
      await page.getByRole("button", { name: "العربية" }).click();
      await page.getByRole("tab", { name: ongletAr, selected: true }).waitFor();
      expect(await visible()).toBeGreaterThan(100);
      if (onglet === "Grille") {
        // The typed name survives, in its own direction (dir="auto"), the radio and the box stay set.
        const champ = page.locator(`input[value="${nom}"]`);
        expect(await champ.getAttribute("dir")).toBe("auto");
        expect(await page.getByRole("radio", { name: "المتوسط" }).isChecked()).toBe(true);
        // Period codes inside the Arabic hint keep their order (isolated), not « S1-2026 ».
        expect(await gaucheADroite(page, "2026-S1")).toEqual([true]);
        await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-grille-champs-ar.png`, fullPage: true });
      }
      await page.getByRole("button", { name: "Français" }).click();
      await page.getByRole("tab", { name: onglet, selected: true }).waitFor();
      expect(await visible()).toBeGreaterThan(100);
    }
    await page.getByRole("tab", { name: "Grille" }).click();
    expect(await page.getByLabel("Établissement").inputValue()).toBe(nom);
    expect(await page.getByRole("checkbox", { name: /Programme de renforcement familial/ }).isChecked()).toBe(true);
    expect(erreursConsole).toEqual([]);
    await contexte.close();
  });
});

describe("catégories et guide de la méthode (mode fichier)", () => {
  it("un programme de renforcement familial coché : critères d'hébergement sans objet, 13 impératifs ; le guide de la méthode se télécharge", async () => {
    const { page, contexte, sorties, erreursConsole } = await ouvrirVolet();
    await page.setViewportSize({ width: 350, height: 900 });
    await page.getByRole("button", { name: "Classeur vierge" }).click();
    await page.getByLabel("Établissement").fill("PRF Tanger");
    await page.getByRole("checkbox", { name: /Programme de renforcement familial/ }).check();
    await page.screenshot({ path: "/tmp/qualite-volet-excel-categories-fr.png", fullPage: true });
    await page.getByRole("button", { name: "Insérer le référentiel" }).click();
    await page.getByText(/142 critères dont 13 impératifs.*26 critères sont sans objet/).waitFor();
    const wb = await ouvrirClasseur(await telecharger(page), "prf.xlsx");
    expect(wb.etat.meta).toMatchObject({ categories: ["prf"], etablissement: "PRF Tanger" });
    const [dl] = await Promise.all([page.waitForEvent("download"), page.getByTestId("guide-methode").click()]);
    expect(dl.suggestedFilename()).toBe("guide-methode-eps-maroc-prf.docx");
    const docx = readFileSync((await dl.path())!);
    expect(docx.subarray(0, 2).toString()).toBe("PK");
    await page.getByText("Guide de la méthode téléchargé").waitFor();
    // office.js from Microsoft's CDN is the only address outside this machine the pane asks for.
    expect(sorties.filter((u) => u !== "https://appsforoffice.microsoft.com/lib/1/hosted/office.js")).toEqual([]);
    expect(erreursConsole).toEqual([]);
    await page.getByRole("button", { name: "العربية" }).click();
    await page.getByText("الفئات المستقبَلة (الأصناف)").waitFor();
    await page.screenshot({ path: "/tmp/qualite-volet-excel-categories-ar.png", fullPage: true });
    await contexte.close();
  });
});

describe("résultats dans le volet (mode fichier)", () => {
  it("calcule une grille remplie, montre le radar, les impératifs et les désaccords, puis rédige le plan d'amélioration", async () => {
    const vierge = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(vierge, { referentiel: referentielLivre("eps-maroc"), source: "g.xlsx", evaluateurs: ["Amina", "Youssef"], etablissement: "EPS Marrakech", periode: "2026-S1" });
    // 1.1.1.a–c: Amina 4, 4, 1 · Youssef 1, 4, 1 → consensus 2.5, 4, 1 → 2.5, unmet, disagreement 3.
    const wb = await modifier(vierge, "g.xlsx", (x) => {
      const g = x.getWorksheet(FEUILLE_GRILLE)!;
      [["J2", 4], ["J3", 4], ["J4", 1], ["K2", 1], ["K3", 4], ["K4", 1], ["J6", 3], ["K6", 3], ["J8", 7]].forEach(([a, v]) => (g.getCell(a as string).value = v as number));
    });
    const attendu = scoresDuClasseur(wb, "g.xlsx").resultats;
    const { page, contexte, sorties } = await ouvrirVolet();
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "evaluation.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(wb.lu!.paquet.octets) });
    await page.getByText("Classeur : evaluation.xlsx").waitFor();
    // The form reads the workbook's own identity back.
    expect(await page.getByTestId("classeur-courant").textContent()).toMatch(/EPS Marrakech · 2026-S1 · eps-maroc [\d.]+ · évaluateurs : Amina, Youssef/);
    expect(await page.getByLabel("Période").inputValue()).toBe("2026-S1");
    expect(await page.getByLabel("Établissement").inputValue()).toBe("EPS Marrakech");
    expect(await page.getByLabel(/^Évaluateurs/).inputValue()).toBe("Amina, Youssef");
    await page.getByRole("tab", { name: "Résultats" }).click();
    await page.getByRole("button", { name: "Calculer" }).click();
    await page.getByTestId("score-global").waitFor();
    // « À corriger » first, before the figures: the row, the cell, the criterion, the reason.
    const corriger = page.getByTestId("a-corriger");
    expect(await corriger.textContent()).toMatch(/À corriger \(1\).*feuille « Grille qualité ».*Ligne 8, cellule J8 ?critère [\d.]+ : 7 est hors de l'échelle/);
    expect(await corriger.evaluate((e) => e.getBoundingClientRect().top)).toBeLessThan(await page.getByTestId("score-global").evaluate((e) => e.getBoundingClientRect().top));
    expect(await page.getByTestId("score-global").textContent()).toBe(attendu.global!.toFixed(2).replace(".", ","));
    expect(await page.getByTestId("imperatifs").textContent()).toContain("1.1.1");
    // Guidance folded under the listed criterion: what to look at, which evidence counts.
    await page.getByTestId("guide-1.1.1").first().locator("summary").click();
    expect(await page.getByTestId("guide-1.1.1").first().textContent()).toContain("Ce qu'on regarde : Lire la politique de prévention de la maltraitance");
    await page.setViewportSize({ width: 350, height: 900 });
    await page.screenshot({ path: "/tmp/qualite-volet-excel-guide-fr.png", fullPage: true });
    // Disagreements: the criterion's text, each evaluator's name and note.
    const libelle111 = referentielLivre("eps-maroc").chapitres[0]!.thematiques[0]!.objectifs[0]!.criteres[0]!.libelle.fr;
    expect(await page.getByTestId("desaccords").textContent()).toContain(`1.1.1 ${libelle111}`);
    expect(await page.getByTestId("desaccords").textContent()).toMatch(/écart 3,00/);
    expect(await page.getByTestId("desaccord-1.1.1").textContent()).toBe("Amina 3,00 · Youssef 2,00");
    // Why the imperative is unmet: which row, which note.
    const pourquoi = (await page.getByTestId("pourquoi-1.1.1").textContent())!;
    expect(pourquoi).toContain("Un impératif n'est atteint que si chaque ligne est notée 4.");
    expect(pourquoi).toContain("Ligne 4 (1.1.1.c) : note 1,00, il faut 4");
    expect(pourquoi).toMatch(/Ligne 2 \(1\.1\.1\.a\) : Amina 4,00 · Youssef 1,00 — notes différentes/);
    // Names, not codes: radar axes and bars.
    expect(await page.getByTestId("radar").getAttribute("aria-label")).toMatch(/Bientraitance et éthique : \d,\d\d, Droits de la personne : non évalué/);
    expect((await page.getByTestId("axe-T1").locator("tspan").allTextContents()).join(" ")).toBe("Bientraitance et éthique");
    expect((await page.getByTestId("radar").locator("tspan").allTextContents()).join(" ")).not.toMatch(/\bT\d\b/);
    expect(await page.getByTestId("chapitres").textContent()).toContain("La personne accompagnée");
    // The plan previewed before it is written.
    const apercu = (await page.getByTestId("apercu-paq").textContent())!;
    expect(apercu).toMatch(/Aperçu : \d+ actions proposées/);
    expect(apercu).toMatch(/1\.1\.1 .*priorité 1 ?Impératif non atteint · 2,\d\d · échéance \d{1,2} \S+ \d{4}/);
    await page.getByTestId("a-corriger").screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-resultats-corriger-fr.png` });
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-resultats-fr.png`, fullPage: true });
    await page.getByRole("button", { name: "العربية" }).click();
    await page.getByText("للتصحيح (1)").waitFor();
    // Arabic names from the shipped referential; the French engine message isolated in its own <bdi>.
    expect((await page.getByTestId("axe-T1").locator("tspan").allTextContents()).join(" ")).toBe("حسن المعاملة والأخلاقيات");
    expect(await page.getByTestId("a-corriger").locator("bdi").filter({ hasText: "hors de l'échelle" }).count()).toBe(1);
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-resultats-ar.png`, fullPage: true });
    await page.getByRole("button", { name: "Français" }).click();
    await page.getByRole("button", { name: "Rédiger le plan d'amélioration" }).click();
    await page.getByText(/Plan d'amélioration « Plan d'amélioration » : \d+ actions/).waitFor();
    const relu = await ouvrirClasseur(await telecharger(page), "evaluation.xlsx");
    const paq = (await valeursFeuille(relu, "Plan d'amélioration"))!;
    expect(paq[1]!.slice(0, 3)).toEqual(["1.1.1", expect.any(String), "Impératif non atteint"]);
    // The only address off this machine: office.js on Microsoft's CDN (it fails here: no internet).
    expect(sorties).toEqual([URL_OFFICE_JS]);
    await contexte.close();
  });
});

describe("anomalies plafonnées dans le volet (mode fichier)", () => {
  it("1 200 lignes collées inconnues : le titre donne le vrai total et dit que seules les 1 000 premières sont listées", async () => {
    const vierge = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(vierge, { referentiel: referentielLivre("eps-maroc"), source: "g.xlsx", etablissement: "EPS Fès" });
    const wb = await modifier(vierge, "g.xlsx", (x) => {
      const g = x.getWorksheet(FEUILLE_GRILLE)!;
      for (let k = 0; k < 1200; k++) g.getCell(`A${300 + k}`).value = `X.${k}`;
    });
    const { page, contexte } = await ouvrirVolet();
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "collee.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from(wb.lu!.paquet.octets) });
    await page.getByText("Classeur : collee.xlsx").waitFor();
    await page.getByRole("tab", { name: "Résultats" }).click();
    await page.getByRole("button", { name: "Calculer" }).click();
    const titre = page.getByTestId("a-corriger").getByText(/^À corriger/);
    await titre.waitFor();
    expect(await titre.textContent()).toMatch(/^À corriger \(1\s200\) — seules les 1\s000 premières sont listées$/);
    await page.setViewportSize({ width: 350, height: 900 });
    await titre.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/qualite-volet-anomalies-fr.png" });
    await page.getByRole("button", { name: "العربية" }).click();
    const arabe = page.getByTestId("a-corriger").getByText(/^للتصحيح/);
    await arabe.waitFor();
    expect(await arabe.textContent()).toBe("للتصحيح (1200) — لا تُعرض إلا الـ1000 الأولى");
    await arabe.scrollIntoViewIfNeeded();
    await page.screenshot({ path: "/tmp/qualite-volet-anomalies-ar.png" });
    await contexte.close();
  });
});

describe("consensus dans le volet (mode fichier)", () => {
  /** Three evaluators score imperative 1.1.2 (row 5) 4, 4, 1; `retenue` goes to « Note retenue » (N). */
  async function grille(retenue: number | null): Promise<Buffer> {
    const c = nouveauClasseur("g.xlsx");
    await injecterDansClasseur(c, { referentiel: referentielLivre("eps-maroc"), source: "g.xlsx", evaluateurs: ["Amina", "Youssef", "Khadija"], etablissement: "EPS Tétouan" });
    const wb = await enExcelJS(c);
    const g = wb.getWorksheet(FEUILLE_GRILLE)!;
    [["J5", 4], ["K5", 4], ["L5", 1], ["N5", retenue]].forEach(([a, v]) => (g.getCell(a as string).value = v as number | null));
    return Buffer.from(await octetsExcelJS(wb));
  }

  it("un impératif noté 4, 4, 1 est « non atteint — à discuter » avec la note de chaque évaluateur, jusqu'à la note retenue 4", async () => {
    const { page, contexte, sorties } = await ouvrirVolet();
    await page.setViewportSize({ width: 350, height: 900 });
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "trois.xlsx", mimeType: "application/octet-stream", buffer: await grille(null) });
    await page.getByText("Classeur : trois.xlsx").waitFor();
    await page.getByRole("tab", { name: "Résultats" }).click();
    await page.getByRole("button", { name: "Calculer" }).click();
    await page.getByTestId("imperatifs").waitFor();
    expect(await page.getByTestId("imperatifs").textContent()).toMatch(/1\.1\.2.*non atteint — à discuter/);
    expect(await page.getByTestId("notes-1.1.2").textContent()).toBe("Amina 4,00 · Youssef 4,00 · Khadija 1,00");
    expect(await page.getByTestId("seuil-paq").inputValue()).toBe("3");
    await page.getByTestId("imperatifs").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-a-discuter-fr.png`, fullPage: true });
    await page.getByRole("button", { name: "العربية" }).click();
    await page.getByText("غير محقق — للنقاش").waitFor();
    await page.screenshot({ path: `${process.env.CAPTURES ?? "/tmp"}/volet-a-discuter-ar.png`, fullPage: true });
    await page.getByRole("button", { name: "Français" }).click();

    await page.getByRole("tab", { name: "Grille" }).click();
    await page.getByTestId("entree-xlsx").setInputFiles({ name: "retenu.xlsx", mimeType: "application/octet-stream", buffer: await grille(4) });
    await page.getByText("Classeur : retenu.xlsx").waitFor();
    await page.getByRole("tab", { name: "Résultats" }).click();
    await page.getByRole("button", { name: "Calculer" }).click();
    await page.getByText("Impératifs non atteints (0)").waitFor();
    expect(sorties.filter((u) => u !== URL_OFFICE_JS)).toEqual([]);
    await contexte.close();
  });
});
