/** `qualite paq`: drafts or updates the improvement plan of a grid. Heavy modules are loaded inside the action, only when it runs. */
import type { Command } from "commander";
import { basename } from "node:path";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
import { ecrireAtomique, etape, lireFichier, type Contexte, type Sorties } from "../main";

export function enregistrerPaq(programme: Command, s: Sorties, ctx: Contexte): void {
  programme
    .command("paq")
    .description("rédige ou met à jour le plan d'amélioration (impératifs non atteints ou à trancher, critères sous le seuil, désaccords ouverts) ; les lignes déjà travaillées sont gardées")
    .argument("<grille.xlsx>", "classeur d'évaluation, mis à jour sur place")
    .option("--seuil <note>", "les critères notés strictement sous ce seuil entrent dans le plan (par défaut : le maximum de l'échelle moins 1, soit 3 sur 1–4)")
    .action(async (fichier: string, opts: { seuil?: string }) => {
      const { ecrireClasseur, genererPaqDansClasseur, ouvrirClasseur } = await import("../../hosts/xlsx/classeur");
      const { resumePaq } = await import("../../core/paq");
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

}
