/**
 * The semester report (template « rapport-semestriel »): a DocumentPlan for the board, the funder
 * and the authorities, from the follow-up at a semester: summary, indicators with baseline,
 * target, value and trend, actions done and late with their reasons, score changes since the
 * previous assessment campaign, the next semester, and the sources of verification in annex.
 */
import { formaterDate } from "../dates";
import { lirePeriode } from "../periode";
import type { Bloc, DocumentPlan, Region } from "../pe/document";
import { actionEnRetard, criteresRevus, ecartCampagnes, etatIndicateur, indexSemestre, semestreDIndex, STATUTS_INDICATEUR, tableauDeBord, tendance, type EtatIndicateur, type StatutIndicateur } from "./calculs";
import type { Indicateur, Suivi } from "./modele";

export const MODELE_RAPPORT = "rapport-semestriel";
export const VERSION_RAPPORT = "1.0.0";

const titre = (niveau: 1 | 2 | 3, texte: string): Bloc => ({ type: "titre", niveau, texte });
const para = (texte: string): Bloc => ({ type: "paragraphe", texte });
const nombre = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/\.?0+$/, "")).replace(".", ",").replace("-", "−");
const pourcent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);
const pluriel = (n: number, un: string, plusieurs: string) => `${n} ${n > 1 ? plusieurs : un}`;

/** « 2026-S2 » → « second semestre 2026 (1er juillet – 31 décembre 2026) ». */
export function nomSemestre(p: string): string {
  const l = lirePeriode(p);
  const m = /^(\d{4})-S([12])$/.exec(p);
  if (!l || !m) return p;
  const [jd, md] = formaterDate(l.debut).split(" ");
  return `${m[2] === "1" ? "premier" : "second"} semestre ${m[1]} (${jd} ${md} – ${formaterDate(l.fin)})`;
}

/** The trend as an arrow for the value's direction and a word read in the indicator's direction. */
export function flecheTendance(ind: Pick<Indicateur, "sens">, e: Pick<EtatIndicateur, "valeur" | "precedente">): string {
  const t = tendance(ind, e);
  if (t === null) return "—";
  if (t === "stable") return "→ stable";
  return `${e.valeur! > e.precedente! ? "↑" : "↓"} ${t}`;
}

const valeurUnite = (v: number | null, unite: string) => (v === null ? "—" : unite === "%" ? `${nombre(v)} %` : `${nombre(v)} ${unite}`.trim());

/** Off-track first, then on time, ahead, reached, not measured, abandoned. */
const ORDRE_STATUTS: StatutIndicateur[] = ["en retard", "dans les temps", "en avance", "atteint", "non renseigné", "abandonné"];

export interface OptionsRapport {
  organisme?: string;
  /** ISO date of writing, given by the caller so the plan stays pure. */
  maintenant: string;
}

export function planifierRapportSemestriel(s: Suivi, periode: string, o: OptionsRapport): DocumentPlan {
  const t = tableauDeBord(s, periode);
  const l = lirePeriode(periode)!;
  const tag = (id: string) => `qe:${MODELE_RAPPORT}:${id}`;
  const region = (id: string, intitule: string, blocs: Bloc[]): Region => ({ tag: tag(id), sectionId: id, titre: intitule, blocs: [titre(1, intitule), ...blocs], manuel: false });
  const objectif = new Map(s.objectifs.map((x) => [x.id, x.libelle]));
  const etats = new Map(t.indicateurs.map((e) => [e.id, e]));
  const suivis = s.indicateurs.filter((i) => !i.abandonne);
  const enRetardI = t.indicateurs.filter((e) => e.statut === "en retard");
  const faitesCeSemestre = s.actions.filter((a) => a.statut === "Fait" && a.cloture !== null && a.cloture >= l.debut && a.cloture <= l.fin);
  const faitesSansDate = s.actions.filter((a) => a.statut === "Fait" && a.cloture === null);
  const enRetardA = s.actions.filter((a) => actionEnRetard(a, periode));
  const suivant = semestreDIndex(indexSemestre(periode)! + 1);
  const ls = lirePeriode(suivant)!;

  // 1. Period and scope.
  const cadre = region("periode", "Période et cadre du rapport", [
    para(
      `Ce rapport rend compte du ${nomSemestre(periode)} dans la mise en œuvre du projet d'établissement ${s.debut}–${s.fin}${s.etablissement ? ` de ${s.etablissement}` : ""}. Il suit ${pluriel(s.objectifs.length, "objectif", "objectifs")}, ${pluriel(s.actions.length, "action", "actions")} et ${pluriel(s.indicateurs.length, "indicateur", "indicateurs")}, à partir du classeur de suivi tenu par l'établissement.`,
    ),
    para(
      "Pour chaque indicateur, la progression mesure le chemin fait de la valeur de base vers la cible ; elle est comparée à la part du temps écoulé entre le semestre de base et celui de la cible. Un écart de plus de 10 points en dessous classe l'indicateur « en retard », de 10 points ou plus au-dessus « en avance ». Une action est en retard quand elle n'est ni faite ni abandonnée à son échéance, passée au dernier jour du semestre.",
    ),
  ]);

  // 2. Summary.
  const synthese = region("synthese", "Synthèse", [
    para(
      `Au ${formaterDate(l.fin)}, ${pluriel(t.statuts.atteint, "indicateur a atteint sa cible", "indicateurs ont atteint leur cible")}, ${t.statuts["en avance"] + t.statuts["dans les temps"]} ${t.statuts["en avance"] + t.statuts["dans les temps"] > 1 ? "sont" : "est"} en avance ou dans les temps et ${pluriel(t.statuts["en retard"], "est en retard", "sont en retard")} ; ${pluriel(t.statuts["non renseigné"], "indicateur n'est pas encore renseigné", "indicateurs ne sont pas encore renseignés")}.`,
    ),
    para(
      `Actions : ${pluriel(t.actions.faites, "faite", "faites")} sur ${t.actions.total} (dont ${faitesCeSemestre.length} ce semestre), ${pluriel(t.actions.enRetard, "en retard", "en retard")}, ${pluriel(t.actions.abandonnees, "abandonnée", "abandonnées")}.`,
    ),
    {
      type: "tableau",
      entetes: ["Objectif", "Progression", "Indicateurs en retard"],
      lignes: t.objectifs.map((x) => [`${x.id} — ${x.libelle}`, pourcent(x.progression), String(s.indicateurs.filter((i) => i.objectif === x.id && etats.get(i.id)?.statut === "en retard").length)]),
    },
    ...(enRetardI.length
      ? [titre(2, "Indicateurs à redresser"), { type: "liste", elements: enRetardI.map((e) => { const i = s.indicateurs.find((x) => x.id === e.id)!; return `${i.libelle} : ${valeurUnite(e.valeur, i.unite)} pour une cible de ${valeurUnite(i.cible.valeur, i.unite)} en ${i.cible.periode} (progression ${pourcent(e.progression)}, attendue ${pourcent(e.attendue)}).`; }) } as Bloc]
      : []),
  ]);

  // 3. Indicators, objective by objective, off-track first.
  const blocsIndicateurs: Bloc[] = [
    para(`Effectifs au ${formaterDate(l.fin)} : ${STATUTS_INDICATEUR.map((st) => `${st} ${t.statuts[st]}`).join(", ")}. Les flèches comparent la dernière valeur à la précédente ; le mot dit si le changement va dans le bon sens.`),
  ];
  for (const ob of s.objectifs) {
    const liste = s.indicateurs
      .filter((i) => i.objectif === ob.id)
      .sort((a, b) => ORDRE_STATUTS.indexOf(etats.get(a.id)!.statut) - ORDRE_STATUTS.indexOf(etats.get(b.id)!.statut));
    if (!liste.length) continue;
    blocsIndicateurs.push(titre(2, `${ob.id} — ${ob.libelle}`), {
      type: "tableau",
      entetes: ["Indicateur", "Base", "Cible", "Valeur", "Tendance", "Progression, statut"],
      lignes: liste.map((i) => {
        const e = etats.get(i.id)!;
        return [
          i.libelle,
          i.base.valeur === null ? "—" : `${valeurUnite(i.base.valeur, i.unite)} (${i.base.periode})`,
          i.cible.valeur === null ? "—" : `${valeurUnite(i.cible.valeur, i.unite)} (${i.cible.periode})`,
          e.valeur === null ? "—" : `${valeurUnite(e.valeur, i.unite)}${e.periodeValeur !== periode ? ` (${e.periodeValeur})` : ""}`,
          flecheTendance(i, e),
          e.progression === null ? e.statut : `${pourcent(e.progression)} · ${e.statut}`,
        ];
      }),
    });
  }
  const indicateurs = region("indicateurs", "Indicateurs", blocsIndicateurs);

  // 4. Actions.
  const libelleObjectif = (id: string) => (objectif.has(id) ? id : `${id} (objectif inconnu)`);
  const actions = region("actions", "Actions", [
    titre(2, `Actions faites ce semestre (${faitesCeSemestre.length})`),
    faitesCeSemestre.length
      ? { type: "tableau", entetes: ["Action", "Objectif", "Responsable", "Clôturée le"], lignes: faitesCeSemestre.map((a) => [a.libelle, libelleObjectif(a.objectif), a.responsable || "—", formaterDate(a.cloture!)]) }
      : para("Aucune action n'a été clôturée pendant le semestre."),
    ...(faitesSansDate.length ? [para(`${pluriel(faitesSansDate.length, "autre action est marquée faite", "autres actions sont marquées faites")} sans date de clôture : ${faitesSansDate.map((a) => a.id).join(", ")}. Saisissez la date dans la colonne « Clôturée le » pour les situer.`)] : []),
    titre(2, `Actions en retard (${enRetardA.length})`),
    enRetardA.length
      ? {
          type: "tableau",
          entetes: ["Action", "Responsable", "Échéance", "Statut", "Motif du retard"],
          lignes: enRetardA.sort((a, b) => (a.echeance ?? "").localeCompare(b.echeance ?? "")).map((a) => [a.libelle, a.responsable || "—", formaterDate(a.echeance!), a.statut, a.motif || "[motif à renseigner]"]),
        }
      : para("Aucune action n'est en retard à la fin du semestre."),
  ]);

  // 5. Assessment score changes.
  const ecart = ecartCampagnes(s.campagnes);
  const revus = criteresRevus(s.actions, s.campagnes).filter((r) => r.renote);
  const nomC = (c: { periode: string; libelle: string }) => [c.periode, c.libelle].filter(Boolean).join(" · ");
  const evaluation = region(
    "evaluation",
    "Évolution de l'évaluation de la qualité",
    ecart
      ? [
          para(
            `Entre la campagne ${nomC(ecart.precedente)} et la campagne ${nomC(ecart.derniere)}, le score global passe de ${ecart.precedente.global === null ? "—" : nombre(ecart.precedente.global)} à ${ecart.derniere.global === null ? "—" : nombre(ecart.derniere.global)}${ecart.global === null ? "" : ` (${ecart.global >= 0 ? "+" : ""}${nombre(ecart.global)})`} ; ${pluriel(ecart.criteres.filter((c) => c.ecart > 0).length, "critère progresse", "critères progressent")} et ${pluriel(ecart.criteres.filter((c) => c.ecart < 0).length, "recule", "reculent")}.`,
          ),
          ...(ecart.criteres.length
            ? [{ type: "tableau", entetes: ["Réf.", "Critère", "Avant", "Après", "Écart"], lignes: ecart.criteres.map((c) => [c.id, c.libelle, nombre(c.avant), nombre(c.apres), `${c.ecart > 0 ? "+" : ""}${nombre(c.ecart)}`]) } as Bloc]
            : []),
          ...(revus.length
            ? [titre(2, "Critères renotés après la clôture de leur action"), { type: "tableau", entetes: ["Action", "Critère", "Avant", "Après"], lignes: revus.map((r) => [r.action, r.critere, r.avant === null ? "—" : nombre(r.avant), nombre(r.apres!)]) } as Bloc]
            : []),
        ]
      : [
          para(
            s.campagnes.length
              ? `Une seule campagne d'évaluation est connue (${nomC(s.campagnes[0]!)}, score global ${s.campagnes[0]!.global === null ? "—" : nombre(s.campagnes[0]!.global)}) : l'évolution des scores sera donnée après la prochaine campagne. Régénérez le classeur de suivi avec la nouvelle grille (qualite suivi init --evaluation) pour l'y ajouter.`
              : "Aucune campagne d'évaluation n'est enregistrée dans le classeur de suivi : régénérez-le avec le classeur d'évaluation (qualite suivi init --evaluation).",
          ),
        ],
  );

  // 6. Next semester.
  const aVenir = s.actions.filter((a) => a.statut !== "Fait" && a.statut !== "Abandonné" && a.echeance !== null && a.echeance >= ls.debut && a.echeance <= ls.fin);
  const aMesurer = suivis.filter((i) => i.frequence === "semestrielle" || suivant.endsWith("S2"));
  const prochain = region("prochain", "Le semestre prochain", [
    para(`Pour le ${nomSemestre(suivant)} : ${pluriel(aVenir.length, "action arrive", "actions arrivent")} à échéance, ${pluriel(enRetardA.length, "action en retard est", "actions en retard sont")} à rattraper et ${pluriel(aMesurer.length, "indicateur est", "indicateurs sont")} à mesurer.`),
    ...(aVenir.length ? [{ type: "tableau", entetes: ["Action", "Responsable", "Échéance"], lignes: aVenir.map((a) => [a.libelle, a.responsable || "—", formaterDate(a.echeance!)]) } as Bloc] : []),
    ...(enRetardI.length ? [para(`Indicateurs à redresser en priorité : ${enRetardI.map((e) => s.indicateurs.find((i) => i.id === e.id)!.libelle).join(" ; ")}.`)] : []),
  ]);

  // 7. Annex: sources of verification.
  const annexe = region("sources", "Annexe : sources de vérification", [
    { type: "tableau", entetes: ["Indicateur", "Source de vérification", "Fréquence", "Responsable"], lignes: s.indicateurs.map((i) => [i.libelle, i.source || "—", i.frequence, i.responsable || "—"]) },
  ]);

  const titreDoc = "Rapport semestriel de suivi";
  return {
    modele: { id: MODELE_RAPPORT, version: VERSION_RAPPORT },
    titre: titreDoc,
    couverture: [
      { type: "paragraphe", texte: titreDoc, style: "titreDocument" },
      { type: "paragraphe", texte: s.etablissement || "Établissement", style: "sousTitreDocument" },
      { type: "paragraphe", texte: `Projet d'établissement ${s.debut}–${s.fin} · ${nomSemestre(periode)}`, style: "sousTitreDocument" },
      ...(o.organisme ? [{ type: "paragraphe", texte: o.organisme, style: "mentionDocument" } as Bloc] : []),
      { type: "paragraphe", texte: `Établi le ${formaterDate(o.maintenant.slice(0, 10))} à partir du classeur de suivi`, style: "mentionDocument" },
    ],
    enTete: `${titreDoc} · ${s.etablissement ? `${s.etablissement} · ` : ""}${periode}`,
    sommaire: true,
    regions: [cadre, synthese, indicateurs, actions, evaluation, prochain, annexe],
    avertissements: [...s.indicateurs.filter((i) => !i.abandonne && etatIndicateur(i, periode).statut === "non renseigné").map((i) => `Indicateur ${i.id} non renseigné au semestre ${periode} (base, cible ou valeur manquante).`), ...enRetardA.filter((a) => !a.motif).map((a) => `Action ${a.id} en retard sans motif.`)],
  };
}
