/**
 * The training plan of an establishment, from its filled competence workbook: collective sessions
 * grouped by competence (where enough people are below the required level), individual
 * priorities, a calendar proposal and the quality-approach figures. A DocumentPlan, rendered by
 * the same .docx renderer as the PE (cover, numbered headings, « Page X sur Y »).
 */
import type { Bloc, DocumentPlan, Region } from "../pe/document";
import { formaterDate } from "../dates";
import { analyser, jetons, type AnalyseCompetences, type DonneesCompetences, type LigneGrille } from "./besoins";
import { competencesAplaties, type ReferentielCompetences } from "./referentiel";

export const MODELE_PLAN_FORMATION = "plan-formation";
/** People below the required level from which a competence gets a collective session. */
export const SEUIL_COLLECTIF = 3;
/** Participants per group of a collective session. */
export const TAILLE_GROUPE = 12;
/** Sessions proposed per month. */
export const SESSIONS_PAR_MOIS = 2;

const MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

export interface OptionsPlanFormation {
  /** First month of the calendar, « AAAA-MM ». */
  debut: string;
  seuil?: number;
  anomalies?: string[];
}

export interface SessionProposee {
  competence: string;
  groupe: number;
  groupes: number;
  participants: string[];
  /** Proposed length in days: 1, or 2 when the mean gap is over one level. */
  jours: number;
  mois: string;
}

const pourcent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);

/** « 2027-01 » → « janvier 2027 », k months later. */
export function moisPlus(debut: string, k: number): string {
  const m = /^(\d{4})-(\d{2})$/.exec(debut);
  if (!m) throw new Error(`mois invalide : ${debut}`);
  const total = Number(m[1]) * 12 + Number(m[2]) - 1 + k;
  return `${MOIS[total % 12]} ${Math.floor(total / 12)}`;
}

/** Collective sessions, most needed competence first (then referential order), split in groups, placed on the calendar. */
export function sessionsProposees(a: AnalyseCompetences, r: ReferentielCompetences, o: OptionsPlanFormation): SessionProposee[] {
  const seuil = o.seuil ?? SEUIL_COLLECTIF;
  const ordre = new Map(competencesAplaties(r).map((c, i) => [c.competence.id, i]));
  const retenues = a.competences.filter((c) => c.sousRequis >= seuil).sort((x, y) => y.sousRequis - x.sousRequis || ordre.get(x.competence)! - ordre.get(y.competence)!);
  const sessions: Omit<SessionProposee, "mois">[] = [];
  for (const c of retenues) {
    const sous = a.lignes.filter((l) => l.competence === c.competence && l.besoin);
    const noms = sous.map((l) => l.personne.nom);
    const groupes = Math.ceil(noms.length / TAILLE_GROUPE);
    const ecartMoyen = sous.reduce((s, l) => s + (l.requis - (l.niveau ?? l.requis)), 0) / sous.length;
    for (let g = 0; g < groupes; g++) {
      // Groups of even size: 13 people make groups of 7 and 6, not 12 and 1.
      const debutG = Math.round((g * noms.length) / groupes);
      const finG = Math.round(((g + 1) * noms.length) / groupes);
      sessions.push({ competence: c.competence, groupe: g + 1, groupes, participants: noms.slice(debutG, finG), jours: ecartMoyen > 1 ? 2 : 1 });
    }
  }
  return sessions.map((s, i) => ({ ...s, mois: moisPlus(o.debut, Math.floor(i / SESSIONS_PAR_MOIS)) }));
}

export function planifierPlanFormation(d: DonneesCompetences, o: OptionsPlanFormation): DocumentPlan {
  const r = d.referentiel;
  const a = analyser(d);
  const seuil = o.seuil ?? SEUIL_COLLECTIF;
  const comps = new Map(competencesAplaties(r).map((c) => [c.competence.id, c]));
  const metier = (id: string) => r.metiers.find((m) => m.id === id)?.libelle.fr ?? id;
  const libelle = (id: string) => `${id} — ${comps.get(id)?.competence.libelle.fr ?? ""}`;
  const sessions = sessionsProposees(a, r, o);
  const titre = (niveau: 1 | 2 | 3, texte: string): Bloc => ({ type: "titre", niveau, texte });
  const para = (texte: string): Bloc => ({ type: "paragraphe", texte });
  const region = (id: string, t: string, blocs: Bloc[]): Region => ({ tag: `qe:${MODELE_PLAN_FORMATION}:${id}`, sectionId: id, titre: t, blocs: [titre(1, t), ...blocs], manuel: false });
  const positionnes = a.personnes.filter((p) => p.positionnees > 0).length;
  const besoins = a.competences.reduce((s, c) => s + c.sousRequis, 0);

  const synthese = region("synthese", "Synthèse des besoins", [
    para(
      `${a.total.effectif} personne${a.total.effectif > 1 ? "s" : ""} figurent au positionnement, dont ${positionnes} positionnée${positionnes > 1 ? "s" : ""} sur au moins une compétence. ` +
        `${besoins} écart${besoins > 1 ? "s" : ""} au niveau requis par le métier ${besoins > 1 ? "sont repérés" : "est repéré"} ; ${sessions.length} session${sessions.length > 1 ? "s" : ""} collective${sessions.length > 1 ? "s" : ""} ${sessions.length > 1 ? "sont proposées" : "est proposée"}. ` +
        `${a.total.formesQualite} personne${a.total.formesQualite > 1 ? "s" : ""} sur ${a.total.effectif} (${pourcent(a.total.part)}) ${a.total.formesQualite > 1 ? "ont" : "a"} suivi une formation à la démarche qualité.`,
    ),
    titre(2, "Personnes sous le niveau requis, par compétence et par métier"),
    {
      type: "tableau",
      entetes: ["Compétence", "Sous le requis", "Par métier"],
      lignes: a.competences
        .filter((c) => c.positionnes > 0)
        .map((c) => [
          libelle(c.competence),
          `${c.sousRequis} sur ${c.positionnes}`,
          r.metiers
            .filter((m) => (c.parMetier[m.id] ?? 0) > 0)
            .map((m) => `${m.libelle.fr} : ${c.parMetier[m.id]}`)
            .join(" ; ") || "—",
        ]),
    },
    titre(2, "Formation à la démarche qualité, par établissement"),
    {
      type: "tableau",
      entetes: ["Établissement", "Effectif", "Formé·es à la démarche qualité", "Part"],
      lignes: [...a.tableauBord, a.total].map((l) => [l.etablissement || "—", String(l.effectif), String(l.formesQualite), pourcent(l.part)]),
    },
  ]);

  const parDomaine = r.domaines
    .map((dom) => ({ dom, liste: a.competences.filter((c) => c.domaine === dom.id && c.sousRequis >= seuil) }))
    .filter((x) => x.liste.length);
  const collectives = region("sessions", "Sessions collectives", [
    para(`Une session collective est proposée pour chaque compétence où ${seuil} personnes au moins sont sous le niveau requis par leur métier ; les groupes comptent ${TAILLE_GROUPE} participants au plus. Les objectifs de chaque session sont les indicateurs observables du référentiel.`),
    ...(parDomaine.length
      ? parDomaine.flatMap(({ dom, liste }) => [
          titre(2, dom.libelle.fr),
          ...liste.flatMap((c): Bloc[] => {
            const comp = comps.get(c.competence)!.competence;
            const sous = a.lignes.filter((l: LigneGrille) => l.competence === c.competence && l.besoin);
            const publics = r.metiers.filter((m) => (c.parMetier[m.id] ?? 0) > 0).map((m) => `${m.libelle.fr} (${c.parMetier[m.id]})`);
            return [
              titre(3, libelle(c.competence)),
              { type: "paragraphe", libelle: "Public", texte: `${c.sousRequis} personne${c.sousRequis > 1 ? "s" : ""} sous le niveau requis : ${publics.join(", ")}.` },
              { type: "paragraphe", libelle: "Objectifs", texte: "à l'issue de la session, chaque participant·e…" },
              { type: "liste", elements: comp.indicateurs.map((i) => i.fr.charAt(0).toLowerCase() + i.fr.slice(1)) },
              ...sessions
                .filter((x) => x.competence === c.competence)
                .map((x): Bloc => ({
                  type: "paragraphe",
                  libelle: x.groupes > 1 ? `Groupe ${x.groupe} (${x.mois})` : `Participants (${x.mois})`,
                  texte: x.participants.map((nom) => sous.find((l) => l.personne.nom === nom)!).map((l) => `${l.personne.nom} (niveau ${l.niveau}, requis ${l.requis})`).join(" ; "),
                })),
            ];
          }),
        ])
      : [para(`Aucune compétence ne réunit ${seuil} personnes sous le niveau requis : les besoins relèvent de l'accompagnement individuel.`)]),
  ]);

  const avecPriorites = a.personnes.filter((p) => p.priorites.length);
  const individuelles = region("priorites", "Priorités individuelles", [
    para("Pour chaque personne, les compétences sous le niveau requis par son métier, de l'écart le plus grand au plus petit. Celles qui ne font pas l'objet d'une session collective relèvent du tutorat, de l'analyse des pratiques ou d'une formation extérieure, à décider à l'entretien professionnel."),
    avecPriorites.length
      ? {
          type: "tableau",
          entetes: ["Nom", "Métier", "Service", "Priorités", "Démarche qualité"],
          lignes: avecPriorites.map((p) => [p.personne.nom, metier(p.personne.metier), p.personne.service, p.priorites.join(", "), p.formeQualite ? "formé·e" : "à former"]),
        }
      : para("Aucune personne n'est sous le niveau requis sur une compétence positionnée."),
  ]);

  const calendrier = region("calendrier", "Proposition de calendrier", [
    para(`${SESSIONS_PAR_MOIS} sessions par mois à partir de ${moisPlus(o.debut, 0)}, la compétence qui concerne le plus de personnes d'abord. Les dates précises, les formateurs et les lieux sont à arrêter par la direction, puis à inscrire dans la feuille « Formations » du classeur : le tableau de bord en tient compte aussitôt.`),
    sessions.length
      ? {
          type: "tableau",
          entetes: ["Mois", "Session", "Durée", "Participants"],
          lignes: sessions.map((s) => [s.mois, `${libelle(s.competence)}${s.groupes > 1 ? ` (groupe ${s.groupe} sur ${s.groupes})` : ""}`, `${s.jours} jour${s.jours > 1 ? "s" : ""}`, String(s.participants.length)]),
        }
      : para("Aucune session collective à programmer."),
  ]);

  const dates = (f: DonneesCompetences["formations"][number]) =>
    [f.debut, f.fin].filter((x): x is string => !!x).map(formaterDate).filter((x, i, l) => l.indexOf(x) === i).join(" – ") || "—";
  const tenues = region("formations", "Formations déjà tenues", [
    d.formations.length
      ? {
          type: "tableau",
          entetes: ["Formation", "Dates", "Formateur·rice", "Participants", "Compétences"],
          lignes: d.formations.map((f) => [f.titre || "—", dates(f), f.formateur || "—", String(jetons(f.participants).length), jetons(f.competences).join(", ") || "—"]),
        }
      : para("Le registre « Formations » du classeur est vide."),
  ]);

  const methode = region("methode", "Méthode", [
    {
      type: "liste",
      elements: [
        `Référentiel : ${r.titre.fr} (${r.id} ${r.version}), ${competencesAplaties(r).length} compétences en ${r.domaines.length} domaines, niveaux de 1 à 4 requis par métier.`,
        "Niveau pris en compte : le niveau retenu s'il est écrit, sinon le niveau donné par le ou la responsable ; une auto-évaluation seule ne suffit pas.",
        "Formé·e à la démarche qualité : inscrit·e comme participant·e d'une formation du registre qui couvre une compétence du domaine « démarche qualité et projet d'établissement ».",
        `Classeur lu : ${d.etablissement || "établissement non précisé"}${d.periode ? `, période ${d.periode}` : ""}.`,
      ],
    },
  ]);

  const titreDoc = "Plan de formation";
  const etab = d.etablissement || "Établissement";
  return {
    modele: { id: MODELE_PLAN_FORMATION, version: r.version },
    titre: titreDoc,
    couverture: [
      { type: "paragraphe", texte: titreDoc, style: "titreDocument" },
      { type: "paragraphe", texte: etab, style: "sousTitreDocument" },
      ...(d.periode ? [{ type: "paragraphe" as const, texte: `Période ${d.periode}`, style: "sousTitreDocument" as const }] : []),
      { type: "paragraphe", texte: `D'après le positionnement des compétences (${r.id} ${r.version})`, style: "mentionDocument" },
      { type: "paragraphe", texte: "Projet soumis à validation", style: "mentionDocument" },
    ],
    enTete: `${etab} · ${titreDoc}${d.periode ? ` ${d.periode}` : ""}`,
    sommaire: true,
    regions: [synthese, collectives, individuelles, calendrier, tenues, methode],
    avertissements: o.anomalies ?? [],
  };
}
