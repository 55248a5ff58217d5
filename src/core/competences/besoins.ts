/**
 * The rules of the competence grid, pure: each person's level on each competence (self-assessed,
 * manager's, agreed), the gap to the level the person's job requires, training needs per
 * competence (by job and by service), each person's priorities, and who has been trained in the
 * quality approach (from the register of trainings held).
 *
 * The workbook carries live formulas for the same figures (plan.ts); an interop test checks with
 * LibreOffice that both agree.
 */
import { competencesAplaties, competencesQualite, NIVEAUX, type ReferentielCompetences } from "./referentiel";
import type { Personne } from "./personnel";

/** A person's levels on one competence, as typed in the grid (null: empty or unreadable). */
export interface Positionnement {
  nom: string;
  competence: string;
  auto: number | null;
  manager: number | null;
  retenu: number | null;
}

/** A training held, as written in the « Formations » register. */
export interface Formation {
  titre: string;
  debut: string | null;
  fin: string | null;
  formateur: string;
  /** Names separated by « ; » or « , », as typed. */
  participants: string;
  /** Competence ids separated by « ; » or « , », as typed. */
  competences: string;
}

export interface DonneesCompetences {
  referentiel: ReferentielCompetences;
  etablissement: string;
  periode: string;
  personnes: Personne[];
  positionnements: Positionnement[];
  formations: Formation[];
}

export const PRIORITES_AFFICHEES = 3;

/** A level counts only when it is one of 1, 2, 3, 4 (the grid's list); anything else is ignored. */
export const niveauValide = (v: unknown): v is number => typeof v === "number" && (NIVEAUX as readonly number[]).includes(v);

/** The level taken into account: the agreed level, else the manager's; a self-assessment alone does not settle it. */
export function niveauPrisEnCompte(p: Pick<Positionnement, "manager" | "retenu">): number | null {
  if (niveauValide(p.retenu)) return p.retenu;
  if (niveauValide(p.manager)) return p.manager;
  return null;
}

export interface LigneGrille {
  personne: Personne;
  competence: string;
  /** Position of the competence in the referential (0-based): breaks ties between priorities. */
  ordre: number;
  requis: number;
  niveau: number | null;
  /** niveau − requis; null when the level is not known. */
  ecart: number | null;
  /** Below the required level. */
  besoin: boolean;
}

export interface BesoinCompetence {
  competence: string;
  domaine: string;
  /** People whose level is known on this competence. */
  positionnes: number;
  sousRequis: number;
  parMetier: Record<string, number>;
  parService: Record<string, number>;
}

export interface PrioritesPersonne {
  personne: Personne;
  positionnees: number;
  sousRequis: number;
  /** Sum of (required − level) over the competences below the required level. */
  deficit: number;
  /** Competence ids below the required level, largest gap first, then in referential order. */
  priorites: string[];
  formeQualite: boolean;
}

export interface LigneTableauBord {
  etablissement: string;
  effectif: number;
  formesQualite: number;
  /** formesQualite / effectif, null for an empty establishment. */
  part: number | null;
  besoins: number;
}

export interface AnalyseCompetences {
  lignes: LigneGrille[];
  competences: BesoinCompetence[];
  personnes: PrioritesPersonne[];
  tableauBord: LigneTableauBord[];
  total: LigneTableauBord;
  services: string[];
}

/** Tokens of a « ; »-separated list the way the workbook's formulas compare them: spaces removed, upper case. */
export function jetons(liste: string): string[] {
  return liste
    .replace(/ /g, "")
    .toUpperCase()
    .split(/[;,]/)
    .filter(Boolean);
}

/** Was this person among the participants of a training covering a competence of the quality approach? */
export function formeDemarcheQualite(nom: string, formations: readonly Formation[], qualite: readonly string[]): boolean {
  const cle = nom.replace(/ /g, "").toUpperCase();
  const q = new Set(qualite.map((id) => id.toUpperCase()));
  return formations.some((f) => jetons(f.competences).some((c) => q.has(c)) && jetons(f.participants).includes(cle));
}

/** Services in order of first appearance. */
export function servicesDe(personnes: readonly Personne[]): string[] {
  return [...new Set(personnes.map((p) => p.service))];
}

export function etablissementsDe(personnes: readonly Personne[]): string[] {
  return [...new Set(personnes.map((p) => p.etablissement))];
}

function grouper<K, T>(liste: readonly T[], cle: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of liste) {
    const k = cle(x);
    const g = m.get(k);
    if (g) g.push(x);
    else m.set(k, [x]);
  }
  return m;
}

export function analyser(d: DonneesCompetences): AnalyseCompetences {
  const r = d.referentiel;
  const comps = competencesAplaties(r);
  const services = servicesDe(d.personnes);
  const index = new Map(d.positionnements.map((p) => [`${p.nom}\u0000${p.competence}`, p]));
  const lignes: LigneGrille[] = d.personnes.flatMap((personne) =>
    comps.map(({ competence }, ordre) => {
      const requis = competence.niveauxRequis[personne.metier]!;
      const pos = index.get(`${personne.nom}\u0000${competence.id}`);
      const niveau = pos ? niveauPrisEnCompte(pos) : null;
      return { personne, competence: competence.id, ordre, requis, niveau, ecart: niveau === null ? null : niveau - requis, besoin: niveau !== null && niveau < requis };
    }),
  );
  // Grouped once: linear in the grid's size, even for thousands of people.
  const parCompetence = grouper(lignes, (x) => x.competence);
  const parPersonne = grouper(lignes, (x) => x.personne);
  const competences: BesoinCompetence[] = comps.map(({ competence, domaine }) => {
    const l = parCompetence.get(competence.id) ?? [];
    const sous = l.filter((x) => x.besoin);
    const compter = (cle: (x: LigneGrille) => string, valeurs: string[]) => Object.fromEntries(valeurs.map((v) => [v, sous.filter((x) => cle(x) === v).length]));
    return {
      competence: competence.id,
      domaine: domaine.id,
      positionnes: l.filter((x) => x.niveau !== null).length,
      sousRequis: sous.length,
      parMetier: compter((x) => x.personne.metier, r.metiers.map((m) => m.id)),
      parService: compter((x) => x.personne.service, services),
    };
  });
  const qualite = competencesQualite(r);
  const personnes: PrioritesPersonne[] = d.personnes.map((personne) => {
    const l = parPersonne.get(personne) ?? [];
    const sous = l.filter((x) => x.besoin);
    const deficit = (x: LigneGrille) => x.requis - (x.niveau ?? x.requis);
    return {
      personne,
      positionnees: l.filter((x) => x.niveau !== null).length,
      sousRequis: sous.length,
      deficit: sous.reduce((s, x) => s + deficit(x), 0),
      priorites: [...sous].sort((a, b) => deficit(b) - deficit(a) || a.ordre - b.ordre).map((x) => x.competence),
      formeQualite: formeDemarcheQualite(personne.nom, d.formations, qualite),
    };
  });
  const ligneBord = (etablissement: string, ps: PrioritesPersonne[]): LigneTableauBord => {
    const formes = ps.filter((p) => p.formeQualite).length;
    return { etablissement, effectif: ps.length, formesQualite: formes, part: ps.length ? formes / ps.length : null, besoins: ps.reduce((s, p) => s + p.sousRequis, 0) };
  };
  const tableauBord = etablissementsDe(d.personnes).map((e) => ligneBord(e, personnes.filter((p) => p.personne.etablissement === e)));
  return { lignes, competences, personnes, tableauBord, total: ligneBord("Total", personnes), services };
}
