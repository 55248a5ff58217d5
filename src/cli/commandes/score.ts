/** `qualite score`: scores a filled grid. Heavy modules are loaded inside the action, only when it runs. */
import { Option, type Command } from "commander";
import { basename } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { nomCampagne } from "../../core/periode";
import type { Referentiel } from "../../core/referential";
import type { Consensus } from "../../core/scores";
import { etape, lireFichier, type Contexte, type Sorties } from "../main";

export function enregistrerScore(programme: Command, s: Sorties, ctx: Contexte): void {
  programme
    .command("score")
    .description("calcule les scores d'une grille remplie : global, chapitres, thématiques, impératifs non atteints, désaccords")
    .argument("<grille.xlsx>", "classeur d'évaluation")
    .option("--json", "sortie JSON (scores arrondis à 2 décimales, null si rien n'est évalué)")
    .addOption(new Option("--consensus <methode>", "combinaison des notes de plusieurs évaluateurs").choices(["mediane", "moyenne"]))
    .option("--seuil-desaccord <n>", "écart entre évaluateurs à partir duquel un critère est à discuter", "2")
    .action(async (fichier: string, opts: { json?: boolean; consensus?: Consensus; seuilDesaccord: string }) => {
      const { ouvrirClasseur, scoresDuClasseur } = await import("../../hosts/xlsx/classeur");
      const { jsonResultats, texteResultats } = await import("../affichage");
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

}
