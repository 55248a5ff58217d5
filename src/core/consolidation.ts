/**
 * Consolidation of many establishments' assessments: one referential (version), migration of
 * other versions by criterion id and the referential's migration map when it is safe, duplicates reported, per establishment ×
 * level matrices, national averages and dispersion, ranking, imperatives most often unmet,
 * progress against a previous period. Pure: each workbook arrives already read.
 *
 * Two steps, so that memory does not grow with the number of files: each workbook is first
 * REDUCED (`reduireSource`, or `reduireEvaluation` where it is read) to what the consolidation
 * needs — identity, per-level scores, completion, unmet imperatives — then the reduced files are
 * consolidated (`consoliderReduits`). `consolider` chains both for sources already in memory.
 * A new kind of workbook (follow-up, competences…) adds a member to `FichierReduit` with its own
 * `genre`, a reducer beside `reduireEvaluation`, and its place in `consoliderReduits`.
 */
import { criteresAplatis, type Referentiel } from "./referential";
import { calculerScores, type Evaluation } from "./scores";
import { comparerPeriodes, lirePeriode, nomCampagne } from "./periode";
import { migrationSure, migrerEvaluation } from "./migration";

export type StatutFichier = "ok" | "migre" | "refuse" | "doublon" | "periode-anterieure";

/** One workbook as the consolidation receives it: its evaluation, or why it could not be read. */
export type SourceConsolidation =
  | { fichier: string; evaluation: Evaluation; etablissement: string; periode: string; modifieLe: string; campagne?: string }
  | { fichier: string; erreur: string };

/** A level's score, as the consolidation keeps it. */
export interface ScoreNiveau {
  id: string;
  score: number | null;
}

/** What the consolidation keeps of one assessment: never its rows, never its criteria. */
export interface ResultatsConsolides {
  /** The referential the scores are computed on (the consolidation's, after a migration). */
  referentiel: { id: string; version: string };
  global: number | null;
  completion: number;
  chapitres: ScoreNiveau[];
  thematiques: ScoreNiveau[];
  objectifs: ScoreNiveau[];
  imperatifsNonAtteints: string[];
  /** Imperatives met / imperatives of the referential (unassessed ones count as not met); null without imperatives. */
  tauxImperatifs: number | null;
}

/** Who and when, as read from the workbook's metadata. */
export interface IdentiteFichier {
  fichier: string;
  etablissement: string;
  periode: string;
  campagne?: string;
  modifieLe: string;
}

/**
 * One workbook reduced to what the consolidation needs, or why it could not be read. `genre`
 * names the kind of workbook (today: an assessment grid); a new kind is a new member.
 */
export type FichierReduit = (
  | { fichier: string; erreur: string }
  | (IdentiteFichier & {
      genre: "evaluation";
      /** The workbook's own referential. */
      referentiel: { id: string; version: string };
      /** Read on another version of its referential: the migration's note, or why it is unsafe (then no scores). */
      migration?: { sure: boolean; raison: string };
      resultats: ResultatsConsolides | null;
    })
) & {
  /**
   * Other Qualité EPS workbooks found in the same file (a follow-up, a competence workbook), by
   * their identity sheet: read apart by the command, which then opens only these files again.
   */
  autres?: AutreClasseur[];
};

export type AutreClasseur = "suivi" | "competences";

export interface LigneFichier {
  fichier: string;
  statut: StatutFichier;
  raison: string;
  etablissement: string;
  periode: string;
  version: string;
  global: number | null;
  completion: number | null;
}

export interface Statistiques {
  moyenne: number | null;
  ecartType: number | null;
  min: number | null;
  max: number | null;
  n: number;
}

export interface EtablissementConsolide {
  etablissement: string;
  periode: string;
  /** The campaign's label (« état initial », « fin de mission »), when the workbook has one. */
  campagne?: string;
  /** Imperatives met / imperatives of the referential (unassessed ones count as not met); null without imperatives. */
  tauxImperatifs: number | null;
  fichier: string;
  resultats: ResultatsConsolides;
}

export interface Consolidation {
  referentiel: { id: string; version: string; titre: string };
  fichiers: LigneFichier[];
  etablissements: EtablissementConsolide[];
  global: Statistiques;
  chapitres: (Statistiques & { id: string; libelle: string })[];
  thematiques: (Statistiques & { id: string; libelle: string })[];
  objectifs: (Statistiques & { id: string; libelle: string })[];
  /** Ranked on the mean, with completion and unmet imperatives beside it; under the minimum completion, left out. */
  classement: { rang: number; etablissement: string; periode: string; global: number; completion: number; imperatifsNonAtteints: number; tauxImperatifs: number | null }[];
  /** Establishments left out of the ranking: completion under `completionMin`. */
  horsClassement: { etablissement: string; periode: string; completion: number }[];
  completionMin: number;
  /** Establishments (latest period) meeting every imperative, and their share. */
  tousImperatifs: { n: number; part: number | null };
  /** Scale of the referential, for every chart and colour scale. */
  echelle: { min: number; max: number };
  anonymise: boolean;
  imperatifs: { id: string; libelle: string; nonAtteints: number; etablissements: string[] }[];
  progression: { etablissement: string; avant: string; apres: string; thematiques: { id: string; avant: number | null; apres: number | null; ecart: number | null }[]; global: { avant: number | null; apres: number | null } }[];
}

const arrondi = (x: number) => Math.round(x * 100) / 100;

export function statistiques(valeurs: (number | null)[]): Statistiques {
  const xs = valeurs.filter((v): v is number => typeof v === "number");
  if (!xs.length) return { moyenne: null, ecartType: null, min: null, max: null, n: 0 };
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
  return { moyenne: arrondi(m), ecartType: arrondi(Math.sqrt(variance)), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

export { migrationSure } from "./migration";

function versionPlusRecente(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export interface OptionsConsolidation {
  /** The referential to consolidate on; default: the most recent version of the most common id. */
  referentiel?: Referentiel;
  /** Establishments whose completion is under this share stay out of the ranking (default 0.8). */
  completionMin?: number;
  /** Replace establishments' names (and file names) by codes EPS-01, EPS-02… in every output. */
  anonymiser?: boolean;
}

export const COMPLETION_MIN_DEFAUT = 0.8;

/** Files set aside: refused (unreadable, other referential, unsafe migration) or duplicates. Sheet, report and pane count the same. */
export function fichiersEcartes(c: Pick<Consolidation, "fichiers">): Consolidation["fichiers"] {
  return c.fichiers.filter((f) => f.statut === "refuse" || f.statut === "doublon");
}

/** The scores of an assessment reduced to what the consolidation keeps. */
function reduireResultats(ev: Evaluation): ResultatsConsolides {
  const res = calculerScores(ev);
  const niveau = (n: { id: string; score: number | null }): ScoreNiveau => ({ id: n.id, score: n.score });
  let imperatifs = 0;
  let atteints = 0;
  for (const c of res.criteres) {
    if (!c.imperatif) continue;
    imperatifs++;
    if (c.atteint === true) atteints++;
  }
  return {
    referentiel: res.referentiel,
    global: res.global,
    completion: res.completion,
    chapitres: res.chapitres.map(niveau),
    thematiques: res.thematiques.map(niveau),
    objectifs: res.objectifs.map(niveau),
    imperatifsNonAtteints: res.imperatifsNonAtteints,
    tauxImperatifs: imperatifs ? atteints / imperatifs : null,
  };
}

/**
 * Reduces an assessment. With `cible` (the consolidation's referential, same id), it is read on
 * it: the same version as is, another one migrated when that is safe, else refused (no scores).
 */
export function reduireEvaluation(ev: Evaluation, cible?: Referentiel): Pick<Extract<FichierReduit, { genre: "evaluation" }>, "migration" | "resultats"> {
  const ref = ev.referentiel;
  if (!cible || cible.id !== ref.id || cible === ref) return { resultats: reduireResultats(ev) };
  if (ref.version === cible.version) return { resultats: reduireResultats({ ...ev, referentiel: cible }) };
  const m = migrationSure(ref, cible);
  if (!m.sure) return { migration: { sure: false, raison: m.raison }, resultats: null };
  return { migration: { sure: true, raison: m.raison }, resultats: reduireResultats(migrerEvaluation(ev, cible)) };
}

/** One source reduced (read on `cible` when given, see `reduireEvaluation`). */
export function reduireSource(s: SourceConsolidation, cible?: Referentiel): FichierReduit {
  if ("erreur" in s) return s;
  const { fichier, etablissement, periode, campagne, modifieLe } = s;
  return {
    fichier,
    genre: "evaluation",
    etablissement,
    periode,
    ...(campagne !== undefined ? { campagne } : {}),
    modifieLe,
    referentiel: { id: s.evaluation.referentiel.id, version: s.evaluation.referentiel.version },
    ...reduireEvaluation(s.evaluation, cible),
  };
}

/**
 * The referential to consolidate on when none is asked: the most frequent id, at its most
 * recent version; the index of the first file (in order) carrying it, -1 without any.
 */
export function choisirReferentiel(referentiels: ({ id: string; version: string } | null)[]): number {
  const compte = new Map<string, number>();
  for (const r of referentiels) if (r) compte.set(r.id, (compte.get(r.id) ?? 0) + 1);
  if (!compte.size) return -1;
  const id = [...compte].sort((a, b) => b[1] - a[1])[0]![0];
  let choisi = -1;
  referentiels.forEach((r, i) => {
    if (r?.id === id && (choisi < 0 || versionPlusRecente(r.version, referentiels[choisi]!.version) > 0)) choisi = i;
  });
  return choisi;
}

/** The levels of a referential in reading order (chapters, thematics, objectives), with their French names. */
function niveauxDe(ref: Referentiel | undefined): Record<"chapitres" | "thematiques" | "objectifs", { id: string; libelle: string }[]> {
  const out = { chapitres: [] as { id: string; libelle: string }[], thematiques: [] as { id: string; libelle: string }[], objectifs: [] as { id: string; libelle: string }[] };
  for (const ch of ref?.chapitres ?? []) {
    out.chapitres.push({ id: ch.id, libelle: ch.libelle.fr });
    for (const th of ch.thematiques) {
      out.thematiques.push({ id: th.id, libelle: th.libelle.fr });
      for (const ob of th.objectifs) out.objectifs.push({ id: ob.id, libelle: ob.libelle.fr });
    }
  }
  return out;
}

/** Consolidation of sources already in memory: each reduced on the chosen referential, then consolidated. */
export function consolider(sources: SourceConsolidation[], o: OptionsConsolidation = {}): Consolidation {
  let cible = o.referentiel;
  if (!cible) {
    const i = choisirReferentiel(sources.map((s) => ("evaluation" in s ? s.evaluation.referentiel : null)));
    const s = sources[i];
    cible = s && "evaluation" in s ? s.evaluation.referentiel : undefined;
  }
  return consoliderReduits(
    sources.map((s) => reduireSource(s, cible)),
    cible,
    o,
  );
}

/**
 * Consolidation of reduced files. Every file of `cible`'s id must have been reduced on `cible`
 * when its version differs (`reduireEvaluation(ev, cible)`); the others are refused here.
 */
export function consoliderReduits(reduits: FichierReduit[], cible: Referentiel | undefined, o: OptionsConsolidation = {}): Consolidation {
  type Lu = Extract<FichierReduit, { genre: "evaluation" }>;
  const fichiers: LigneFichier[] = [];
  const ligne = (s: FichierReduit, statut: StatutFichier, raison: string): LigneFichier => {
    const lu = "genre" in s;
    const l: LigneFichier = {
      fichier: s.fichier,
      statut,
      raison,
      etablissement: lu ? s.etablissement : "",
      periode: lu ? s.periode : "",
      version: lu ? s.referentiel.version : "",
      global: null,
      completion: null,
    };
    fichiers.push(l);
    return l;
  };
  for (const s of reduits) if ("erreur" in s) ligne(s, "refuse", s.erreur);

  // Keep, migrate or refuse each workbook.
  const retenus: { s: Lu; resultats: ResultatsConsolides; ligne: LigneFichier }[] = [];
  for (const s of reduits) {
    if (!("genre" in s)) continue;
    const ref = s.referentiel;
    if (!cible || ref.id !== cible.id) {
      ligne(s, "refuse", `référentiel « ${ref.id} » ${ref.version}, la consolidation porte sur « ${cible?.id} »`);
      continue;
    }
    if (s.migration && !s.migration.sure) {
      ligne(s, "refuse", `migration impossible sans risque : ${s.migration.raison}`);
      continue;
    }
    if (!s.resultats || s.resultats.referentiel.version !== cible.version) throw new Error(`${s.fichier} n'a pas été lu sur la version ${cible.version} du référentiel`);
    retenus.push({ s, resultats: s.resultats, ligne: ligne(s, ref.version === cible.version ? "ok" : "migre", ref.version === cible.version ? "" : (s.migration?.raison ?? "")) });
  }

  // Duplicates: same establishment and period; the most recently modified wins.
  const parCle = new Map<string, (typeof retenus)[number]>();
  for (const r of retenus) {
    const cle = `${r.s.etablissement.trim().toLocaleLowerCase("fr")}|${lirePeriode(r.s.periode)?.texte ?? r.s.periode.trim()}`;
    const autre = parCle.get(cle);
    if (!r.s.etablissement.trim()) {
      r.ligne.statut = "refuse";
      r.ligne.raison = "établissement non renseigné dans le classeur (réinsérez le référentiel avec le nom de l'établissement)";
      continue;
    }
    if (!autre) parCle.set(cle, r);
    else {
      const [garde, ecarte] = autre.s.modifieLe >= r.s.modifieLe ? [autre, r] : [r, autre];
      parCle.set(cle, garde);
      ecarte.ligne.statut = "doublon";
      ecarte.ligne.raison = `même établissement et même période que ${garde.s.fichier} (plus récent) : écarté`;
    }
  }

  const lignesParFichier = new Map<string, LigneFichier>();
  const resultats = [...parCle.values()].map((r) => {
    const res = r.resultats;
    r.ligne.global = res.global;
    r.ligne.completion = res.completion;
    lignesParFichier.set(r.s.fichier, r.ligne);
    const campagne = r.s.campagne?.trim() || undefined;
    return {
      etablissement: r.s.etablissement.trim(),
      periode: r.s.periode.trim(),
      ...(campagne ? { campagne } : {}),
      fichier: r.s.fichier,
      tauxImperatifs: res.tauxImperatifs,
      resultats: res,
    };
  });

  // National figures use each establishment's latest period; earlier ones feed the progression.
  const parEtablissement = new Map<string, typeof resultats>();
  for (const e of resultats) {
    const cle = e.etablissement.toLocaleLowerCase("fr");
    const l = parEtablissement.get(cle);
    if (l) l.push(e);
    else parEtablissement.set(cle, [e]);
  }
  for (const l of parEtablissement.values()) if (l.length > 1) l.sort((a, b) => comparerPeriodes(b.periode, a.periode));
  const derniers = [...parEtablissement.values()].map((l) => l[0]!).sort((a, b) => a.etablissement.localeCompare(b.etablissement, "fr"));
  for (const l of parEtablissement.values()) {
    for (const e of l.slice(1)) {
      const f = lignesParFichier.get(e.fichier)!;
      f.statut = "periode-anterieure";
      f.raison = `période ${nomCampagne(e.periode, e.campagne)} antérieure à ${nomCampagne(l[0]!.periode, l[0]!.campagne)} : sert à la progression`;
    }
  }
  const progression = [...parEtablissement.values()]
    .filter((l) => l.length > 1)
    .map((l) => {
      const [apres, avant] = [l[0]!, l[1]!];
      return {
        etablissement: apres.etablissement,
        avant: nomCampagne(avant.periode, avant.campagne),
        apres: nomCampagne(apres.periode, apres.campagne),
        thematiques: apres.resultats.thematiques.map((t) => {
          const a = avant.resultats.thematiques.find((x) => x.id === t.id)?.score ?? null;
          return { id: t.id, avant: a, apres: t.score, ecart: a !== null && t.score !== null ? arrondi(t.score - a) : null };
        }),
        global: { avant: avant.resultats.global, apres: apres.resultats.global },
      };
    });

  const niveaux = niveauxDe(cible);
  const niveau = (cle: "chapitres" | "thematiques" | "objectifs") =>
    niveaux[cle].map((n, i) => ({
      id: n.id,
      libelle: n.libelle,
      // Every establishment is read on `cible`: its levels are in the same order.
      ...statistiques(derniers.map((e) => (e.resultats[cle][i]?.id === n.id ? e.resultats[cle][i]!.score : (e.resultats[cle].find((x) => x.id === n.id)?.score ?? null)))),
    }));

  const imperatifs = cible
    ? criteresAplatis(cible)
        .filter(({ critere }) => critere.imperatif)
        .map(({ critere }) => {
          const manques = derniers.filter((e) => e.resultats.imperatifsNonAtteints.includes(critere.id)).map((e) => e.etablissement);
          return { id: critere.id, libelle: critere.libelle.fr, nonAtteints: manques.length, etablissements: manques };
        })
        .sort((a, b) => b.nonAtteints - a.nonAtteints || a.id.localeCompare(b.id, "fr", { numeric: true }))
    : [];

  // Ranked on the mean only among establishments assessed enough: a third of the criteria is no basis for a rank.
  const completionMin = o.completionMin ?? COMPLETION_MIN_DEFAUT;
  const classables = derniers.filter((e) => e.resultats.global !== null);
  const classes = classables.filter((e) => e.resultats.completion >= completionMin).sort((a, b) => b.resultats.global! - a.resultats.global!);
  // Ties share the rank of the first of them (1, 2, 2, 4).
  let rang = 0;
  const classement = classes.map((e, i) => {
    if (i === 0 || classes[i - 1]!.resultats.global !== e.resultats.global) rang = i + 1;
    return {
      rang,
      etablissement: e.etablissement,
      periode: e.periode,
      global: e.resultats.global!,
      completion: e.resultats.completion,
      imperatifsNonAtteints: e.resultats.imperatifsNonAtteints.length,
      tauxImperatifs: e.tauxImperatifs,
    };
  });
  const horsClassement = classables.filter((e) => e.resultats.completion < completionMin).map((e) => ({ etablissement: e.etablissement, periode: e.periode, completion: e.resultats.completion }));
  const tous = derniers.filter((e) => e.tauxImperatifs === 1).length;

  const ordre = new Map(reduits.map((s, i) => [s.fichier, i]));
  const c: Consolidation = {
    referentiel: { id: cible?.id ?? "", version: cible?.version ?? "", titre: cible?.titre.fr ?? "" },
    fichiers: fichiers.sort((a, b) => ordre.get(a.fichier)! - ordre.get(b.fichier)!),
    etablissements: derniers,
    global: statistiques(derniers.map((e) => e.resultats.global)),
    chapitres: niveau("chapitres"),
    thematiques: niveau("thematiques"),
    objectifs: niveau("objectifs"),
    classement,
    imperatifs,
    progression,
    horsClassement,
    completionMin,
    tousImperatifs: { n: tous, part: derniers.length && cible && criteresAplatis(cible).some((x) => x.critere.imperatif) ? tous / derniers.length : null },
    echelle: { min: cible?.echelle.min ?? 1, max: cible?.echelle.max ?? 4 },
    anonymise: false,
  };
  return o.anonymiser ? anonymiser(c) : c;
}

/**
 * The same consolidation with every establishment's name replaced by a code (EPS-01, EPS-02…, in
 * alphabetical order of names) and every file by « fichier n », wherever they appear.
 */
export function anonymiser(c: Consolidation): Consolidation {
  const noms = [...new Set([...c.etablissements.map((e) => e.etablissement), ...c.fichiers.map((f) => f.etablissement.trim())].filter(Boolean))].sort((a, b) =>
    a.localeCompare(b, "fr"),
  );
  const largeur = Math.max(2, String(noms.length).length);
  const codes = new Map(noms.map((n, i) => [n.toLocaleLowerCase("fr"), `EPS-${String(i + 1).padStart(largeur, "0")}`]));
  const code = (nom: string) => codes.get(nom.trim().toLocaleLowerCase("fr")) ?? (nom.trim() ? "EPS-?" : "");
  const fichiers = new Map(c.fichiers.map((f, i) => [f.fichier, `fichier ${i + 1}`]));
  // Longest first, so « EPS Tanger Nord » is replaced before « EPS Tanger ».
  const remplacements = [...[...fichiers].map(([a, b]) => [a, b] as const), ...noms.map((n) => [n, code(n)] as const)].sort((a, b) => b[0].length - a[0].length);
  const texte = (t: string) => (t ? remplacements.reduce((x, [a, b]) => (x.includes(a) ? x.split(a).join(b) : x), t) : t);
  const fichier = (f: string) => fichiers.get(f) ?? texte(f);
  return {
    ...c,
    anonymise: true,
    fichiers: c.fichiers.map((f) => ({ ...f, fichier: fichier(f.fichier), etablissement: code(f.etablissement), raison: texte(f.raison) })),
    etablissements: c.etablissements
      .map((e) => ({ ...e, etablissement: code(e.etablissement), fichier: fichier(e.fichier) }))
      .sort((a, b) => a.etablissement.localeCompare(b.etablissement, "fr")),
    classement: c.classement.map((r) => ({ ...r, etablissement: code(r.etablissement) })),
    horsClassement: c.horsClassement.map((r) => ({ ...r, etablissement: code(r.etablissement) })),
    imperatifs: c.imperatifs.map((i) => ({ ...i, etablissements: i.etablissements.map(code) })),
    progression: c.progression.map((p) => ({ ...p, etablissement: code(p.etablissement) })),
  };
}
