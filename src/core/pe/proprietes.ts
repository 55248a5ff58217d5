/**
 * The answers travel inside the document as custom properties (Word keeps them through every
 * save): JSON cut in chunks, since a property holds at most 255 characters. Shared by the
 * Office.js Word adapter and the .docx adapter; pure, so the Word pane loads no .docx library.
 */
import { decouperTexte } from "../texte";
import type { ReponsesDocument } from "./document";

/** Under Word's 255-character limit of a property value. */
const TAILLE_PROPRIETE = 240;
export const PREFIXE_REPONSES = "QualiteEPS.reponses.";

/** Custom properties carrying the answers as JSON chunks, cut between characters (never inside an emoji). */
export function proprietesReponses(r: ReponsesDocument): { name: string; value: string }[] {
  return decouperTexte(JSON.stringify(r), TAILLE_PROPRIETE).map((value, i) => ({ name: `${PREFIXE_REPONSES}${String(i + 1).padStart(4, "0")}`, value }));
}
