/**
 * What the Grille tab's form says about the workbook: referential, establishment, period,
 * campaign, evaluators. Kept by the pane (not by the tab) so that opening a filled workbook in
 * file mode fills it from the workbook's own identity, and every tab sees the same.
 */
import type { Metadonnees } from "../../core/metadata";
import type { Consensus } from "../../core/scores";

export interface IdentiteGrille {
  referentielId: string;
  etablissement: string;
  periode: string;
  campagne: string;
  /** As typed: names separated by commas. */
  evaluateurs: string;
  consensus: Consensus;
  categories: string[];
}

export const identiteInitiale = (annee = new Date().getFullYear()): IdentiteGrille => ({
  referentielId: "",
  etablissement: "",
  periode: String(annee),
  campagne: "",
  evaluateurs: "",
  consensus: "mediane",
  categories: [],
});

/** The form as the workbook's metadata says; a workbook without metadata leaves the form as it was. */
export function identiteDuClasseur(meta: Metadonnees | null, actuelle: IdentiteGrille): IdentiteGrille {
  if (!meta) return actuelle;
  return {
    referentielId: meta.referentielId || actuelle.referentielId,
    etablissement: meta.etablissement ?? "",
    periode: meta.periode || actuelle.periode,
    campagne: meta.campagne ?? "",
    evaluateurs: (meta.evaluateurs ?? []).join(", "),
    consensus: meta.consensus ?? "mediane",
    categories: meta.categories ?? [],
  };
}

export const listeEvaluateurs = (texte: string) => texte.split(",").map((e) => e.trim()).filter(Boolean);
