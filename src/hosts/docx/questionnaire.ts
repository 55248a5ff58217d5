/**
 * The printable questionnaire (.docx): large type, faces drawn as pictures for young children,
 * boxes to tick for the others, ruled room to write, right to left in Arabic. Nobody's name is
 * asked. Rendered with the `docx` library like every other document; no domain rule here.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  HeightRule,
  type FileChild,
} from "docx";
import { questionsEchelle, type Question, type Questionnaire } from "../../core/enquetes/questionnaire";
import { textesImpression, type LangueImpression } from "../../core/enquetes/impression";
import { pngDessin, type Dessin } from "./dessins";
import { proprietesReponses } from "../../core/pe/proprietes";

/** The identity of a printed questionnaire (modeleDuDocx reads it back). */
export const MODELE_QUESTIONNAIRE = "questionnaire-enquete";

const COULEUR = "0F766E";
const DISCRET = "595959";
const FILET = "8C8C8C";
const MARGE = 850; // 1.5 cm
const LARGEUR = 11906 - 2 * MARGE;
const pt = (x: number) => Math.round(x * 2);
const SANS = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const AUCUNE_BORDURE = { top: SANS, bottom: SANS, left: SANS, right: SANS, insideHorizontal: SANS, insideVertical: SANS };

interface Mise {
  ar: boolean;
  /** Question text, answer labels, and the rest, in points. */
  question: number;
  libelle: number;
  texte: number;
  titre: number;
}

function run(m: Mise, texte: string, o: { taille?: number; gras?: boolean; couleur?: string } = {}): TextRun {
  const taille = pt(o.taille ?? m.texte);
  return new TextRun({
    text: texte,
    size: taille,
    sizeComplexScript: taille,
    bold: o.gras,
    boldComplexScript: o.gras,
    color: o.couleur,
    rightToLeft: m.ar,
    font: { ascii: "Calibri", hAnsi: "Calibri", cs: "Arial" },
    language: m.ar ? { value: "fr-FR", bidirectional: "ar-MA" } : { value: "fr-FR" },
  });
}

function paragraphe(m: Mise, enfants: (TextRun | ImageRun)[], o: { centre?: boolean; avant?: number; apres?: number; suivant?: boolean } = {}): Paragraph {
  return new Paragraph({
    bidirectional: m.ar,
    alignment: o.centre ? AlignmentType.CENTER : AlignmentType.START,
    spacing: { before: o.avant ?? 0, after: o.apres ?? 120 },
    keepNext: o.suivant,
    keepLines: true,
    children: enfants,
  });
}

function image(octets: Uint8Array, taillePt: number, nom: string): ImageRun {
  const px = Math.round((taillePt * 96) / 72);
  return new ImageRun({ type: "png", data: octets, transformation: { width: px, height: px }, altText: { name: nom, description: nom, title: nom } });
}

function texteDe(m: Mise, t: { fr: string; ar: string }): string {
  return m.ar ? t.ar : t.fr;
}

/** A question's number and words, kept with what follows. */
function enonce(m: Mise, n: number, qu: Question): Paragraph {
  return paragraphe(m, [run(m, `${n}. `, { taille: m.question, gras: true, couleur: COULEUR }), run(m, texteDe(m, qu.texte), { taille: m.question, gras: true })], { avant: 240, apres: 100, suivant: true });
}

/** Three (or more) faces side by side, each with its word under it. */
function visages(m: Mise, q: Questionnaire, dessins: Map<Dessin, Uint8Array>): Table {
  const choix = q.echelle.filter((c) => c.visage);
  const largeur = Math.floor(LARGEUR / choix.length);
  return new Table({
    width: { size: largeur * choix.length, type: WidthType.DXA },
    columnWidths: choix.map(() => largeur),
    layout: TableLayoutType.FIXED,
    visuallyRightToLeft: m.ar,
    borders: AUCUNE_BORDURE,
    rows: [
      new TableRow({
        cantSplit: true,
        children: choix.map(
          (c) =>
            new TableCell({
              width: { size: largeur, type: WidthType.DXA },
              children: [
                paragraphe(m, [image(dessins.get(c.visage!)!, 64, texteDe(m, c.libelle))], { centre: true, apres: 40, suivant: true }),
                paragraphe(m, [run(m, texteDe(m, c.libelle), { taille: m.libelle, gras: true })], { centre: true, apres: 0 }),
              ],
            }),
        ),
      }),
    ],
  });
}

/** Scale questions as one grid: the question, then a box under each answer; header repeated on each page. */
function grille(m: Mise, q: Questionnaire, liste: { n: number; qu: Question }[], caseVide: Uint8Array): Table {
  const k = q.echelle.length;
  const largeurChoix = Math.floor((LARGEUR * 0.58) / k);
  const largeurQuestion = LARGEUR - largeurChoix * k;
  const filet = { style: BorderStyle.SINGLE, size: 4, color: FILET };
  const cellule = (enfants: Paragraph[], largeur: number, fond?: string) =>
    new TableCell({ width: { size: largeur, type: WidthType.DXA }, verticalAlign: VerticalAlign.CENTER, margins: { top: 80, bottom: 80, left: 100, right: 100 }, ...(fond ? { shading: { type: ShadingType.CLEAR, fill: fond, color: "auto" } } : {}), children: enfants });
  return new Table({
    width: { size: LARGEUR, type: WidthType.DXA },
    columnWidths: [largeurQuestion, ...q.echelle.map(() => largeurChoix)],
    layout: TableLayoutType.FIXED,
    visuallyRightToLeft: m.ar,
    borders: { top: filet, bottom: filet, left: filet, right: filet, insideHorizontal: filet, insideVertical: filet },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: [cellule([paragraphe(m, [], { apres: 0 })], largeurQuestion, "E6F2F0"), ...q.echelle.map((c) => cellule([paragraphe(m, [run(m, texteDe(m, c.libelle), { taille: m.libelle, gras: true, couleur: COULEUR })], { centre: true, apres: 0 })], largeurChoix, "E6F2F0"))],
      }),
      ...liste.map(
        ({ n, qu }, i) =>
          new TableRow({
            cantSplit: true,
            children: [
              cellule([paragraphe(m, [run(m, `${n}. `, { taille: m.question, gras: true, couleur: COULEUR }), run(m, texteDe(m, qu.texte), { taille: m.question })], { apres: 0 })], largeurQuestion, i % 2 ? "F7FAF9" : undefined),
              ...q.echelle.map(() => cellule([paragraphe(m, [image(caseVide, m.question + 4, "case à cocher")], { centre: true, apres: 0 })], largeurChoix, i % 2 ? "F7FAF9" : undefined)),
            ],
          }),
      ),
    ],
  });
}

/** Ruled lines to write on (a table of bottom rules: the same in Word and LibreOffice). */
function lignesAEcrire(m: Mise, nombre: number, hauteurPt: number): Table {
  const pointille = { style: BorderStyle.DOTTED, size: 6, color: FILET };
  return new Table({
    width: { size: LARGEUR, type: WidthType.DXA },
    columnWidths: [LARGEUR],
    layout: TableLayoutType.FIXED,
    visuallyRightToLeft: m.ar,
    borders: { ...AUCUNE_BORDURE, insideHorizontal: pointille, bottom: pointille },
    rows: Array.from({ length: nombre }, () => new TableRow({ cantSplit: true, height: { value: hauteurPt * 20, rule: HeightRule.EXACT }, children: [new TableCell({ width: { size: LARGEUR, type: WidthType.DXA }, children: [paragraphe(m, [], { apres: 0 })] })] })),
  });
}

/** The questionnaire as a printable .docx, in French or Arabic. */
export async function ecrireQuestionnaireDocx(q: Questionnaire, langue: LangueImpression): Promise<Uint8Array> {
  const enfants = q.presentation === "visages";
  const m: Mise = enfants ? { ar: langue === "ar", question: 20, libelle: 16, texte: 15, titre: 28 } : { ar: langue === "ar", question: 13, libelle: 10, texte: 12.5, titre: 22 };
  const t = textesImpression(q, langue);
  const dessins = new Map<Dessin, Uint8Array>();
  for (const d of ["content", "neutre", "triste", "case"] as const) dessins.set(d, await pngDessin(d));
  const caseVide = dessins.get("case")!;
  const corps: FileChild[] = [
    paragraphe(m, [run(m, texteDe(m, q.titre), { taille: m.titre, gras: true, couleur: COULEUR })], { centre: true, apres: 80 }),
    paragraphe(m, [run(m, texteDe(m, q.public), { couleur: DISCRET })], { centre: true, apres: 200 }),
    new Table({
      width: { size: LARGEUR, type: WidthType.DXA },
      columnWidths: [LARGEUR],
      layout: TableLayoutType.FIXED,
      visuallyRightToLeft: m.ar,
      borders: { ...AUCUNE_BORDURE, left: { style: BorderStyle.SINGLE, size: 24, color: COULEUR }, right: m.ar ? { style: BorderStyle.SINGLE, size: 24, color: COULEUR } : SANS },
      rows: [
        new TableRow({
          children: [
            new TableCell({
              width: { size: LARGEUR, type: WidthType.DXA },
              shading: { type: ShadingType.CLEAR, fill: "E6F2F0", color: "auto" },
              margins: { top: 120, bottom: 120, left: 200, right: 200 },
              children: [paragraphe(m, [run(m, texteDe(m, q.consigne))], { apres: 80 }), paragraphe(m, [run(m, t.anonyme, { gras: true })], { apres: 0 })],
            }),
          ],
        }),
      ],
    }),
  ];
  if (q.tranchesAge.length) {
    const tranches = q.tranchesAge.flatMap((a) => [image(caseVide, m.texte + 2, "case à cocher"), run(m, ` ${m.ar ? a.ar : a.code}     `)]);
    corps.push(paragraphe(m, [run(m, `${t.age}   `, { gras: true }), ...tranches], { avant: 240, apres: 120 }));
  }
  // Questions in order: consecutive scale questions of adults share one grid.
  let groupe: { n: number; qu: Question }[] = [];
  const vider = () => {
    if (groupe.length) corps.push(paragraphe(m, [], { avant: 120, apres: 0 }), grille(m, q, groupe, caseVide));
    groupe = [];
  };
  q.questions.forEach((qu, i) => {
    if (qu.type === "echelle" && !enfants) {
      groupe.push({ n: i + 1, qu });
      return;
    }
    vider();
    corps.push(enonce(m, i + 1, qu));
    if (qu.type === "echelle") corps.push(visages(m, q, dessins));
    else {
      corps.push(paragraphe(m, [run(m, t.reponse, { taille: m.libelle, couleur: DISCRET })], { apres: 0, suivant: true }));
      corps.push(lignesAEcrire(m, enfants ? 4 : 5, enfants ? 34 : 26));
    }
  });
  vider();
  corps.push(paragraphe(m, [run(m, t.merci, { taille: m.question, gras: true, couleur: COULEUR })], { centre: true, avant: 480 }));
  const nbEchelle = questionsEchelle(q).length;
  const doc = new Document({
    creator: "Qualité EPS",
    title: texteDe(m, q.titre),
    description: `Questionnaire ${q.id} ${q.version} (${langue}), ${nbEchelle} questions à échelle`,
    customProperties: proprietesReponses({ modele: MODELE_QUESTIONNAIRE, version: q.version, variables: { questionnaire: q.id, langue }, sections: {} }),
    styles: { default: { document: { run: { font: "Calibri", size: pt(m.texte) }, paragraph: { spacing: { after: 120 } } } } },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: MARGE, bottom: MARGE, left: MARGE, right: MARGE, footer: 400 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                bidirectional: m.ar,
                alignment: AlignmentType.CENTER,
                children: [
                  run(m, `${t.pied} — ${texteDe(m, q.titre)} — `, { taille: 9, couleur: DISCRET }),
                  new TextRun({ children: [PageNumber.CURRENT, " / ", PageNumber.TOTAL_PAGES], size: pt(9), color: DISCRET }),
                ],
              }),
            ],
          }),
        },
        children: corps,
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
