/**
 * The annex of a decision (.docx through the same DocumentPlan renderers as the PE): method,
 * criteria and weights, the values and the ranking, the sensitivity of the first rank, and the
 * option chosen with its reason. Short enough to insert into a PE or a board report.
 */
import { ErreurUtilisateur } from "../referential";
import type { Bloc, DocumentPlan, Region } from "../pe/document";
import { formaterDate } from "../dates";
import type { Decision, ResultatClassement } from "./calcul";
import { NATURE_LIBELLES, SENS_LIBELLES } from "./classeur";
import { pourcent } from "./modele";
import { guillemets as g, nombreFr, phraseSensibilite, rangsDeplaces } from "./rapport";

export const MODELE_ANNEXE = "annexe-classement";

export interface OptionsAnnexe {
  titre: string;
  modele: { id: string; version: string };
  /** The workbook the figures come from. */
  source: string;
  /** The option the board chose, when it is not simply the first one. */
  retenue?: string;
  /** Why it was chosen, in the board's words. */
  motif?: string;
  etablissement?: string;
  /** ISO date of the document. */
  maintenant: string;
}

const titre = (niveau: 1 | 2 | 3, texte: string): Bloc => ({ type: "titre", niveau, texte });
const para = (texte: string): Bloc => ({ type: "paragraphe", texte });

function valeurTexte(v: number): string {
  return nombreFr(v);
}

export function planifierAnnexe(d: Decision, r: ResultatClassement, o: OptionsAnnexe): DocumentPlan {
  const tag = (id: string) => `qe:${MODELE_ANNEXE}:${id}`;
  const region = (id: string, titreRegion: string, blocs: Bloc[]): Region => ({ tag: tag(id), sectionId: id, titre: titreRegion, blocs: [titre(1, titreRegion), ...blocs], manuel: false });
  const premier = r.classement[0]!;
  const second = r.classement.find((x) => x.index !== premier.index);
  const retenue = o.retenue ? r.options.find((x) => x.libelle === o.retenue) : premier;
  if (!retenue) throw new ErreurUtilisateur(`Option retenue ${g(o.retenue ?? "")} introuvable parmi les options du classement : ${r.options.map((x) => `${g(x.libelle)}`).join(", ")}.`);
  const avertissements: string[] = [];

  // The weight whose change overturns the first rank soonest.
  const fragile = r.sensibilite
    .flatMap((s) => [s.hausse.delta, s.baisse.delta].filter((x): x is number => x !== null).map((delta) => ({ s, delta: Math.abs(delta) })))
    .sort((a, b) => a.delta - b.delta)[0];

  const pourquoi: Bloc[] = [];
  if (retenue.index === premier.index) {
    pourquoi.push(
      para(
        `${g(retenue.libelle)} arrive au premier rang avec ${nombreFr(retenue.score)} sur 100${second ? `, devant ${g(second.libelle)} (${nombreFr(second.score)}, écart de ${nombreFr(retenue.score - second.score)})` : ""}.${r.premiers.length > 1 ? ` Ex æquo avec ${r.premiers.filter((x) => x.index !== retenue.index).map((x) => `${g(x.libelle)}`).join(", ")} : le choix entre eux revient au comité.` : ""}`,
      ),
    );
  } else {
    pourquoi.push(para(`Le comité retient ${g(retenue.libelle)}, classée ${retenue.rang}e avec ${nombreFr(retenue.score)} sur 100, plutôt que ${g(premier.libelle)}, classée première avec ${nombreFr(premier.score)}.`));
  }
  pourquoi.push(
    para(
      fragile
        ? `Le classement est le plus sensible au poids de ${g(fragile.s.libelle)} : ${phraseSensibilite(fragile.s, r)}`
        : "Aucun changement d'un seul poids, de 0 à 100 %, ne modifie le premier rang : le classement est robuste.",
    ),
  );
  if (o.motif?.trim()) pourquoi.push({ type: "paragraphe", libelle: "Motif du choix", texte: o.motif.trim() });
  else if (retenue.index !== premier.index || r.premiers.length > 1) {
    pourquoi.push({ type: "paragraphe", texte: "[À compléter : motif du choix du comité]", style: "manquant" });
    avertissements.push("Le motif du choix manque : l'option retenue n'est pas la seule première du classement.");
  }

  const regions: Region[] = [
    region("methode", "Méthode et critères", [
      para(
        `Les ${d.options.length} options ont été comparées sur ${d.criteres.length} critères pondérés. Pour chaque critère, les valeurs sont ramenées de 0 à 1 : la meilleure option vaut 1, la moins bonne 0, les autres en proportion (un coût ou un délai : la plus basse est la meilleure). Quand toutes les options ont la même valeur, le critère ne les départage pas et chacune reçoit 1.`,
      ),
      para("Le score d'une option est la somme des valeurs ramenées multipliées par les poids : il va de 0 à 100. Des options au même score partagent le même rang."),
      para(
        "Sensibilité : on fait varier le poids d'un critère, les autres poids se partageant le reste en gardant leurs proportions, et on cherche à partir de quel poids une autre option prend la première place ; on donne aussi les rangs quand chaque poids monte ou baisse de 10 points.",
      ),
      titre(2, "Critères et poids"),
      {
        type: "tableau",
        entetes: ["Critère", "Poids", "Sens", "Nature"],
        lignes: d.criteres.map((c) => [c.libelle, pourcent(c.poids), SENS_LIBELLES[c.sens], c.nature === "valeur" && c.unite ? `${NATURE_LIBELLES.valeur} (${c.unite})` : NATURE_LIBELLES[c.nature]]),
      },
    ]),
    region("resultats", "Résultats et choix", [
      titre(2, "Classement"),
      { type: "tableau", entetes: ["Rang", "Option", "Score sur 100"], lignes: r.classement.map((x) => [String(x.rang), x.libelle, nombreFr(x.score)]) },
      titre(2, "Valeurs retenues pour chaque option"),
      {
        type: "tableau",
        entetes: ["Option", ...d.criteres.map((c) => (c.unite ? `${c.libelle} (${c.unite})` : c.libelle))],
        lignes: r.classement.map((x) => [x.libelle, ...d.options[x.index]!.valeurs.map(valeurTexte)]),
      },
      titre(2, "Sensibilité du premier rang"),
      { type: "tableau", entetes: ["Critère (poids)", "Ce qui change le premier rang"], lignes: r.sensibilite.map((s) => [`${s.libelle} (${pourcent(s.poids)})`, phraseSensibilite(s, r)]) },
      { type: "tableau", entetes: ["Critère", "Rangs à +10 points", "Rangs à −10 points"], lignes: r.sensibilite.map((s) => [s.libelle, rangsDeplaces(r, s.rangsPlus10), rangsDeplaces(r, s.rangsMoins10)]) },
      titre(2, "Option retenue et raisons"),
      { type: "paragraphe", libelle: "Option retenue", texte: retenue.libelle },
      ...pourquoi,
    ]),
  ];
  const titreDoc = "Annexe — classement multicritère";
  return {
    modele: { id: MODELE_ANNEXE, version: o.modele.version },
    titre: titreDoc,
    couverture: [
      { type: "paragraphe", texte: titreDoc, style: "titreDocument" },
      { type: "paragraphe", texte: o.titre, style: "sousTitreDocument" },
      ...(o.etablissement ? [{ type: "paragraphe", texte: o.etablissement, style: "sousTitreDocument" } as Bloc] : []),
      { type: "paragraphe", texte: `Modèle ${o.modele.id} ${o.modele.version} · classeur ${o.source}`, style: "mentionDocument" },
      { type: "paragraphe", texte: `Établie le ${formaterDate(o.maintenant.slice(0, 10))}`, style: "mentionDocument" },
    ],
    enTete: `${titreDoc} · ${o.titre}`,
    sommaire: false,
    regions,
    avertissements,
  };
}
