/**
 * The capitalisation report (.docx) of a consolidation: one function for the CLI
 * (`qualite consolider --rapport`) and the Excel pane's Consolider tab, so both write the same
 * document from the same figures.
 */
import type { Consolidation } from "../../core/consolidation";
import { modeleLivre } from "../../core/pe/catalogue";
import { planifierDocument, type DocumentPlan } from "../../core/pe/document";
import { ecrireDocx } from "./document";

export interface OptionsRapport {
  /** The body that publishes the report (cover page). */
  organisme?: string;
  annee?: number;
  /** Adds sections to the planned document (the national follow-up of `qualite consolider`). */
  completer?: (plan: DocumentPlan) => void;
}

export async function ecrireRapportCapitalisation(c: Consolidation, o: OptionsRapport = {}): Promise<Uint8Array> {
  const modele = modeleLivre("capitalisation");
  const organisme = o.organisme?.trim();
  const reponses = { modele: modele.id, version: modele.version, variables: { annee: o.annee ?? new Date().getFullYear(), ...(organisme ? { organisme } : {}) }, sections: {} };
  const plan = planifierDocument(modele, reponses, null, [], c);
  o.completer?.(plan);
  return ecrireDocx(plan, reponses);
}
