/** `qualite inject`: inserts or updates the assessment grid of a referential in a workbook. Heavy modules are loaded inside the action, only when it runs. */
import { Option, type Command } from "commander";
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { periodeValide } from "../../core/periode";
import type { Consensus } from "../../core/scores";
import type { LangueGrille } from "../../core/grille";
import { ecrireAtomique, etape, lireFichier, resoudreReferentiel, type Contexte, type Sorties } from "../main";

export function enregistrerInject(programme: Command, s: Sorties, ctx: Contexte): void {
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
      const { ecrireClasseur, injecterDansClasseur, nouveauClasseur, ouvrirClasseur } = await import("../../hosts/xlsx/classeur");
      const { resumeInjection } = await import("../../core/grille");
      if (!/\.xls[xm]$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx (ou .xlsm, classeur à macros) : ${opts.out}`);
      etape(ctx, "la lecture du référentiel", opts.referentiel);
      const referentiel = await resoudreReferentiel(opts.referentiel);
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

}
