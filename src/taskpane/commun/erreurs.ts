/**
 * Turns any failure into a French message for the pane. Office errors are recognised by their
 * `code` (stable), never by their `message` (localised, technical).
 */
import { ErreurUtilisateur } from "../../core/erreur-utilisateur";

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

/** What a pane shows for an error: the French message, and the technical detail for « Détails ». */
export interface ErreurVolet {
  message: string;
  details: string | null;
}

/** The technical detail of an error: its code, Office's debug information, its stack. */
function detailTechnique(e: unknown): string {
  if (!(e instanceof Error)) return typeof e === "object" && e !== null ? JSON.stringify(e, null, 2) ?? String(e) : String(e);
  const office = e as Error & { code?: unknown; debugInfo?: unknown };
  return [
    office.code !== undefined ? `code : ${String(office.code)}` : null,
    office.debugInfo !== undefined ? `debugInfo : ${JSON.stringify(office.debugInfo)}` : null,
    e.stack ?? `${e.name}: ${e.message}`,
  ]
    .filter(Boolean)
    .join("\n");
}

/**
 * The one way a pane turns a failure into words. `operation` names what was being done (and the
 * file, « Ouverture de x.docx… »); a foreseen refusal is shown as it is, an Office error by its
 * code, anything else as an unexpected error in French, the engine's detail kept for « Détails ».
 */
export function erreurVolet(e: unknown, operation?: string): ErreurVolet {
  if (e instanceof ErreurUtilisateur) return { message: e.message, details: null };
  const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : null;
  if (code && MESSAGES_OFFICE[code]) return { message: MESSAGES_OFFICE[code], details: detailTechnique(e) };
  const pendant = operation ? ` pendant « ${operation.replace(/…$/, "")} »` : "";
  const memoire = e instanceof RangeError && /allocation|length|call stack/i.test(e.message);
  const cause = memoire ? "le fichier est trop volumineux ou trop imbriqué pour la mémoire du navigateur" : `défaut interne de Qualité EPS${code ? ` (code ${code})` : ""}`;
  return { message: `Erreur inattendue${pendant} : ${cause}. Rien n'a été enregistré dans le document.`, details: detailTechnique(e) };
}

/** The message alone (the detail goes to « Détails »). */
export function messageErreur(e: unknown, operation?: string): string {
  return erreurVolet(e, operation).message;
}
