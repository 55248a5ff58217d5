/** `qualite referentiels`: lists the shipped referentials. Heavy modules are loaded inside the action, only when it runs. */
import type { Command } from "commander";
import type { Contexte, Sorties } from "../main";

export function enregistrerReferentiels(programme: Command, s: Sorties, _ctx: Contexte): void {
  programme
    .command("referentiels")
    .description("liste les référentiels livrés")
    .option("--json", "sortie JSON")
    .action(async (opts: { json?: boolean }) => {
      const { referentielsLivres } = await import("../../core/catalogue");
      const { compterReferentiel } = await import("../../core/referential");
      const liste = referentielsLivres().map((r) => ({ id: r.id, version: r.version, titre: r.titre.fr, ...compterReferentiel(r) }));
      if (opts.json) return s.out(JSON.stringify(liste, null, 2) + "\n");
      for (const r of liste) {
        s.out(`${r.id.padEnd(10)} ${r.version.padEnd(7)} ${r.titre}\n${" ".repeat(19)}${r.chapitres} chapitres, ${r.thematiques} thématiques, ${r.objectifs} objectifs, ${r.criteres} critères dont ${r.imperatifs} impératifs\n`);
      }
    });

}
