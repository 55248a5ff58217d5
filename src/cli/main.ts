/**
 * `qualite`: the command line for quality referents and automation. Same core as the panes,
 * file adapters underneath. Every user error is a French message and a non-zero exit code.
 */
import { Command, CommanderError, Option } from "commander";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { referentielLivre, referentielsLivres } from "../core/catalogue";
import type { Consensus, Resultats } from "../core/scores";
import { resumePaq } from "../core/paq";
import { chargerModele } from "../core/pe/modele";
import { modeleLivre } from "../core/pe/catalogue";
import { planifierDocument, verifierReponses, type EvaluationPourDocument } from "../core/pe/document";
import { ecrireDocx, fusionnerDocx, lireReponsesDocx } from "../hosts/docx/document";
import { consolider } from "../core/consolidation";
import { planifierConsolidation, SIGNATURE_CONSOLIDATION } from "../core/consolidation-plan";
import { collecter, lireTout } from "./consolider";
import { jsonResultats, texteResultats } from "./affichage";
import { compterReferentiel, ErreurUtilisateur, lireReferentielJson, verifierCategories, type Referentiel } from "../core/referential";
import { resumeInjection, type LangueGrille } from "../core/grille";
import { planifierGuideMethode, MODELE_GUIDE } from "../core/pe/guide-methode";
import { appliquerPlan, ecrireClasseur, genererPaqDansClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur, scoresDuClasseur } from "../hosts/xlsx/classeur";
import { version } from "../../package.json";

export interface Sorties {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** An id of a shipped referential, or a path to a JSON file. */
export function resoudreReferentiel(valeur: string): Referentiel {
  if (/\.json$/i.test(valeur) || valeur.includes("/") || valeur.includes("\\")) {
    const chemin = resolve(valeur);
    if (!existsSync(chemin)) throw new ErreurUtilisateur(`Fichier de référentiel introuvable : ${valeur}`);
    return lireReferentielJson(readFileSync(chemin, "utf8"), `fichier ${basename(chemin)}`);
  }
  return referentielLivre(valeur);
}

function lireFichier(chemin: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(chemin));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new ErreurUtilisateur(`Fichier introuvable : ${chemin}`);
    if (code === "EISDIR") throw new ErreurUtilisateur(`${chemin} est un dossier, pas un classeur.`);
    throw new ErreurUtilisateur(`Impossible de lire ${chemin} (${code ?? (e as Error).message}).`);
  }
}

/** Writes through a temporary file so a failure never leaves half a workbook. */
function ecrireAtomique(chemin: string, octets: Uint8Array): void {
  const tmp = join(dirname(chemin), `.${basename(chemin)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, octets);
    renameSync(tmp, chemin);
  } catch (e) {
    throw new ErreurUtilisateur(`Impossible d'écrire ${chemin} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
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

export function creerProgramme(s: Sorties): Command {
  const programme = new Command()
    .name("qualite")
    .description("Qualité EPS : démarche qualité et projet d'établissement des EPS, en ligne de commande.")
    .version(version, "-V, --version", "affiche la version")
    .helpOption("-h, --help", "affiche l'aide")
    .helpCommand("help [commande]", "affiche l'aide d'une commande")
    .configureOutput({ writeOut: s.out, writeErr: s.err, outputError: (m, ecrire) => ecrire(traduireErreur(m)) })
    .configureHelp({ styleTitle: (t) => TITRES[t] ?? t })
    .exitOverride()
    .showHelpAfterError("(qualite --help pour l'aide)");

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
    .requiredOption("-o, --out <fichier.xlsx>", "classeur à écrire ; s'il existe, il est mis à jour sans perdre les réponses ni les autres feuilles")
    .option("-e, --etablissement <nom>", "nom de l'établissement")
    .addOption(new Option("-p, --periode <AAAA>", "période d'évaluation (année)").argParser((v) => {
      if (!/^\d{4}(-\d{4})?$/.test(v)) throw new ErreurUtilisateur(`Période « ${v} » invalide : attendu une année (2026) ou deux (2026-2027).`);
      return v;
    }))
    .option("--evaluateurs <noms>", "évaluation participative : noms des évaluateurs séparés par des virgules, une colonne de notes chacun")
    .addOption(new Option("--consensus <methode>", "combinaison des notes de plusieurs évaluateurs").choices(["mediane", "moyenne"]))
    .option("--categories <ids>", "catégories de l'établissement séparées par des virgules (ex. enfance,prf) : les critères des autres catégories sont sans objet")
    .addOption(new Option("--langue <langue>", "langue des textes de la grille : fr, ar (feuille de droite à gauche) ou bilingue (colonnes française et arabe)").choices(["fr", "ar", "bilingue"]))
    .option("--depuis <classeur.xlsx>", "classeur de départ (par défaut : le fichier --out s'il existe)")
    .option("--accepter-pertes", "accepte de réécrire un classeur dont certains éléments (graphiques, macros…) ne seraient pas conservés")
    .action(async (opts: { referentiel: string; out: string; etablissement?: string; periode?: string; depuis?: string; accepterPertes?: boolean; evaluateurs?: string; consensus?: Consensus; categories?: string; langue?: LangueGrille }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      const referentiel = resoudreReferentiel(opts.referentiel);
      const depart = opts.depuis ?? (existsSync(opts.out) ? opts.out : null);
      const wb = depart
        ? await ouvrirClasseur(lireFichier(depart), basename(depart), { accepterPertes: opts.accepterPertes })
        : nouveauClasseur();
      const rapport = await injecterDansClasseur(wb, {
        referentiel,
        etablissement: opts.etablissement,
        periode: opts.periode,
        evaluateurs: opts.evaluateurs?.split(",").map((e) => e.trim()).filter(Boolean),
        consensus: opts.consensus,
        categories: opts.categories?.split(",").map((c) => c.trim()).filter(Boolean),
        langue: opts.langue,
        source: basename(depart ?? opts.out),
      });
      ecrireAtomique(opts.out, await ecrireClasseur(wb));
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
      // Read only: nothing is written back, so parts ExcelJS cannot keep do not matter.
      const wb = await ouvrirClasseur(lireFichier(fichier), source, { accepterPertes: true });
      const { resultats: r, etat } = scoresDuClasseur(wb, source, { ...(opts.consensus ? { consensus: opts.consensus } : {}), seuilDesaccord: seuil });
      const titre = etat.meta?.referentielJson ? (JSON.parse(etat.meta.referentielJson) as Referentiel).titre.fr : r.referentiel.id;
      if (opts.json) s.out(JSON.stringify(jsonResultats(r), null, 2) + "\n");
      else s.out(texteResultats(r, { source, titre, etablissement: etat.meta?.etablissement ?? "", periode: etat.meta?.periode ?? "" }));
    });

  programme
    .command("paq")
    .description("rédige ou met à jour le plan d'amélioration (impératifs non atteints, critères sous le seuil) ; les lignes déjà travaillées sont gardées")
    .argument("<grille.xlsx>", "classeur d'évaluation, mis à jour sur place")
    .option("--seuil <note>", "les critères notés strictement sous ce seuil entrent dans le plan", "2.5")
    .option("--accepter-pertes", "accepte de réécrire un classeur dont certains éléments (graphiques, macros…) ne seraient pas conservés")
    .action(async (fichier: string, opts: { seuil: string; accepterPertes?: boolean }) => {
      const seuil = Number(opts.seuil.replace(",", "."));
      if (!Number.isFinite(seuil) || seuil <= 0) throw new ErreurUtilisateur(`Seuil « ${opts.seuil} » invalide : attendu une note, par exemple 2,5.`);
      const source = basename(fichier);
      const wb = await ouvrirClasseur(lireFichier(fichier), source, { accepterPertes: opts.accepterPertes });
      const rapport = await genererPaqDansClasseur(wb, { source, seuil });
      ecrireAtomique(fichier, await ecrireClasseur(wb));
      s.out(`${resumePaq(rapport)}\nÉcrit : ${fichier}\n`);
    });

  programme
    .command("pe")
    .description("assemble un document (projet d'établissement…) à partir d'un modèle et de réponses ; un document existant garde le texte écrit à la main")
    .option("-t, --template <id-ou-fichier>", "modèle livré (pe-eps, guide-prf) ou fichier JSON de modèle", "pe-eps")
    .requiredOption("-r, --reponses <fichier>", "réponses (JSON), ou un .docx déjà assemblé dont on reprend les réponses")
    .option("--evaluation <grille.xlsx|scores.json>", "classeur d'évaluation, ou JSON de « qualite score --json », dont les résultats vont dans la section « Démarche qualité »")
    .requiredOption("-o, --out <fichier.docx>", "document à écrire ; s'il existe, seules les parties générées sont mises à jour")
    .action(async (opts: { template: string; reponses: string; evaluation?: string; out: string }) => {
      if (!/\.docx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .docx : ${opts.out}`);
      const modele = /\.json$/i.test(opts.template) ? chargerModele(lireJson(opts.template), `modèle ${basename(opts.template)}`) : modeleLivre(opts.template);
      const brutes = /\.docx$/i.test(opts.reponses) ? await lireReponsesDocx(lireFichier(opts.reponses)) : lireJson(opts.reponses);
      if (brutes === null) throw new ErreurUtilisateur(`${basename(opts.reponses)} ne contient pas de réponses Qualité EPS.`);
      const { reponses, avertissements } = verifierReponses(modele, brutes, `réponses de ${basename(opts.reponses)}`);
      let evaluation: EvaluationPourDocument | null = null;
      if (opts.evaluation && /\.json$/i.test(opts.evaluation)) {
        // The JSON of `qualite score --json`.
        const r = lireJson(opts.evaluation) as Partial<Resultats>;
        if (!r || typeof r !== "object" || !r.referentiel || !Array.isArray(r.thematiques) || !Array.isArray(r.criteres) || !Array.isArray(r.imperatifsNonAtteints)) {
          throw new ErreurUtilisateur(`${basename(opts.evaluation)} n'est pas un résultat de « qualite score --json ».`);
        }
        evaluation = { resultats: r as Resultats };
      } else if (opts.evaluation) {
        const source = basename(opts.evaluation);
        const wb = await ouvrirClasseur(lireFichier(opts.evaluation), source, { accepterPertes: true });
        const { resultats, etat } = scoresDuClasseur(wb, source);
        evaluation = { resultats, etablissement: etat.meta?.etablissement, periode: etat.meta?.periode, paq: etat.paq?.valeurs ?? null };
      }
      const plan = planifierDocument(modele, reponses, evaluation, avertissements);
      const nouveau = await ecrireDocx(plan, reponses);
      const existe = existsSync(opts.out);
      const manuels = new Set(plan.regions.filter((r) => r.manuel).map((r) => r.tag));
      const octets = existe ? await fusionnerDocx(lireFichier(opts.out), nouveau, manuels, basename(opts.out)) : nouveau;
      ecrireAtomique(opts.out, octets);
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
    .option("--json", "résumé JSON sur la sortie standard")
    .action(async (chemins: string[], opts: { out: string; rapport?: string; referentiel?: string; organisme?: string; json?: boolean }) => {
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      if (opts.rapport && !/\.docx$/i.test(opts.rapport)) throw new ErreurUtilisateur(`Le rapport doit finir par .docx : ${opts.rapport}`);
      if (existsSync(opts.out) && !(await estConsolidation(opts.out))) {
        throw new ErreurUtilisateur(`${opts.out} existe et n'est pas un classeur consolidé : il ne sera pas écrasé. Choisissez un autre nom.`);
      }
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
      const c = consolider(sources, opts.referentiel ? { referentiel: referentielLivre(opts.referentiel) } : {});
      const retenus = c.etablissements.length;
      if (retenus > 0) {
        const wb = nouveauClasseur();
        await appliquerPlan(wb, planifierConsolidation(c));
        ecrireAtomique(opts.out, await ecrireClasseur(wb));
        if (opts.rapport) {
          const modele = modeleLivre("capitalisation");
          const reponses = { modele: modele.id, version: modele.version, variables: { annee: new Date().getFullYear(), ...(opts.organisme ? { organisme: opts.organisme } : {}) }, sections: {} };
          const plan = planifierDocument(modele, reponses, null, [], c);
          ecrireAtomique(opts.rapport, await ecrireDocx(plan, reponses));
        }
      }
      const refuses = c.fichiers.filter((f) => f.statut === "refuse" || f.statut === "doublon");
      if (opts.json) {
        s.out(JSON.stringify({ referentiel: c.referentiel, global: c.global, thematiques: c.thematiques, chapitres: c.chapitres, classement: c.classement, imperatifs: c.imperatifs, progression: c.progression, fichiers: c.fichiers, etablissements: c.etablissements.map((e) => ({ etablissement: e.etablissement, periode: e.periode, fichier: e.fichier, global: e.resultats.global, completion: e.resultats.completion, thematiques: Object.fromEntries(e.resultats.thematiques.map((t) => [t.id, t.score])), imperatifsNonAtteints: e.resultats.imperatifsNonAtteints })) }, null, 2) + "\n");
      } else {
        for (const f of refuses) s.err(`Écarté : ${f.fichier} — ${f.raison}\n`);
        s.out(
          `${fichiers.length} classeurs lus : ${retenus} établissements retenus (${c.fichiers.filter((f) => f.statut === "migre").length} migrés), ${refuses.length} écartés.\n` +
            (retenus ? `Score moyen ${c.global.moyenne?.toFixed(2).replace(".", ",")} (écart-type ${c.global.ecartType?.toFixed(2).replace(".", ",")}) sur ${c.referentiel.id} ${c.referentiel.version}.\nÉcrit : ${opts.out}${opts.rapport ? ` et ${opts.rapport}` : ""}\n` : ""),
        );
      }
      if (retenus === 0) throw new ErreurUtilisateur("Aucun classeur n'a pu être retenu : rien n'a été écrit.");
    });

  return programme;
}

/** A consolidated workbook we wrote earlier (its first cell says so) may be replaced. */
async function estConsolidation(chemin: string): Promise<boolean> {
  try {
    const wb = await ouvrirClasseur(lireFichier(chemin), basename(chemin), { accepterPertes: true });
    return String(wb.worksheets[0]?.getCell("A1").value ?? "") === SIGNATURE_CONSOLIDATION;
  } catch {
    return false;
  }
}

function lireJson(chemin: string): unknown {
  const texte = new TextDecoder().decode(lireFichier(chemin));
  try {
    return JSON.parse(texte);
  } catch (e) {
    throw new ErreurUtilisateur(`${basename(chemin)} n'est pas un fichier JSON lisible : ${(e as Error).message}`);
  }
}

/** Runs the CLI; returns the exit code instead of exiting, for tests. */
export async function executer(argv: string[], s: Sorties): Promise<number> {
  const programme = creerProgramme(s);
  try {
    await programme.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof ErreurUtilisateur) {
      s.err(`Erreur : ${e.message}\n`);
      return 1;
    }
    s.err(`Erreur inattendue : ${(e as Error).stack ?? String(e)}\n`);
    return 2;
  }
}
