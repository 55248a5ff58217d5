/** `qualite consolider`: consolidates many establishments' workbooks into a national workbook and report. Heavy modules are loaded inside the action, only when it runs. */
import type { Command } from "commander";
import { ErreurUtilisateur } from "../../core/erreurs";
import { ecrireAtomique, etape, proteger, type Contexte, type Sorties } from "../main";

export function enregistrerConsolider(programme: Command, s: Sorties, ctx: Contexte): void {
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
      const { collecter, consoliderFichiers } = await import("../consolider");
      const { referentielLivre } = await import("../../core/catalogue");
      const { planifierConsolidation } = await import("../../core/consolidation-plan");
      const { jsonConsolidation, texteClassement } = await import("../affichage");
      const { ecrirePlanEnFlux } = await import("../../hosts/xlsx/ecriture-flux");
      const completionMin = Number(opts.completionMin.replace(",", ".").replace(/\s*%$/, ""));
      if (!Number.isFinite(completionMin) || completionMin < 0 || completionMin > 100) {
        throw new ErreurUtilisateur(`Complétion minimale « ${opts.completionMin} » invalide : attendu un pourcentage de 0 à 100, par exemple 80.`);
      }
      if (!/\.xlsx$/i.test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par .xlsx : ${opts.out}`);
      if (opts.rapport && !/\.docx$/i.test(opts.rapport)) throw new ErreurUtilisateur(`Le rapport doit finir par .docx : ${opts.rapport}`);
      etape(ctx, "la vérification des fichiers de sortie", opts.out);
      await proteger(opts.out, { sorte: "un classeur consolidé", estNotre: estConsolidation }, opts.remplacer);
      if (opts.rapport) {
        const { modeleDuDocx } = await import("../../hosts/docx/document");
        await proteger(opts.rapport, { sorte: "un rapport de capitalisation", estNotre: async (o) => (await modeleDuDocx(o)) === "capitalisation" }, opts.remplacer);
      }
      etape(ctx, "la lecture des classeurs");
      const fichiers = collecter(chemins, [opts.out]);
      if (!fichiers.length) throw new ErreurUtilisateur(`Aucun classeur .xlsx trouvé dans : ${chemins.join(", ")}`);
      const tty = process.stderr.isTTY === true && !opts.json;
      const c = await consoliderFichiers(
        fichiers,
        { ...(opts.referentiel ? { referentiel: referentielLivre(opts.referentiel) } : {}), completionMin: completionMin / 100, anonymiser: opts.anonymiser === true },
        (fait, total, refuses) => {
          if (tty) {
            const l = 30;
            const plein = Math.round((fait / total) * l);
            s.err(`\r[${"#".repeat(plein)}${"-".repeat(l - plein)}] ${fait}/${total} classeurs lus${refuses ? `, ${refuses} refusés` : ""}`);
            if (fait === total) s.err("\n");
          }
        },
      );
      etape(ctx, "la consolidation");
      const retenus = c.etablissements.length;
      if (retenus > 0) {
        // Both outputs are built before either is written.
        etape(ctx, "l'écriture du classeur consolidé", opts.out);
        // Written row block by row block, without a spreadsheet object per cell: 10,000 establishments fit.
        const classeur = await ecrirePlanEnFlux(planifierConsolidation(c));
        let rapport: Uint8Array | null = null;
        if (opts.rapport) {
          etape(ctx, "l'écriture du rapport de capitalisation", opts.rapport);
          const { modeleLivre } = await import("../../core/pe/catalogue");
          const { planifierDocument } = await import("../../core/pe/document");
          const { ecrireDocx } = await import("../../hosts/docx/document");
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

}


/** A consolidated workbook we wrote earlier (its first cell says so) may be replaced. */
async function estConsolidation(octets: Uint8Array): Promise<boolean> {
  try {
    const { ouvrirClasseur, valeursFeuille } = await import("../../hosts/xlsx/classeur");
    const { SIGNATURE_CONSOLIDATION } = await import("../../core/consolidation-plan");
    const wb = await ouvrirClasseur(octets, "consolidation");
    const premiere = wb.etat.feuilles[0];
    return premiere !== undefined && String((await valeursFeuille(wb, premiere))?.[0]?.[0] ?? "") === SIGNATURE_CONSOLIDATION;
  } catch {
    return false;
  }
}
