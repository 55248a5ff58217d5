/**
 * Turns any failure into a French message for the pane. Office errors are recognised by their
 * `code` (stable), never by their `message` (localised, technical).
 */
import { ErreurUtilisateur } from "../../core/referential";

const MESSAGES_OFFICE: Record<string, string> = {
  InvalidOperationInCellEditMode: "Une cellule est en cours de saisie : validez-la (Entrée) ou annulez-la (Échap), puis recommencez.",
  ItemAlreadyExists: "Une feuille ou un tableau du classeur porte déjà le nom que Qualité EPS veut créer. Renommez-le puis recommencez.",
  AccessDenied: "Le classeur est protégé ou ouvert en lecture seule : Qualité EPS ne peut pas y écrire. Retirez la protection du classeur (Révision > Protéger le classeur) puis recommencez.",
  RequestPayloadSizeLimitExceeded: "Le référentiel est trop volumineux pour être envoyé en une fois à Excel sur le web. Utilisez Excel sur le bureau, ou la commande « qualite inject ».",
  ResponsePayloadSizeLimitExceeded: "La grille est trop volumineuse pour être lue en une fois par Excel sur le web. Utilisez Excel sur le bureau.",
  InsertDeleteConflict: "Une autre personne modifie le classeur en même temps. Attendez la fin de sa modification puis recommencez.",
  EditModeCellEditing: "Une cellule est en cours de saisie : validez-la (Entrée) ou annulez-la (Échap), puis recommencez.",
  GeneralException: "Excel ou Word a refusé l'opération sans préciser pourquoi. Enregistrez le document, fermez et rouvrez-le, puis recommencez.",
  ApiNotFound: "Cette version d'Office ne connaît pas une fonction dont Qualité EPS a besoin. Mettez Office à jour.",
};

export function messageErreur(e: unknown): string {
  if (e instanceof ErreurUtilisateur) return e.message;
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : null;
  if (code && MESSAGES_OFFICE[code]) return MESSAGES_OFFICE[code];
  const detail = e instanceof Error ? e.message : String(e);
  return `Erreur inattendue${code ? ` (${code})` : ""} : ${detail}. Rien n'a été enregistré dans le document.`;
}
