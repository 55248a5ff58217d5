/** `qualite consolider`: consolidates many establishments' workbooks into a national workbook and report. Heavy modules are loaded inside the action, only when it runs. */
import { Option, type Command } from "commander";
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";
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
    .addOption(new Option("--format <format>", "xlsx : classeur consolidé ; csv : table longue (etablissement, periode, niveau, id, valeur) et ses libellés (<nom>-libelles.csv), pour Power BI ou Power Query").choices(["xlsx", "csv"]).default("xlsx"))
    .action(async (chemins: string[], opts: { out: string; rapport?: string; referentiel?: string; organisme?: string; completionMin: string; anonymiser?: boolean; json?: boolean; remplacer?: boolean; format: "xlsx" | "csv" }) => {
      const { collecter, consoliderFichiers } = await import("../consolider");
      const { planifierConsolidation } = await import("../../core/consolidation-plan");
      const { jsonConsolidation, texteClassement } = await import("../affichage");
      const { anonymiser } = await import("../../core/consolidation");
      const { ecrirePlanEnFlux } = await import("../../hosts/xlsx/ecriture-flux");
      const completionMin = Number(opts.completionMin.replace(",", ".").replace(/\s*%$/, ""));
      if (!Number.isFinite(completionMin) || completionMin < 0 || completionMin > 100) {
        throw new ErreurUtilisateur(`Complétion minimale « ${opts.completionMin} » invalide : attendu un pourcentage de 0 à 100, par exemple 80.`);
      }
      const csv = opts.format === "csv";
      if (!(csv ? /\.csv$/i : /\.xlsx$/i).test(opts.out)) throw new ErreurUtilisateur(`Le fichier de sortie doit finir par ${csv ? ".csv (--format csv)" : ".xlsx"} : ${opts.out}`);
      if (opts.rapport && !/\.docx$/i.test(opts.rapport)) throw new ErreurUtilisateur(`Le rapport doit finir par .docx : ${opts.rapport}`);
      if (opts.rapport && csv) throw new ErreurUtilisateur("--format csv écrit des tables : le rapport de capitalisation s'écrit avec le classeur (sans --format csv).");
      etape(ctx, "la vérification des fichiers de sortie", opts.out);
      // The follow-up workbooks (#13) are read apart from the assessments: src/cli/suivi-national.ts.
      const suivis = await import("../suivi-national");
      if (csv) for (const f of [opts.out, suivis.cheminLibelles(opts.out)]) await proteger(f, { sorte: "une table CSV", estNotre: suivis.estNotreCsv }, opts.remplacer);
      else await proteger(opts.out, { sorte: "un classeur consolidé", estNotre: estConsolidation }, opts.remplacer);
      if (opts.rapport) {
        const { modeleDuDocx } = await import("../../hosts/docx/document");
        await proteger(opts.rapport, { sorte: "un rapport de capitalisation", estNotre: async (o) => (await modeleDuDocx(o)) === "capitalisation" }, opts.remplacer);
      }
      etape(ctx, "la lecture des classeurs");
      const fichiers = collecter(chemins, [opts.out]);
      if (!fichiers.length) throw new ErreurUtilisateur(`Aucun classeur .xlsx trouvé dans : ${chemins.join(", ")}`);
      const tty = process.stderr.isTTY === true && !opts.json;
      const { consolidation: brute, autres: autresClasseurs } = await consoliderFichiers(
        fichiers,
        // Anonymised below, once the follow-up workbooks are known (they take the same codes).
        // The shipped referentials (and their JSON) only when one is asked for.
        { ...(opts.referentiel ? { referentiel: (await import("../../core/catalogue")).referentielLivre(opts.referentiel) } : {}), completionMin: completionMin / 100 },
        (fait, total, refuses) => {
          if (tty) {
            const l = 30;
            const plein = Math.round((fait / total) * l);
            s.err(`\r[${"#".repeat(plein)}${"-".repeat(l - plein)}] ${fait}/${total} classeurs lus${refuses ? `, ${refuses} refusés` : ""}`);
            if (fait === total) s.err("\n");
          }
        },
      );
      etape(ctx, "la lecture des classeurs de suivi");
      // Only the files whose readers saw a follow-up's or a competence workbook's identity sheet are
      // opened again; the others (assessments, files refused by the bounded readers) are not.
      const nomsRefuses = new Set(brute.fichiers.filter((l) => l.statut === "refuse").map((l) => l.fichier));
      const lusSuivi = await suivis.lireSuivis(autresClasseurs.suivi);
      // Competence workbooks (#14) among the files without an assessment grid: national needs.
      etape(ctx, "la lecture des classeurs de compétences");
      const competences = await lireCompetences(autresClasseurs.competences.filter((f) => nomsRefuses.has(f.nom) && !lusSuivi.seuls.has(f.nom)));
      // A follow-up or competence workbook without a grid is not an assessment refused.
      const autres = new Set([...lusSuivi.seuls, ...competences.noms]);
      const sansSuivis = autres.size ? { ...brute, fichiers: brute.fichiers.filter((f) => !autres.has(f.fichier)) } : brute;
      const national = suivis.suiviNational(lusSuivi, sansSuivis, opts.anonymiser === true);
      etape(ctx, "la consolidation");
      const c = opts.anonymiser ? anonymiser(sansSuivis) : sansSuivis;
      const retenus = c.etablissements.length;
      if (retenus > 0 && csv) {
        const { donnees, libelles } = suivis.csvConsolidation(c, national);
        ecrireAtomique(opts.out, donnees, { remplacer: opts.remplacer, ctx });
        ecrireAtomique(suivis.cheminLibelles(opts.out), libelles, { remplacer: opts.remplacer, ctx });
      }
      if (retenus > 0 && !csv) {
        // Both outputs are built before either is written.
        etape(ctx, "l'écriture du classeur consolidé", opts.out);
        const plan = planifierConsolidation(c);
        if (national) plan.feuilles.push(...(await import("../../core/suivi/national")).planSuiviNational(national).feuilles);
        if (competences.consolidation) {
          // « Besoins nationaux » and « Démarche qualité »; the files are listed with the assessments'.
          const { planifierConsolidationCompetences } = await import("../../core/competences/consolidation");
          plan.feuilles.push(...planifierConsolidationCompetences(competences.consolidation).feuilles.filter((f) => f.visibilite === "visible" && f.nom !== "Fichiers"));
        }
        // Written row block by row block, without a spreadsheet object per cell: 10,000 establishments fit.
        const classeur = await ecrirePlanEnFlux(plan);
        let rapport: Uint8Array | null = null;
        if (opts.rapport) {
          etape(ctx, "l'écriture du rapport de capitalisation", opts.rapport);
          const { ecrireRapportCapitalisation } = await import("../../hosts/docx/capitalisation");
          rapport = await ecrireRapportCapitalisation(c, { organisme: opts.organisme, ...(national ? { completer: (p) => suivis.ajouterAuRapport(p, national) } : {}) });
        }
        ecrireAtomique(opts.out, classeur, { remplacer: opts.remplacer, ctx });
        if (opts.rapport && rapport) ecrireAtomique(opts.rapport, rapport, { remplacer: opts.remplacer, ctx });
      }
      const refuses = c.fichiers.filter((f) => f.statut === "refuse" || f.statut === "doublon");
      if (opts.json) {
        const suivi = national === null ? null : { periode: national.periode, classeurs: national.etablissements.length, actions: national.actions, indicateurs: national.indicateurs.map(({ statuts: _, ...i }) => i) };
        const k = competences.consolidation;
        const comp = k === null ? null : { classeurs: k.fichiers.filter((f) => f.statut === "retenu").length, besoins: k.besoins, total: k.total };
        s.out(JSON.stringify({ ...(jsonConsolidation(c) as object), ...(suivi ? { suivi } : {}), ...(comp ? { competences: comp } : {}) }, null, 2) + "\n");
      } else {
        for (const f of refuses) s.err(`Écarté : ${f.fichier} — ${f.raison}\n`);
        for (const f of lusSuivi.refuses) s.err(`Suivi écarté : ${f.fichier} — ${f.raison}\n`);
        s.out(
          `${fichiers.length} classeurs lus : ${retenus} établissements retenus (${c.fichiers.filter((f) => f.statut === "migre").length} migrés), ${refuses.length} écartés.\n` +
            (retenus
              ? `Score moyen ${c.global.moyenne?.toFixed(2).replace(".", ",")} (écart-type ${c.global.ecartType?.toFixed(2).replace(".", ",")}) sur ${c.referentiel.id} ${c.referentiel.version}.\n` +
                texteClassement(c) +
                (national ? `Suivi : ${national.etablissements.length} classeurs de suivi, semestre ${national.periode}, ${national.actions.faites} actions faites sur ${national.actions.total}, ${national.actions.enRetard} en retard.\n` : "") +
                (competences.consolidation
                  ? `Compétences : ${competences.noms.size} classeurs, ${competences.consolidation.total.effectif} personnes, ${competences.consolidation.total.besoins} écarts au niveau requis ; formées à la démarche qualité : ${competences.consolidation.total.formesQualite}/${competences.consolidation.total.effectif} (feuilles « Besoins nationaux » et « Démarche qualité »).\n`
                  : "") +
                `Écrit : ${opts.out}${csv ? ` et ${suivis.cheminLibelles(opts.out)}` : ""}${opts.rapport && !csv ? ` et ${opts.rapport}` : ""}\n`
              : ""),
        );
      }
      if (retenus === 0 && competences.noms.size) throw new ErreurUtilisateur("Aucun classeur d'évaluation n'a pu être retenu : rien n'a été écrit. Pour les seuls classeurs de compétences, lancez « qualite competences consolider ».");
      if (retenus === 0) throw new ErreurUtilisateur("Aucun classeur n'a pu être retenu : rien n'a été écrit.");
    });

}


/** A consolidated workbook we wrote earlier (its first cell says so) may be replaced: its first sheet's column A is read, nothing else. */
async function estConsolidation(octets: Uint8Array): Promise<boolean> {
  try {
    const { ClasseurLu } = await import("../../hosts/xlsx/lecture");
    const { SIGNATURE_CONSOLIDATION } = await import("../../core/consolidation-plan");
    const lu = await ClasseurLu.ouvrir(octets, "consolidation");
    const premiere = lu.feuilles[0];
    return premiere !== undefined && String((await lu.valeurs(premiere, { colonnesMax: 1 })).valeurs[0]?.[0] ?? "") === SIGNATURE_CONSOLIDATION;
  } catch {
    return false;
  }
}

/** The competence workbooks among the candidates, consolidated; one bad file only costs itself (it stays « écarté »). */
async function lireCompetences(candidats: { chemin: string; nom: string }[]) {
  const noms = new Set<string>();
  if (!candidats.length) return { noms, consolidation: null };
  const { readFileSync } = await import("node:fs");
  const { estFichierCompetences, lireClasseurCompetences } = await import("../../hosts/xlsx/competences");
  const { consoliderCompetences } = await import("../../core/competences/consolidation");
  const sources: Parameters<typeof consoliderCompetences>[0][number][] = [];
  for (const f of candidats) {
    try {
      const octets = new Uint8Array(readFileSync(f.chemin));
      if (!(await estFichierCompetences(octets))) continue;
      sources.push({ fichier: f.nom, donnees: (await lireClasseurCompetences(octets, f.nom)).donnees });
      noms.add(f.nom);
    } catch {
      // Unreadable: already refused by the assessments' bounded readers, with its reason.
    }
  }
  return { noms, consolidation: sources.length ? consoliderCompetences(sources) : null };
}
