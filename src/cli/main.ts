/**
 * `qualite`: the command line for quality referents and automation. Same core as the panes,
 * file adapters underneath. Every user error is a French message and a non-zero exit code.
 */
import { Command, CommanderError, Option } from "commander";
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import { referentielLivre, referentielsLivres } from "../core/catalogue";
import type { Consensus, Resultats } from "../core/scores";
import { resumePaq } from "../core/paq";
import { chargerModele } from "../core/pe/modele";
import { modeleLivre } from "../core/pe/catalogue";
import { planifierDocument, verifierReponses, type EvaluationPourDocument } from "../core/pe/document";
import { ecrireDocx, fusionnerDocx, identiteDocx, lireReponsesDocx, modeleDuDocx } from "../hosts/docx/document";
import { analyserJson } from "../core/json";
import { consolider } from "../core/consolidation";
import { planifierConsolidation, SIGNATURE_CONSOLIDATION } from "../core/consolidation-plan";
import { collecter, lireTout } from "./consolider";
import { jsonConsolidation, jsonResultats, texteClassement, texteResultats } from "./affichage";
import { nomCampagne, periodeValide } from "../core/periode";
import { cheminLisible, compterReferentiel, ErreurUtilisateur, lireReferentielJson, verifierCategories, type Referentiel } from "../core/referential";
import { erreurZodFr } from "../core/messages-zod";
import { z } from "zod";
import { resumeInjection, type LangueGrille } from "../core/grille";
import { planifierGuideMethode, MODELE_GUIDE } from "../core/pe/guide-methode";
import { appliquerPlan, ecrireClasseur, genererPaqDansClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur, scoresDuClasseur, TAILLE_MAX_OCTETS, valeursFeuille } from "../hosts/xlsx/classeur";
import { version } from "../../package.json";

export interface Sorties {
  out: (s: string) => void;
  err: (s: string) => void;
}

/**
 * What the command is doing, so that an unexpected error names the operation and the file.
 * `ecrits` lists what was already written (atomically) when it happened.
 */
export interface Contexte {
  operation: string;
  fichier?: string;
  ecrits: string[];
}

/** Moves the context to a new step; files are named by their base name, never a full path. */
function etape(ctx: Contexte, operation: string, fichier?: string): void {
  ctx.operation = operation;
  ctx.fichier = fichier === undefined ? undefined : basename(fichier);
}

/** An id of a shipped referential, or a path to a JSON file. */
export function resoudreReferentiel(valeur: string): Referentiel {
  if (/\.json$/i.test(valeur) || valeur.includes("/") || valeur.includes("\\")) {
    const chemin = resolve(valeur);
    if (!existsSync(chemin)) throw new ErreurUtilisateur(`Fichier de référentiel introuvable : ${valeur}`);
    return lireReferentielJson(new TextDecoder().decode(lireFichier(chemin)), `fichier ${basename(chemin)}`);
  }
  return referentielLivre(valeur);
}

/** Reads a regular file of at most `limite` bytes (a FIFO or /dev/zero would never end). */
function lireFichier(chemin: string, limite = TAILLE_MAX_OCTETS): Uint8Array {
  try {
    const st = statSync(chemin);
    if (st.isDirectory()) throw new ErreurUtilisateur(`${chemin} est un dossier, pas un fichier.`);
    if (!st.isFile()) throw new ErreurUtilisateur(`${chemin} n'est pas un fichier ordinaire (périphérique, tube…) : il n'est pas lu.`);
    if (st.size > limite) throw new ErreurUtilisateur(`${basename(chemin)} pèse ${(st.size / 1024 / 1024).toFixed(1)} Mo, au-delà de la limite de ${limite / 1024 / 1024} Mo.`);
    return new Uint8Array(readFileSync(chemin));
  } catch (e) {
    if (e instanceof ErreurUtilisateur) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ErreurUtilisateur(`Fichier introuvable : ${chemin}`);
    if (code === "EACCES" || code === "EPERM") throw new ErreurUtilisateur(`Impossible de lire ${chemin} : accès refusé.`);
    throw new ErreurUtilisateur(`Impossible de lire ${chemin} (${code ?? "erreur du système"}).`);
  }
}

const RAISONS_ECRITURE: Record<string, string> = {
  ENOSPC: "le disque est plein",
  EDQUOT: "le quota du disque est atteint",
  EACCES: "accès refusé au dossier",
  EPERM: "opération refusée par le système",
  EROFS: "le disque est en lecture seule",
  ENOENT: "le dossier n'existe pas",
  EBUSY: "le fichier est ouvert dans un autre programme",
};

/**
 * Writes through a temporary file in the same folder, flushed then renamed over the target: a
 * failure never leaves half a file, and the old file stays whole until the last instant. An
 * existing read-only file is refused unless the user asked (`remplacer`); the new file keeps the
 * old one's permissions, read-only bit included.
 */
export function ecrireAtomique(chemin: string, octets: Uint8Array, o: { remplacer?: boolean; ctx?: Contexte } = {}): void {
  const avant = statSync(chemin, { throwIfNoEntry: false });
  if (avant?.isDirectory()) throw new ErreurUtilisateur(`${chemin} est un dossier : rien n'a été écrit.`);
  if (avant && (avant.mode & 0o222) === 0 && !o.remplacer) {
    throw new ErreurUtilisateur(`${chemin} est en lecture seule : rien n'a été écrit. Retirez la lecture seule, ou relancez avec --remplacer (le fichier restera en lecture seule).`);
  }
  const tmp = join(dirname(chemin), `.${basename(chemin)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, "wx", avant ? avant.mode & 0o777 : 0o666);
    for (let fait = 0; fait < octets.byteLength; ) fait += writeSync(fd, octets, fait);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, chemin);
    o.ctx?.ecrits.push(basename(chemin));
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already renamed */
    }
    const code = (e as NodeJS.ErrnoException).code ?? "";
    throw new ErreurUtilisateur(`Impossible d'écrire ${chemin} : ${RAISONS_ECRITURE[code] ?? `erreur du système ${code}`.trim()}. Le fichier existant n'a pas été modifié.`);
  }
}

/**
 * Output files are protected like inputs: an existing file is replaced only when it is ours and
 * of the expected kind (recognised by its identity), or when the user says so with --remplacer.
 */
async function proteger(chemin: string, attendu: { sorte: string; estNotre: (octets: Uint8Array) => Promise<boolean> }, remplacer?: boolean): Promise<void> {
  if (remplacer || !existsSync(chemin)) return;
  let notre = false;
  try {
    notre = await attendu.estNotre(lireFichier(chemin));
  } catch {
    notre = false;
  }
  if (!notre) {
    throw new ErreurUtilisateur(
      `${chemin} existe et n'est pas ${attendu.sorte} écrit par Qualité EPS : il ne sera pas remplacé. Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`,
    );
  }
}

/** Commander speaks English; referents read French. */
const TRADUCTIONS: [RegExp, string][] = [
  [/required option '(.+)' not specified/, "option obligatoire manquante : $1"],
  [/unknown option '(.+)'/, "option inconnue : $1"],
  [/unknown command '(.+)'/, "commande inconnue : $1"],
  [/missing required argument '(.+)'/, "argument obligatoire manquant : $1"],
  [/option '(.+)' argument missing/, "il manque la valeur de l'option $1"],
  [/too many arguments.*/, "trop d'arguments"],
  [/option '(.+)' argument '(.+)' is invalid\. Allowed choices are (.+)\./, "valeur « $2 » invalide pour $1 : choix possibles $3"],
  [/^error: /, "Erreur : "],
  [/\(Did you mean (.+)\?\)/, "(vouliez-vous dire $1 ?)"],
];
const TITRES: Record<string, string> = { "Usage:": "Utilisation :", "Options:": "Options :", "Commands:": "Commandes :", "Arguments:": "Arguments :" };

export function traduireErreur(message: string): string {
  return TRADUCTIONS.reduce((m, [motif, fr]) => m.replace(motif, fr), message);
}

export function creerProgramme(s: Sorties, ctx: Contexte = { operation: "la commande", ecrits: [] }): Command {
  const programme = new Command()
    .name("qualite")
    .description("Qualité EPS : démarche qualité et projet d'établissement des EPS, en ligne de commande.")
    .version(version, "-V, --version", "affiche la version")
    .helpOption("-h, --help", "affiche l'aide")
    .helpCommand("help [commande]", "affiche l'aide d'une commande")
    .configureOutput({ writeOut: s.out, writeErr: s.err, outputError: (m, ecrire) => ecrire(traduireErreur(m)) })
    .configureHelp({ styleTitle: (t) => TITRES[t] ?? t })
    .option("--debug", "en cas d'erreur inattendue, affiche aussi le détail technique")
    .exitOverride()
    .showHelpAfterError("(qualite --help pour l'aide)");
  programme.hook("preAction", (_, commande) => etape(ctx, `la commande « qualite ${commande.name()} »`));

  programme
    .command("referentiels")
    .description("liste les référentiels livrés")
    .option("--json", "sortie JSON")
    .action((opts: { json?: boolean }) => {
      const liste = referentielsLivres().map((r) => ({ id: r.id, version: r.version, titre: r.titre.fr, ...compterReferentiel(r) }));
      if (opts.json) return s.out(JSON.stringify(liste, null, 2) + "\n");
      for (const r of liste) {
        s.out(`${r.id.padEnd(10)} ${r.version.padEnd(7)} ${r.titre}\n${" ".repeat(19)}${r.chapitres} chapitres, ${r.thematiques} thématiques, ${r.objectifs} objectifs, ${r.criteres} critères dont ${r.imperatifs} impératifs\n`);
      }
    });

  programme
    .command("inject")
    .description("insère la grille d'évaluation d'un référentiel dans un classeur .xlsx (le crée, ou le met à jour en gardant les réponses)")
    .requiredOption("-r, --referentiel <id-ou-fichier>", "identifiant d'un référentiel livré (qualite referentiels) ou chemin d'un fichier JSON")
    .requiredOption("-o, --out <fichier.xlsx>", "classeur à écrire (.xlsx ou .xlsm) ; s'il existe, seules nos feuilles sont réécrites : réponses, autres feuilles, graphiques, tableaux croisés et macros restent tels quels")
    .option("-e, --etablissement <nom>", "nom de l'établissement")
    .addOption(new Option("-p, --periode <periode>", "période d'évaluation : année (2026), semestre (2026-S1), trimestre (2026-T1), mois (2026-03) ou date (2026-03-15)").argParser((v) => periodeValide(v)))
    .option("--libelle-campagne <texte>", "libellé de la campagne d'évaluation (« état initial », « fin de mission »…)")
    .option("--evaluateurs <noms>", "évaluation participative : noms des évaluateurs séparés par des virgules, une colonne de notes chacun")
    .addOption(new Option("--consensus <methode>", "combinaison des notes de plusieurs évaluateurs").choices(["mediane", "moyenne"]))
    .option("--categories <ids>", "catégories de l'établissement séparées par des virgules (ex. enfance,prf) : les critères des autres catégories sont sans objet")
    .addOption(new Option("--langue <langue>", "langue des textes de la grille : fr, ar (feuille de droite à gauche) ou bilingue (colonnes française et arabe)").choices(["fr", "ar", "bilingue"]))
    .option("--depuis <classeur.xlsx>", "classeur de départ (par défaut : le fichier --out s'il existe)")
    .option("--remplacer", "avec --depuis, remplace un fichier --out existant qui n'est pas ce classeur de départ")
    .action(async (opts: { referentiel: string; out: string; etablissement?: string; periode?: string; libelleCampagne?: string; depuis?: string; evaluateurs?: string; consensus?: Consensus; categories?: string; langue?: LangueGrille; remplacer?: boolean }) => {
      if (!/\.xls[xm]$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx (ou .xlsm, classeur à macros) : ${opts.out}`);
      etape(ctx, "la lecture du référentiel", opts.referentiel);
      const referentiel = resoudreReferentiel(opts.referentiel);
      // Without --depuis, an existing --out is the workbook updated in place; with it, --out
      // would be replaced by another workbook: only with consent.
      if (opts.depuis && resolve(opts.depuis) !== resolve(opts.out) && existsSync(opts.out) && !opts.remplacer) {
        throw new ErreurUtilisateur(`${opts.out} existe et serait remplacé par ${basename(opts.depuis)} complété de la grille : rien n'a été écrit. Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
      }
      const depart = opts.depuis ?? (existsSync(opts.out) ? opts.out : null);
      if (depart) etape(ctx, "la lecture du classeur", depart);
      const wb = depart ? await ouvrirClasseur(lireFichier(depart), basename(depart)) : nouveauClasseur(basename(opts.out));
      etape(ctx, "l'insertion de la grille", opts.out);
      const rapport = await injecterDansClasseur(wb, {
        referentiel,
        etablissement: opts.etablissement,
        periode: opts.periode,
        campagne: opts.libelleCampagne,
        evaluateurs: opts.evaluateurs?.split(",").map((e) => e.trim()).filter(Boolean),
        consensus: opts.consensus,
        categories: opts.categories?.split(",").map((c) => c.trim()).filter(Boolean),
        langue: opts.langue,
        source: basename(depart ?? opts.out),
      });
      ecrireAtomique(opts.out, await ecrireClasseur(wb), { remplacer: opts.remplacer, ctx });
      s.out(`${resumeInjection(rapport, referentiel)}\nÉcrit : ${opts.out}\n`);
    });

  programme
    .command("guide")
    .description("écrit le guide de la méthode d'évaluation d'un référentiel (.docx) : méthodes, guides d'entretien, critères par méthode avec ce qu'on regarde et les preuves")
    .requiredOption("-r, --referentiel <id-ou-fichier>", "identifiant d'un référentiel livré ou chemin d'un fichier JSON")
    .requiredOption("-o, --out <guide.docx>", "document à écrire")
    .option("--categories <ids>", "seulement les critères qui s'appliquent à ces catégories d'établissement (ex. prf)")
    .action(async (opts: { referentiel: string; out: string; categories?: string }) => {
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      const referentiel = resoudreReferentiel(opts.referentiel);
      const categories = verifierCategories(referentiel, opts.categories?.split(","));
      const plan = planifierGuideMethode(referentiel, { categories });
      ecrireAtomique(opts.out, await ecrireDocx(plan, { modele: MODELE_GUIDE, version: referentiel.version, variables: {}, sections: {} }));
      for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      s.out(`Guide de la méthode d'évaluation de « ${referentiel.id} » ${referentiel.version} écrit : ${opts.out}\n`);
    });

  programme
    .command("score")
    .description("calcule les scores d'une grille remplie : global, chapitres, thématiques, impératifs non atteints, désaccords")
    .argument("<grille.xlsx>", "classeur d'évaluation")
    .option("--json", "sortie JSON (scores arrondis à 2 décimales, null si rien n'est évalué)")
    .addOption(new Option("--consensus <methode>", "combinaison des notes de plusieurs évaluateurs").choices(["mediane", "moyenne"]))
    .option("--seuil-desaccord <n>", "écart entre évaluateurs à partir duquel un critère est à discuter", "2")
    .action(async (fichier: string, opts: { json?: boolean; consensus?: Consensus; seuilDesaccord: string }) => {
      const seuil = Number(opts.seuilDesaccord.replace(",", "."));
      if (!Number.isFinite(seuil) || seuil <= 0) throw new ErreurUtilisateur(`Seuil de désaccord « ${opts.seuilDesaccord} » invalide : attendu un nombre positif.`);
      const source = basename(fichier);
      etape(ctx, "la lecture du classeur", fichier);
      const wb = await ouvrirClasseur(lireFichier(fichier), source, { pourScores: true });
      etape(ctx, "le calcul des scores", fichier);
      const { resultats: r, etat } = scoresDuClasseur(wb, source, { ...(opts.consensus ? { consensus: opts.consensus } : {}), seuilDesaccord: seuil });
      const titre = etat.meta?.referentielJson ? (JSON.parse(etat.meta.referentielJson) as Referentiel).titre.fr : r.referentiel.id;
      if (opts.json) s.out(JSON.stringify(jsonResultats(r), null, 2) + "\n");
      else s.out(texteResultats(r, { source, titre, etablissement: etat.meta?.etablissement ?? "", periode: nomCampagne(etat.meta?.periode ?? "", etat.meta?.campagne) }));
    });

  programme
    .command("paq")
    .description("rédige ou met à jour le plan d'amélioration (impératifs non atteints ou à trancher, critères sous le seuil, désaccords ouverts) ; les lignes déjà travaillées sont gardées")
    .argument("<grille.xlsx>", "classeur d'évaluation, mis à jour sur place")
    .option("--seuil <note>", "les critères notés strictement sous ce seuil entrent dans le plan (par défaut : le maximum de l'échelle moins 1, soit 3 sur 1–4)")
    .action(async (fichier: string, opts: { seuil?: string }) => {
      const seuil = opts.seuil === undefined ? undefined : Number(opts.seuil.replace(",", "."));
      if (seuil !== undefined && (!Number.isFinite(seuil) || seuil <= 0)) throw new ErreurUtilisateur(`Seuil « ${opts.seuil} » invalide : attendu une note, par exemple 3.`);
      const source = basename(fichier);
      etape(ctx, "la lecture du classeur", fichier);
      const wb = await ouvrirClasseur(lireFichier(fichier), source);
      etape(ctx, "la rédaction du plan d'amélioration", fichier);
      const rapport = await genererPaqDansClasseur(wb, { source, seuil });
      ecrireAtomique(fichier, await ecrireClasseur(wb), { ctx });
      s.out(`${resumePaq(rapport)}\nÉcrit : ${fichier}\n`);
    });

  programme
    .command("pe")
    .description("assemble un document (projet d'établissement…) à partir d'un modèle et de réponses ; un document existant garde le texte écrit à la main")
    .option("-t, --template <id-ou-fichier>", "modèle livré (pe-eps, guide-prf) ou fichier JSON de modèle", "pe-eps")
    .requiredOption("-r, --reponses <fichier>", "réponses (JSON), ou un .docx déjà assemblé dont on reprend les réponses")
    .option("--evaluation <grille.xlsx|scores.json>", "classeur d'évaluation, ou JSON de « qualite score --json », dont les résultats vont dans la section « Démarche qualité »")
    .requiredOption("-o, --out <fichier.docx>", "document à écrire ; s'il existe, seules les parties générées sont mises à jour")
    .option("--remplacer", "remplace un fichier --out existant qui n'est pas un document de ce modèle écrit par Qualité EPS, au lieu de le mettre à jour")
    .action(async (opts: { template: string; reponses: string; evaluation?: string; out: string; remplacer?: boolean }) => {
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      etape(ctx, "la lecture du modèle", /\.json$/i.test(opts.template) ? opts.template : undefined);
      const modele = /\.json$/i.test(opts.template) ? chargerModele(lireJson(opts.template), `modèle ${basename(opts.template)}`) : modeleLivre(opts.template);
      // An existing document is updated only when it is one of ours for the same template:
      // merging another template's document would drop every region of the old one.
      const existe = existsSync(opts.out) && !opts.remplacer;
      if (existe) {
        etape(ctx, "la lecture du document existant", opts.out);
        let autre: string | null;
        try {
          autre = await identiteDocx(lireFichier(opts.out), basename(opts.out));
        } catch (e) {
          if (e instanceof ErreurUtilisateur) throw new ErreurUtilisateur(`${e.message} Il ne sera pas modifié : choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`);
          throw e;
        }
        if (autre !== modele.id) {
          throw new ErreurUtilisateur(
            `${opts.out} existe et ${autre ? `est un document du modèle « ${autre} », pas « ${modele.id} »` : "n'est pas un document écrit par Qualité EPS"} : il ne sera pas modifié. Choisissez un autre nom, ou relancez avec --remplacer pour l'écraser.`,
          );
        }
      }
      etape(ctx, "la lecture des réponses", opts.reponses);
      const brutes = /\.docx$/i.test(opts.reponses) ? await lireReponsesDocx(lireFichier(opts.reponses), basename(opts.reponses)) : lireJson(opts.reponses);
      if (brutes === null) throw new ErreurUtilisateur(`${basename(opts.reponses)} ne contient pas de réponses Qualité EPS.`);
      const { reponses, avertissements } = verifierReponses(modele, brutes, `réponses de ${basename(opts.reponses)}`);
      let evaluation: EvaluationPourDocument | null = null;
      if (opts.evaluation) etape(ctx, "la lecture de l'évaluation", opts.evaluation);
      if (opts.evaluation && /\.json$/i.test(opts.evaluation)) {
        // The JSON of `qualite score --json`.
        evaluation = { resultats: resultatsJson(lireJson(opts.evaluation), basename(opts.evaluation)) };
      } else if (opts.evaluation) {
        const source = basename(opts.evaluation);
        const wb = await ouvrirClasseur(lireFichier(opts.evaluation), source);
        const { resultats, etat } = scoresDuClasseur(wb, source);
        evaluation = { resultats, etablissement: etat.meta?.etablissement, periode: etat.meta?.periode, paq: etat.paq?.valeurs ?? null };
      }
      etape(ctx, "l'assemblage du document", opts.out);
      const plan = planifierDocument(modele, reponses, evaluation, avertissements);
      const nouveau = await ecrireDocx(plan, reponses);
      const manuels = new Set(plan.regions.filter((r) => r.manuel).map((r) => r.tag));
      const octets = existe ? await fusionnerDocx(lireFichier(opts.out), nouveau, manuels, basename(opts.out)) : nouveau;
      ecrireAtomique(opts.out, octets, { remplacer: opts.remplacer, ctx });
      for (const a of plan.avertissements) s.err(`Attention : ${a}\n`);
      s.out(
        `${plan.titre} « ${modele.id} » : ${plan.regions.length} sections${existe ? " mises à jour (texte écrit à la main conservé)" : ""}, ${plan.avertissements.length} points à compléter.\nÉcrit : ${opts.out}\n`,
      );
    });

  programme
    .command("consolider")
    .description("consolide les classeurs d'évaluation de plusieurs établissements (fichiers ou dossiers) en un classeur national et un rapport de capitalisation")
    .argument("<chemins...>", "classeurs .xlsx ou dossiers qui en contiennent (parcourus récursivement)")
    .requiredOption("-o, --out <national.xlsx>", "classeur consolidé à écrire")
    .option("--rapport <rapport.docx>", "rapport de capitalisation à écrire")
    .option("--referentiel <id>", "référentiel de la consolidation (par défaut : le plus fréquent, dans sa version la plus récente)")
    .option("--organisme <nom>", "organisme qui publie le rapport de capitalisation")
    .option("--completion-min <pourcentage>", "complétion minimale pour entrer dans le classement, en % (par défaut 80)", "80")
    .option("--anonymiser", "remplace les noms des établissements (et des fichiers) par des codes EPS-01, EPS-02… dans le classeur, le JSON et le rapport")
    .option("--json", "résumé JSON sur la sortie standard")
    .option("--remplacer", "remplace --out et --rapport même s'ils existent et ne sont pas une consolidation ni un rapport de capitalisation")
    .action(async (chemins: string[], opts: { out: string; rapport?: string; referentiel?: string; organisme?: string; completionMin: string; anonymiser?: boolean; json?: boolean; remplacer?: boolean }) => {
      const completionMin = Number(opts.completionMin.replace(",", ".").replace(/\s*%$/, ""));
      if (!Number.isFinite(completionMin) || completionMin < 0 || completionMin > 100) {
        throw new ErreurUtilisateur(`Complétion minimale « ${opts.completionMin} » invalide : attendu un pourcentage de 0 à 100, par exemple 80.`);
      }
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      if (opts.rapport && !/\.docx$/i.test(opts.rapport)) throw new ErreurUtilisateur(`Le rapport doit finir par .docx : ${opts.rapport}`);
      etape(ctx, "la vérification des fichiers de sortie", opts.out);
      await proteger(opts.out, { sorte: "un classeur consolidé", estNotre: estConsolidation }, opts.remplacer);
      if (opts.rapport) await proteger(opts.rapport, { sorte: "un rapport de capitalisation", estNotre: async (o) => (await modeleDuDocx(o)) === "capitalisation" }, opts.remplacer);
      etape(ctx, "la lecture des classeurs");
      const fichiers = collecter(chemins, [opts.out]);
      if (!fichiers.length) throw new ErreurUtilisateur(`Aucun classeur .xlsx trouvé dans : ${chemins.join(", ")}`);
      const tty = process.stderr.isTTY === true && !opts.json;
      const sources = await lireTout(fichiers, (fait, total, refuses) => {
        if (tty) {
          const l = 30;
          const plein = Math.round((fait / total) * l);
          s.err(`\r[${"#".repeat(plein)}${"-".repeat(l - plein)}] ${fait}/${total} classeurs lus${refuses ? `, ${refuses} refusés` : ""}`);
          if (fait === total) s.err("\n");
        }
      });
      etape(ctx, "la consolidation");
      const c = consolider(sources, { ...(opts.referentiel ? { referentiel: referentielLivre(opts.referentiel) } : {}), completionMin: completionMin / 100, anonymiser: opts.anonymiser === true });
      const retenus = c.etablissements.length;
      if (retenus > 0) {
        // Both outputs are built before either is written.
        etape(ctx, "l'écriture du classeur consolidé", opts.out);
        const wb = nouveauClasseur();
        await appliquerPlan(wb, planifierConsolidation(c));
        const classeur = await ecrireClasseur(wb);
        let rapport: Uint8Array | null = null;
        if (opts.rapport) {
          etape(ctx, "l'écriture du rapport de capitalisation", opts.rapport);
          const modele = modeleLivre("capitalisation");
          const reponses = { modele: modele.id, version: modele.version, variables: { annee: new Date().getFullYear(), ...(opts.organisme ? { organisme: opts.organisme } : {}) }, sections: {} };
          const plan = planifierDocument(modele, reponses, null, [], c);
          rapport = await ecrireDocx(plan, reponses);
        }
        ecrireAtomique(opts.out, classeur, { remplacer: opts.remplacer, ctx });
        if (opts.rapport && rapport) ecrireAtomique(opts.rapport, rapport, { remplacer: opts.remplacer, ctx });
      }
      const refuses = c.fichiers.filter((f) => f.statut === "refuse" || f.statut === "doublon");
      if (opts.json) {
        s.out(JSON.stringify(jsonConsolidation(c), null, 2) + "\n");
      } else {
        for (const f of refuses) s.err(`Écarté : ${f.fichier} — ${f.raison}\n`);
        s.out(
          `${fichiers.length} classeurs lus : ${retenus} établissements retenus (${c.fichiers.filter((f) => f.statut === "migre").length} migrés), ${refuses.length} écartés.\n` +
            (retenus
              ? `Score moyen ${c.global.moyenne?.toFixed(2).replace(".", ",")} (écart-type ${c.global.ecartType?.toFixed(2).replace(".", ",")}) sur ${c.referentiel.id} ${c.referentiel.version}.\n` +
                texteClassement(c) +
                `Écrit : ${opts.out}${opts.rapport ? ` et ${opts.rapport}` : ""}\n`
              : ""),
        );
      }
      if (retenus === 0) throw new ErreurUtilisateur("Aucun classeur n'a pu être retenu : rien n'a été écrit.");
    });

  return programme;
}

/** A consolidated workbook we wrote earlier (its first cell says so) may be replaced. */
async function estConsolidation(octets: Uint8Array): Promise<boolean> {
  try {
    const wb = await ouvrirClasseur(octets, "consolidation");
    const premiere = wb.etat.feuilles[0];
    return premiere !== undefined && String((await valeursFeuille(wb, premiere))?.[0]?.[0] ?? "") === SIGNATURE_CONSOLIDATION;
  } catch {
    return false;
  }
}

const note = z.union([z.number().finite(), z.literal("NC"), z.null()]);
const texte = z.string().max(10_000);
const niveau = z.object({ id: texte, libelle: texte, score: z.number().finite().nullable(), evalues: z.number().int().nonnegative(), total: z.number().int().nonnegative(), completion: z.number().finite() });
/** The part of `qualite score --json` a document uses, checked: a hand-edited file may hold anything. */
const resultatsSchema = z
  .object({
    referentiel: z.object({ id: texte, version: texte }),
    global: z.number().finite().nullable(),
    completion: z.number().finite(),
    evalues: z.number().int().nonnegative(),
    nc: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    thematiques: z.array(niveau).max(10_000),
    criteres: z.array(z.object({ id: texte, libelle: texte, score: note }).passthrough()).max(100_000),
    imperatifsNonAtteints: z.array(texte).max(100_000),
  })
  .passthrough()
  .refine((r) => {
    const ids = new Set(r.criteres.map((c) => c.id));
    return r.imperatifsNonAtteints.every((id) => ids.has(id));
  }, { message: "un impératif non atteint n'est pas dans la liste des critères", path: ["imperatifsNonAtteints"] });

function resultatsJson(data: unknown, nom: string): Resultats {
  const r = resultatsSchema.safeParse(data, { error: erreurZodFr });
  if (!r.success) {
    throw new ErreurUtilisateur(`${nom} n'est pas un résultat de « qualite score --json ».`, r.error.issues.slice(0, 5).map((i) => `${cheminLisible(i.path)} : ${i.message}`));
  }
  return r.data as unknown as Resultats;
}

function lireJson(chemin: string): unknown {
  return analyserJson(new TextDecoder().decode(lireFichier(chemin)), basename(chemin));
}

/** The French name of what went wrong, without the engine's English or any path. */
function causeInattendue(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === "ERR_WORKER_OUT_OF_MEMORY" || code === "ENOMEM" || /allocation failed|Invalid (typed )?(string|array|typed array) length|out of memory/i.test(m)) {
    return "la mémoire ne suffit pas (fichier trop volumineux, ou qui se décompresse en une taille démesurée)";
  }
  if (e instanceof RangeError && /call stack/i.test(m)) return "structure trop profondément imbriquée";
  return "défaut interne de Qualité EPS";
}

/**
 * The one message for an error nobody foresaw: French, naming the operation and the file,
 * saying what was already written; the technical detail (stack, paths) only with --debug.
 */
export function messageInattendu(e: unknown, ctx: Contexte, debug: boolean): string {
  const quoi = `${ctx.operation}${ctx.fichier ? ` (${ctx.fichier})` : ""}`;
  const ecrits = ctx.ecrits.length ? `Fichiers déjà écrits, complets : ${ctx.ecrits.join(", ")}. Aucun autre fichier n'a été modifié.` : "Aucun fichier n'a été modifié.";
  const detail = debug
    ? `\nDétail technique :\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`
    : "\nPour le détail technique, relancez la commande avec --debug.";
  return `Erreur inattendue pendant ${quoi} : ${causeInattendue(e)}. ${ecrits}${detail}\n`;
}

/**
 * Runs the CLI; returns the exit code instead of exiting, for tests: 0 done, 1 input refused
 * (a French message saying why), 2 unexpected error.
 */
export async function executer(argv: string[], s: Sorties, ctx: Contexte = { operation: "la commande", ecrits: [] }): Promise<number> {
  // --debug is read here, wherever it stands, so that even an error while parsing honours it.
  const debug = argv.includes("--debug");
  const programme = creerProgramme(s, ctx);
  try {
    await programme.parseAsync(argv.filter((a) => a !== "--debug"), { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    if (e instanceof ErreurUtilisateur) {
      s.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    s.err(messageInattendu(e, ctx, debug));
    return 2;
  }
}
