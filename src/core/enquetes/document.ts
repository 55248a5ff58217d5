/**
 * The results of a survey as a DocumentPlan, rendered like every board document (cover, numbered
 * headings, « Page X sur Y »). Every figure carries its stable reference, so that the PE's quality
 * section and the assessment grid's « Preuves » column can cite it.
 */
import { criteresAplatis, type Referentiel } from "../referential";
import type { Bloc, DocumentPlan, Region } from "../pe/document";
import { bornesEchelle, type Questionnaire } from "./questionnaire";
import { referenceResultat, SEUIL_PAR_DEFAUT, type ResultatsEnquete } from "./resultats";

export const MODELE_RESULTATS_ENQUETE = "resultats-enquete";

const titre = (niveau: 1 | 2 | 3, texte: string): Bloc => ({ type: "titre", niveau, texte });
const para = (texte: string): Bloc => ({ type: "paragraphe", texte });
const nombre = (x: number, d = 0) => x.toLocaleString("fr-FR", { minimumFractionDigits: d, maximumFractionDigits: d });
const pourcent = (x: number) => `${nombre(100 * x)}\u00a0%`;
const indice = (x: number | null) => (x === null ? "—" : nombre(x, 1));

/** What a referent pastes into the « Preuves » cell of a criterion. */
export function citation(q: Questionnaire, r: ResultatsEnquete, reference: string, etablissement: string): string {
  return `Enquête de satisfaction « ${q.titre.fr} » (${q.public.fr.toLocaleLowerCase("fr")}${etablissement ? `, ${etablissement}` : ""}${r.periode ? `, ${r.periode}` : ""}), ${r.repondants} répondants : résultat ${reference}.`;
}

export interface OptionsDocumentEnquete {
  questionnaire: Questionnaire;
  resultats: ResultatsEnquete;
  referentiel?: Referentiel;
  etablissement?: string;
}

export function planifierResultatsEnquete(o: OptionsDocumentEnquete): DocumentPlan {
  const { questionnaire: q, resultats: r } = o;
  const etab = o.etablissement ?? "";
  const tag = (id: string) => `qe:${MODELE_RESULTATS_ENQUETE}:${id}`;
  const region = (id: string, titreRegion: string, blocs: Bloc[]): Region => ({ tag: tag(id), sectionId: id, titre: titreRegion, blocs: [titre(1, titreRegion), ...blocs], manuel: false });
  const libelles = new Map(o.referentiel ? criteresAplatis(o.referentiel).map((c) => [c.critere.id, c.critere.libelle.fr]) : []);
  const avertissements: string[] = [];
  const masquees = r.questions.filter((x) => x.masque);
  if (!r.affiche) avertissements.push(`${r.repondants} répondant${r.repondants > 1 ? "s" : ""}, moins que la taille minimale du groupe (${r.seuil}) : aucun résultat n'est montré.`);
  else if (masquees.length) avertissements.push(`${masquees.length} question${masquees.length > 1 ? "s" : ""} répondue${masquees.length > 1 ? "s" : ""} par moins de ${r.seuil} personnes : résultat masqué (${masquees.map((x) => x.id).join(", ")}).`);
  if (r.seuil < SEUIL_PAR_DEFAUT) avertissements.push(`Taille minimale du groupe abaissée à ${r.seuil} (${SEUIL_PAR_DEFAUT} recommandé) : vérifiez que personne ne peut être reconnu.`);
  const { min, max } = bornesEchelle(q);
  const notees = q.echelle.filter((c) => c.valeur !== null);
  const methode: Bloc[] = [
    para(
      `Questionnaire « ${q.titre.fr} » (${q.id} ${q.version}), destiné aux ${q.public.fr.toLocaleLowerCase("fr")}, proposé en français et en arabe. Il est anonyme : ni nom, ni date de naissance ; seules une tranche d'âge et une unité peuvent être notées.`,
    ),
    para(`${r.repondants} personne${r.repondants > 1 ? "s ont" : " a"} répondu${etab ? ` à ${etab}` : ""}${r.periode ? ` (période ${r.periode})` : ""}.`),
    titre(2, "Indice de satisfaction"),
    para(
      `Chaque réponse notée est placée sur une échelle de 0 à 100 : ${notees.map((c) => `« ${c.libelle.fr} » vaut ${nombre((100 * ((c.valeur ?? 0) - min)) / (max - min), 1)}`).join(", ")}. L'indice d'une question est la moyenne de ses réponses notées${q.echelle.some((c) => c.valeur === null) ? " ; « je ne sais pas » est compté dans la répartition mais pas dans l'indice" : ""}. L'indice d'un critère du référentiel est la moyenne simple des indices des questions qui s'y rapportent.`,
    ),
    titre(2, "Protection des personnes"),
    para(`Aucun résultat n'est montré tant que l'enquête compte moins de ${r.seuil} répondants, ni pour une question répondue par moins de ${r.seuil} personnes : personne ne doit pouvoir être reconnu à ses réponses. Les commentaires sont rangés par ordre alphabétique, pour qu'on ne puisse pas les relier à une ligne du classeur ; relisez-les avant de diffuser ce document et retirez tout nom ou détail qui permettrait de reconnaître quelqu'un.`),
  ];
  const prefixe = referenceResultat(q.id, r.periode, "");
  const parQuestion: Bloc[] = r.affiche
    ? [
        para(`Référence de chaque résultat : « ${prefixe} » suivi du numéro de la question, par exemple ${r.questions[0]?.reference ?? `${prefixe}Q01`}. Les pourcentages sont ceux des réponses données à la question.`),
        {
          type: "tableau",
          entetes: ["N°", "Question", "Rép.", ...q.echelle.map((c) => c.code), "Indice (0–100)"],
          lignes: r.questions.map((x) => [x.id, x.texte, String(x.reponses), ...q.echelle.map((_, i) => (x.parts ? pourcent(x.parts[i]!) : "—")), x.masque ? `masqué (moins de ${r.seuil} réponses)` : indice(x.indice)]),
        },
      ]
    : [para(`Moins de ${r.seuil} répondants : les résultats ne sont pas montrés.`)];
  const avecIndice = r.criteres.filter((c) => c.indice !== null);
  const parCritere: Bloc[] = r.affiche
    ? [
        ...(avecIndice.length >= 3
          ? [{ type: "radar", titre: "Indice de satisfaction par critère", categories: avecIndice.map((c) => c.id), valeurs: avecIndice.map((c) => Math.round(c.indice! * 10) / 10), nomSerie: "Indice", min: 0, max: 100 } as Bloc]
          : []),
        para(`Référence de chaque résultat : « ${prefixe}C » suivi du numéro du critère, par exemple ${r.criteres[0]?.reference ?? `${prefixe}C1.10.3`}.`),
        {
          type: "tableau",
          entetes: ["Critère", "Libellé", "Questions", "Indice (0–100)"],
          lignes: r.criteres.map((c) => [c.id, libelles.get(c.id) ?? "", c.questions.join(", "), indice(c.indice)]),
        },
      ]
    : [para(`Moins de ${r.seuil} répondants : les résultats ne sont pas montrés.`)];
  const commentaires: Bloc[] = r.commentaires.flatMap((c) => [
    titre(2, `${c.question}. ${c.texte}`),
    ...(r.affiche
      ? c.textes.length
        ? [{ type: "liste", elements: [...c.textes].sort((a, b) => a.localeCompare(b, "fr")) } as Bloc]
        : [para("Aucune réponse écrite.")]
      : [para(`Moins de ${r.seuil} répondants : les réponses écrites ne sont pas montrées.`)]),
  ]);
  const citables = r.criteres.filter((c) => c.indice !== null);
  const citer: Bloc[] = [
    para(
      "Chaque résultat porte une référence stable : la même enquête (questionnaire et période) donne toujours les mêmes références. Pour appuyer la note d'un critère, écrivez dans la colonne « Preuves » de la grille d'évaluation, sur la ligne du critère :",
    ),
    { type: "paragraphe", texte: citation(q, r, "<référence du critère>", etab), style: "intertitre" },
    para("La section « Démarche qualité » du projet d'établissement peut citer ce document et ces références de la même façon."),
    ...(citables.length
      ? [{ type: "tableau", entetes: ["Critère", "Indice (0–100)", "Référence à citer"], lignes: citables.map((c) => [c.id, indice(c.indice), c.reference]) } as Bloc]
      : [para("Aucun résultat n'est encore citable (taille minimale du groupe non atteinte).")]),
    para("Le critère 1.10.3 (les avis des personnes accompagnées sont recueillis chaque année et leur sont présentés) demande aussi de présenter ces résultats aux personnes qui ont répondu : notez la date de cette présentation dans la grille."),
  ];
  const titreDoc = "Résultats de l'enquête de satisfaction";
  return {
    modele: { id: MODELE_RESULTATS_ENQUETE, version: q.version },
    titre: titreDoc,
    couverture: [
      { type: "paragraphe", texte: titreDoc, style: "titreDocument" },
      { type: "paragraphe", texte: q.titre.fr, style: "sousTitreDocument" },
      { type: "paragraphe", texte: q.public.fr, style: "sousTitreDocument" },
      ...(etab ? [{ type: "paragraphe", texte: etab, style: "mentionDocument" } as Bloc] : []),
      ...(r.periode ? [{ type: "paragraphe", texte: `Période ${r.periode}`, style: "mentionDocument" } as Bloc] : []),
      { type: "paragraphe", texte: `${r.repondants} répondants · questionnaire ${q.id} ${q.version}`, style: "mentionDocument" },
    ],
    enTete: [titreDoc, q.public.fr, etab, r.periode].filter(Boolean).join(" · "),
    sommaire: false,
    regions: [
      region("enquete", "L'enquête", methode),
      region("questions", "Résultats par question", parQuestion),
      region("criteres", "Résultats par critère du référentiel", parCritere),
      ...(r.commentaires.length ? [region("commentaires", "Ce que les personnes ont écrit", commentaires)] : []),
      region("citer", "Citer ces résultats", citer),
    ],
    avertissements,
  };
}
