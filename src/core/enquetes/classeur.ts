/**
 * The answer workbook of a survey, as a WorkbookPlan: « Réponses » (one row per respondent, a
 * drop-down list per question, no name), « Résultats » (counts, percentages, satisfaction index
 * per question and per criterion, a chart per question, all live formulas hidden below the
 * minimum group size), « Commentaires » (words of the open questions) and a very hidden identity
 * sheet that carries the questionnaire itself. Pure: reading back takes plain cell values.
 */
import { criteresAplatis, ErreurUtilisateur, type Referentiel } from "../referential";
import { lettreColonne, type ColonnePlan, type FeuillePlan, type GraphiquePlan, type Valeur, type ValeurPlan, type WorkbookPlan, hauteursAjustees } from "../workbook-plan";
import { lireQuestionnaireJson, questionsEchelle, questionsTexte, type Questionnaire } from "./questionnaire";
import { criteresLies, estRempli, indexChoix, objetCritere, referenceResultat, SEUIL_PAR_DEFAUT, valeursNormalisees, type Reponse } from "./resultats";

export const FEUILLE_REPONSES = "Réponses";
export const FEUILLE_RESULTATS = "Résultats";
export const FEUILLE_COMMENTAIRES = "Commentaires";
export const FEUILLE_IDENTITE_ENQUETE = "QualiteEPS_enquete";
export const SIGNATURE_ENQUETE = "qualite-eps-enquete";
export const FORMAT_ENQUETE = 1;
export const LIGNES_PAR_DEFAUT = 200;
const TAILLE_MORCEAU = 30000;

/** Fixed columns of « Réponses » before the questions: N°, age band, unit. */
const FIXES = 3;
/** Cells of « Résultats » that hold the counts: respondents (B2), minimum group size (B3). */
export const CELLULE_REPONDANTS = "B2";
export const CELLULE_SEUIL = "B3";
/** Header row of the questions' table in « Résultats ». */
const LIGNE_ENTETE_RESULTATS = 6;

export interface IdentiteEnquete {
  questionnaire: Questionnaire;
  etablissement: string;
  periode: string;
  lignes: number;
}

export interface OptionsClasseurEnquete {
  questionnaire: Questionnaire;
  referentiel?: Referentiel;
  etablissement?: string;
  periode?: string;
  lignes?: number;
  seuil?: number;
}

const q = (feuille: string) => `'${feuille.replace(/'/g, "''")}'`;
const chaine = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Column letter of each question in « Réponses », and of the helper columns after them. */
export function colonnesReponses(qn: Questionnaire): { question: Map<string, string>; repondu: string; rang: Map<string, string>; derniere: string } {
  const question = new Map(qn.questions.map((qu, i) => [qu.id, lettreColonne(FIXES + i)]));
  const n = FIXES + qn.questions.length;
  const repondu = lettreColonne(n);
  const rang = new Map(questionsTexte(qn).map((qu, i) => [qu.id, lettreColonne(n + 1 + i)]));
  return { question, repondu, rang, derniere: lettreColonne(n - 1) };
}

function feuilleReponses(qn: Questionnaire, lignes: number): FeuillePlan {
  const cols = colonnesReponses(qn);
  const premiere = lettreColonne(FIXES);
  const fin = lignes + 1;
  const colonnes: ColonnePlan[] = [
    { key: "numero", entete: "N°", largeur: 6, verrouillee: true },
    { key: "trancheAge", entete: "Tranche d'âge (facultatif)", largeur: 14, verrouillee: false, retourALaLigne: true, format: "@" },
    { key: "unite", entete: "Unité (facultatif)", largeur: 14, verrouillee: false, retourALaLigne: true, format: "@" },
    ...qn.questions.map((qu): ColonnePlan => ({ key: qu.id, entete: `${qu.id}. ${qu.texte.fr}`, largeur: qu.type === "texte" ? 40 : 16, verrouillee: false, retourALaLigne: true, format: "@" })),
    { key: "repondu", entete: "Répondu", largeur: 9, verrouillee: true, masquee: true },
    ...questionsTexte(qn).map((qu): ColonnePlan => ({ key: `rang.${qu.id}`, entete: `Rang ${qu.id}`, largeur: 9, verrouillee: true, masquee: true })),
  ];
  const corps: ValeurPlan[][] = [];
  for (let i = 0; i < lignes; i++) {
    const r = i + 2;
    corps.push([
      i + 1,
      null,
      null,
      ...qn.questions.map(() => null),
      { formule: `IF(COUNTIF(${premiere}${r}:${cols.derniere}${r},"?*")>0,1,0)` },
      ...questionsTexte(qn).map((qu) => {
        const c = cols.question.get(qu.id)!;
        return { formule: `IF(COUNTIF(${c}${r},"?*")>0,COUNTIF(${c}$2:${c}${r},"?*"),"")` };
      }),
    ]);
  }
  const entete = colonnes.map((c) => c.entete);
  const codes = qn.echelle.map((c) => c.code);
  return {
    nom: FEUILLE_REPONSES,
    visibilite: "visible",
    colonnes,
    lignes: [entete, ...corps],
    validations: [
      ...(qn.tranchesAge.length
        ? [{ plage: `B2:B${fin}`, valeurs: qn.tranchesAge.map((t) => t.code), titreErreur: "Tranche d'âge", messageErreur: `Choisissez une tranche dans la liste : ${qn.tranchesAge.map((t) => t.code).join(", ")}.` }]
        : []),
      ...questionsEchelle(qn).map((qu) => {
        const c = cols.question.get(qu.id)!;
        return { plage: `${c}2:${c}${fin}`, valeurs: codes, titreErreur: `Réponse à ${qu.id}`, messageErreur: `Choisissez une réponse dans la liste : ${codes.join(", ")}.`, titreInvite: qu.id, invite: qu.texte.fr.slice(0, 250) };
      }),
    ],
    misesEnForme: [],
    figer: { lignes: 1, colonnes: 1 },
    hauteurs: hauteursAjustees(colonnes, [entete]),
    lignesGras: [1],
    protection: { autoriserFiltre: true, autoriserTri: true, autoriserFormatColonnes: true, autoriserFormatLignes: true },
  };
}

/** Letters of the count columns, percentage columns and index column of « Résultats ». */
export function colonnesResultats(qn: Questionnaire): { comptes: string[]; parts: string[]; indice: string; reference: string } {
  const k = qn.echelle.length;
  const comptes = qn.echelle.map((_, i) => lettreColonne(4 + i));
  const parts = qn.echelle.map((_, i) => lettreColonne(4 + k + i));
  return { comptes, parts, indice: lettreColonne(4 + 2 * k), reference: lettreColonne(5 + 2 * k) };
}

/** Row (1-based) of each scale question in « Résultats », and of each criterion. */
export function lignesResultats(qn: Questionnaire): { question: Map<string, number>; critere: Map<string, number>; enteteCriteres: number } {
  const question = new Map(questionsEchelle(qn).map((qu, i) => [qu.id, LIGNE_ENTETE_RESULTATS + 1 + i]));
  const enteteCriteres = LIGNE_ENTETE_RESULTATS + questionsEchelle(qn).length + 3;
  const critere = new Map(criteresLies(qn).map((id, i) => [id, enteteCriteres + 1 + i]));
  return { question, critere, enteteCriteres };
}

function feuilleResultats(qn: Questionnaire, o: { referentiel?: Referentiel; periode: string; etablissement: string; lignes: number; seuil: number }): FeuillePlan {
  const cr = colonnesResultats(qn);
  const lr = lignesResultats(qn);
  const cols = colonnesReponses(qn);
  const fin = o.lignes + 1;
  const R = q(FEUILLE_REPONSES);
  const largeurTotale = 6 + 2 * qn.echelle.length;
  const vide = () => Array<ValeurPlan>(largeurTotale).fill(null);
  const lignes: ValeurPlan[][] = [];
  const titre = vide();
  titre[0] = `Résultats — ${qn.titre.fr}${o.etablissement ? ` — ${o.etablissement}` : ""}${o.periode ? ` — ${o.periode}` : ""}`;
  lignes.push(titre);
  const l2 = vide();
  l2[0] = "Répondants";
  l2[1] = { formule: `SUM(${R}!${cols.repondu}2:${cols.repondu}${fin})` };
  lignes.push(l2);
  const l3 = vide();
  l3[0] = "Taille minimale du groupe";
  l3[1] = o.seuil;
  lignes.push(l3);
  const l4 = vide();
  l4[0] = "Résultats montrés";
  l4[1] = { formule: `IF(${CELLULE_REPONDANTS}>=${CELLULE_SEUIL},"Oui","Non : moins de "&${CELLULE_SEUIL}&" répondants")` };
  lignes.push(l4);
  const l5 = vide();
  l5[0] = "Sous la taille minimale (changeable en B3), aucun résultat n'est montré, ni pour l'enquête ni pour une question : personne ne doit pouvoir être reconnu à ses réponses.";
  lignes.push(l5);
  lignes.push([
    "Question",
    "Texte",
    "Critères",
    "Réponses",
    ...qn.echelle.map((c) => `${c.code} (nombre)`),
    ...qn.echelle.map((c) => c.code),
    "Indice de satisfaction (0-100)",
    "Référence",
  ]);
  const norm = valeursNormalisees(qn);
  const codes = `{${qn.echelle.map((c) => chaine(c.code)).join(",")}}`;
  for (const qu of questionsEchelle(qn)) {
    const r = lr.question.get(qu.id)!;
    const c = cols.question.get(qu.id)!;
    const plage = `${R}!${c}$2:${c}$${fin}`;
    const montre = `AND($B$2>=$B$3,$D${r}>=$B$3)`;
    const termes = cr.comptes.map((x, i) => (norm[i] === null ? null : `${x}${r}*${norm[i]}`)).filter(Boolean);
    const notes = cr.comptes.filter((_, i) => norm[i] !== null).map((x) => `${x}${r}`);
    lignes.push([
      qu.id,
      qu.texte.fr,
      qu.criteres.join(", "),
      { formule: `SUMPRODUCT(COUNTIF(${plage},${codes}))` },
      ...qn.echelle.map((ch) => ({ formule: `IF(${montre},COUNTIF(${plage},${chaine(ch.code)}),"")` })),
      ...cr.comptes.map((x) => ({ formule: `IF(${x}${r}="","",${x}${r}/$D${r})` })),
      { formule: `IF(${cr.comptes[0]}${r}="","",IFERROR(100*(${termes.join("+")})/(${notes.join("+")}),""))` },
      referenceResultat(qn.id, o.periode, qu.id),
    ]);
  }
  lignes.push(vide());
  lignes.push(vide());
  const enteteCr = vide();
  ["Critère", "Libellé du critère", "Questions", "Indice de satisfaction (0-100)"].forEach((t, i) => (enteteCr[i] = t));
  enteteCr[largeurTotale - 1] = "Référence";
  lignes.push(enteteCr);
  const libelles = new Map(o.referentiel ? criteresAplatis(o.referentiel).map((c) => [c.critere.id, c.critere.libelle.fr]) : []);
  for (const id of criteresLies(qn)) {
    const liees = questionsEchelle(qn).filter((qu) => qu.criteres.includes(id));
    const l = vide();
    l[0] = id;
    l[1] = libelles.get(id) ?? "";
    l[2] = liees.map((qu) => qu.id).join(", ");
    l[3] = { formule: `IFERROR(AVERAGE(${liees.map((qu) => `${cr.indice}${lr.question.get(qu.id)}`).join(",")}),"")` };
    l[largeurTotale - 1] = referenceResultat(qn.id, o.periode, objetCritere(id));
    lignes.push(l);
  }
  const colonnes: ColonnePlan[] = [
    { key: "a", entete: "", largeur: 24, verrouillee: true },
    { key: "b", entete: "", largeur: 46, verrouillee: true, retourALaLigne: true },
    { key: "c", entete: "", largeur: 16, verrouillee: true, retourALaLigne: true },
    { key: "d", entete: "", largeur: 14, verrouillee: true, retourALaLigne: true },
    ...qn.echelle.map((_, i): ColonnePlan => ({ key: `n${i}`, entete: "", largeur: 11, verrouillee: true, retourALaLigne: true })),
    ...qn.echelle.map((_, i): ColonnePlan => ({ key: `p${i}`, entete: "", largeur: 11, verrouillee: true, retourALaLigne: true })),
    { key: "indice", entete: "", largeur: 13, verrouillee: true, retourALaLigne: true },
    { key: "ref", entete: "", largeur: 30, verrouillee: true },
  ];
  const premiereQ = LIGNE_ENTETE_RESULTATS + 1;
  const derniereQ = LIGNE_ENTETE_RESULTATS + questionsEchelle(qn).length;
  const colGraphique = largeurTotale + 1;
  const graphiques: GraphiquePlan[] = questionsEchelle(qn).map((qu, i) => {
    const r = lr.question.get(qu.id)!;
    return {
      type: "barres",
      titre: `${qu.id}. ${qu.texte.fr}`,
      categories: `${cr.parts[0]}${LIGNE_ENTETE_RESULTATS}:${cr.parts.at(-1)}${LIGNE_ENTETE_RESULTATS}`,
      valeurs: `${cr.parts[0]}${r}:${cr.parts.at(-1)}${r}`,
      nomSerie: qu.id,
      de: `${lettreColonne(colGraphique)}${1 + i * 16}`,
      a: `${lettreColonne(colGraphique + 7)}${15 + i * 16}`,
      min: 0,
      max: 1,
    };
  });
  return {
    nom: FEUILLE_RESULTATS,
    visibilite: "visible",
    colonnes,
    lignes,
    validations: [],
    misesEnForme: [],
    formats: [
      { plage: `${cr.parts[0]}${premiereQ}:${cr.parts.at(-1)}${derniereQ}`, format: "0%" },
      { plage: `${cr.indice}${premiereQ}:${cr.indice}${derniereQ}`, format: "0.0" },
      { plage: `D${lr.enteteCriteres + 1}:D${lr.enteteCriteres + criteresLies(qn).length}`, format: "0.0" },
    ],
    echelles: [
      { plage: `${cr.indice}${premiereQ}:${cr.indice}${derniereQ}`, min: 0, max: 100 },
      { plage: `D${lr.enteteCriteres + 1}:D${lr.enteteCriteres + criteresLies(qn).length}`, min: 0, max: 100 },
    ],
    lignesGras: [1, LIGNE_ENTETE_RESULTATS, lr.enteteCriteres],
    hauteurs: hauteursAjustees(colonnes, lignes, { grasLignes: [LIGNE_ENTETE_RESULTATS, lr.enteteCriteres] }),
    graphiques,
    miseEnPage: { orientation: "paysage", uneLargeur: true, enTete: { gauche: o.etablissement, centre: qn.titre.fr, droite: o.periode }, numeroPage: true, zone: `A1:${lettreColonne(largeurTotale - 1)}${lignes.length}` },
  };
}

function feuilleCommentaires(qn: Questionnaire, lignes: number): FeuillePlan {
  const cols = colonnesReponses(qn);
  const R = q(FEUILLE_REPONSES);
  const S = q(FEUILLE_RESULTATS);
  const fin = lignes + 1;
  const textes = questionsTexte(qn);
  const colonnes = textes.map((qu): ColonnePlan => ({ key: qu.id, entete: `${qu.id}. ${qu.texte.fr}`, largeur: 60, verrouillee: true, retourALaLigne: true }));
  const corps: ValeurPlan[][] = [];
  for (let k = 1; k <= lignes; k++) {
    corps.push(
      textes.map((qu) => {
        const c = cols.question.get(qu.id)!;
        const rang = cols.rang.get(qu.id)!;
        return { formule: `IF(${S}!$B$2<${S}!$B$3,"",IFERROR(INDEX(${R}!$${c}$2:$${c}$${fin},MATCH(${k},${R}!$${rang}$2:$${rang}$${fin},0)),""))` };
      }),
    );
  }
  const entete = colonnes.map((c) => c.entete);
  return { nom: FEUILLE_COMMENTAIRES, visibilite: "visible", colonnes, lignes: [entete, ...corps], validations: [], misesEnForme: [], figer: { lignes: 1, colonnes: 0 }, lignesGras: [1], hauteurs: [hauteursAjustees(colonnes, [entete])[0] ?? null] };
}

function feuilleIdentite(id: IdentiteEnquete): FeuillePlan {
  const json = JSON.stringify(id.questionnaire);
  const lignes: Valeur[][] = [
    [SIGNATURE_ENQUETE, FORMAT_ENQUETE],
    ["questionnaire.id", id.questionnaire.id],
    ["questionnaire.version", id.questionnaire.version],
    ["etablissement", id.etablissement],
    ["periode", id.periode],
    ["reponses.lignes", id.lignes],
  ];
  for (let i = 0, n = 1; i < json.length; i += TAILLE_MORCEAU, n++) lignes.push([`questionnaire.json.${n}`, json.slice(i, i + TAILLE_MORCEAU)]);
  return {
    nom: FEUILLE_IDENTITE_ENQUETE,
    visibilite: "veryHidden",
    colonnes: [
      { key: "cle", entete: "cle", largeur: 24, verrouillee: true, format: "@" },
      { key: "valeur", entete: "valeur", largeur: 60, verrouillee: true, format: "@" },
    ],
    lignes,
    validations: [],
    misesEnForme: [],
    protection: { autoriserFiltre: false, autoriserTri: false, autoriserFormatColonnes: false, autoriserFormatLignes: false },
  };
}

/** The whole answer workbook of a survey. */
export function planifierClasseurEnquete(o: OptionsClasseurEnquete): WorkbookPlan {
  const lignes = o.lignes ?? LIGNES_PAR_DEFAUT;
  if (!Number.isInteger(lignes) || lignes < 5 || lignes > 5000) throw new ErreurUtilisateur(`Nombre de lignes de réponses « ${o.lignes} » invalide : attendu un entier de 5 à 5 000.`);
  const seuil = o.seuil ?? SEUIL_PAR_DEFAUT;
  if (!Number.isInteger(seuil) || seuil < 1 || seuil > 1000) throw new ErreurUtilisateur(`Taille minimale du groupe « ${o.seuil} » invalide : attendu un entier de 1 à 1 000 (5 par défaut).`);
  const etablissement = o.etablissement ?? "";
  const periode = o.periode ?? "";
  const feuilles = [feuilleReponses(o.questionnaire, lignes), feuilleResultats(o.questionnaire, { referentiel: o.referentiel, periode, etablissement, lignes, seuil })];
  if (questionsTexte(o.questionnaire).length) feuilles.push(feuilleCommentaires(o.questionnaire, lignes));
  feuilles.push(feuilleIdentite({ questionnaire: o.questionnaire, etablissement, periode, lignes }));
  return { supprimer: feuilles.map((f) => f.nom), feuilles, activer: FEUILLE_REPONSES };
}

/** The identity sheet read back; null when the values are not ours. */
export function lireIdentiteEnquete(valeurs: readonly (readonly Valeur[])[], source: string): IdentiteEnquete | null {
  if (String(valeurs[0]?.[0] ?? "") !== SIGNATURE_ENQUETE) return null;
  const format = Number(valeurs[0]?.[1]);
  if (!Number.isInteger(format) || format > FORMAT_ENQUETE) {
    throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLE_IDENTITE_ENQUETE} » est au format ${String(valeurs[0]?.[1])}, plus récent que celui de cette version de Qualité EPS (${FORMAT_ENQUETE}). Mettez à jour Qualité EPS.`);
  }
  const kv = new Map<string, string>();
  for (const l of valeurs.slice(1)) if (l[0] !== null && l[0] !== undefined && l[0] !== "") kv.set(String(l[0]), l[1] === null || l[1] === undefined ? "" : String(l[1]));
  const morceaux: string[] = [];
  for (let n = 1; kv.has(`questionnaire.json.${n}`); n++) morceaux.push(kv.get(`questionnaire.json.${n}`)!);
  if (!morceaux.length) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLE_IDENTITE_ENQUETE} » ne contient plus le questionnaire : le classeur a été modifié à la main.`);
  const questionnaire = lireQuestionnaireJson(morceaux.join(""), `questionnaire enregistré dans ${source}`);
  const lignes = Number(kv.get("reponses.lignes"));
  return { questionnaire, etablissement: kv.get("etablissement") ?? "", periode: kv.get("periode") ?? "", lignes: Number.isInteger(lignes) && lignes > 0 ? lignes : LIGNES_PAR_DEFAUT };
}

/**
 * The respondents' rows of « Réponses » (values from A1), checked: an answer outside the scale
 * is refused with the sheet, the cell, the question and its criteria.
 */
export function lireReponses(qn: Questionnaire, valeurs: readonly (readonly Valeur[])[], source: string, lignes = Infinity): Reponse[] {
  const cols = colonnesReponses(qn);
  const fautes: string[] = [];
  const out: Reponse[] = [];
  valeurs.slice(1).forEach((l, i) => {
    const ligne = i + 2;
    const texte = (v: Valeur | undefined): string | null => (v === null || v === undefined || v === "" ? null : typeof v === "string" ? v : String(v));
    if (i >= lignes) {
      // The sheet's formulas stop at the last planned row: an answer below would be counted by
      // the document and not by the sheet.
      const j = qn.questions.findIndex((_, k) => texte(l[FIXES + k]) !== null);
      if (j >= 0) {
        fautes.push(
          `feuille « ${FEUILLE_REPONSES} », cellule ${lettreColonne(FIXES + j)}${ligne} : réponse au-delà des ${lignes} lignes prévues, que les formules des résultats ne comptent pas. Recréez le classeur avec plus de lignes (--lignes) et recopiez-y les réponses.`,
        );
      }
      return;
    }
    const r: Reponse = { trancheAge: texte(l[1]), unite: texte(l[2]), valeurs: {} };
    qn.questions.forEach((qu, j) => {
      const v = texte(l[FIXES + j]);
      r.valeurs[qu.id] = v;
      if (qu.type === "echelle" && estRempli(v) && indexChoix(qn, v) < 0) {
        fautes.push(
          `feuille « ${FEUILLE_REPONSES} », cellule ${cols.question.get(qu.id)}${ligne} : « ${v} » n'est pas une réponse de l'échelle (${qn.echelle.map((c) => c.code).join(", ")}) — question ${qu.id}, critère${qu.criteres.length > 1 ? "s" : ""} ${qu.criteres.join(", ")}`,
        );
      }
    });
    out.push(r);
  });
  if (fautes.length) {
    throw new ErreurUtilisateur(`${source} : ${fautes.length} réponse${fautes.length > 1 ? "s" : ""} refusée${fautes.length > 1 ? "s" : ""} (questionnaire « ${qn.id} »).`, [...fautes.slice(0, 20), ...(fautes.length > 20 ? [`… et ${fautes.length - 20} autres`] : [])]);
  }
  return out;
}

/** Reads the minimum group size a user may have changed in « Résultats » (B3). */
export function lireSeuil(valeurs: readonly (readonly Valeur[])[] | null, source: string): number {
  const v = valeurs?.[2]?.[1];
  if (v === null || v === undefined || v === "") return SEUIL_PAR_DEFAUT;
  const n = typeof v === "number" ? v : Number(String(v).replace(",", "."));
  if (!Number.isInteger(n) || n < 1) throw new ErreurUtilisateur(`${source} : feuille « ${FEUILLE_RESULTATS} », cellule ${CELLULE_SEUIL} : la taille minimale du groupe « ${String(v)} » doit être un entier d'au moins 1.`);
  return n;
}
