/**
 * Where the Word pane keeps the answers being typed, one draft per template, so that nothing is
 * lost on reload, on closing the pane or on changing the template:
 * - in Office, in the document itself (add-in settings, saved with the document);
 * - in file mode, in the browser's storage (localStorage: it stays on this computer).
 * Drafts are checked against their template when read back, like any imported answers.
 */
import { verifierReponses, type ReponsesDocument } from "../../core/pe/document";
import type { ModeleDocument } from "../../core/pe/modele";
import { ErreurUtilisateur } from "../../core/referential";

export interface Coffre {
  lire(cle: string): string | null;
  ecrire(cle: string, valeur: string): Promise<void>;
}

const PREFIXE = "qualite-eps.brouillon.";
export const CLE_MODELE = "qualite-eps.modele";
export const cleBrouillon = (modele: string) => `${PREFIXE}${modele}`;

/** The browser's storage (file mode). A full storage is said in French. */
export function coffreNavigateur(stockage: Storage): Coffre {
  return {
    lire: (cle) => {
      try {
        return stockage.getItem(cle);
      } catch {
        return null;
      }
    },
    ecrire: async (cle, valeur) => {
      try {
        stockage.setItem(cle, valeur);
      } catch {
        throw new ErreurUtilisateur("Le navigateur n'a plus de place pour garder vos réponses : exportez-les (« Exporter les réponses ») ou téléchargez le document pour ne rien perdre.");
      }
    },
  };
}

/** The document's add-in settings (Office): kept in the document when it is saved. */
export interface ReglagesOffice {
  get(nom: string): unknown;
  set(nom: string, valeur: unknown): void;
  saveAsync(rappel?: (r: { status: string; error?: { message: string } }) => void): void;
}

export function coffreDocument(reglages: ReglagesOffice): Coffre {
  return {
    lire: (cle) => {
      const v = reglages.get(cle);
      return typeof v === "string" ? v : null;
    },
    ecrire: (cle, valeur) =>
      new Promise((ok, ko) => {
        reglages.set(cle, valeur);
        reglages.saveAsync((r) => (r.status === "succeeded" ? ok() : ko(new ErreurUtilisateur("Word n'a pas pu garder vos réponses dans le document : enregistrez le document, puis recommencez."))));
      }),
  };
}

export interface Brouillon {
  reponses: ReponsesDocument;
  enregistreLe: string;
}

/** The draft of a template, checked against it; null when there is none or it is unreadable. */
export function lireBrouillon(coffre: Coffre, m: ModeleDocument): Brouillon | null {
  const texte = coffre.lire(cleBrouillon(m.id));
  if (!texte) return null;
  try {
    const b = JSON.parse(texte) as { reponses?: unknown; enregistreLe?: unknown };
    return { reponses: verifierReponses(m, b.reponses).reponses, enregistreLe: typeof b.enregistreLe === "string" ? b.enregistreLe : "" };
  } catch {
    return null;
  }
}

export async function ecrireBrouillon(coffre: Coffre, reponses: ReponsesDocument, maintenant = new Date().toISOString()): Promise<void> {
  await coffre.ecrire(cleBrouillon(reponses.modele), JSON.stringify({ reponses, enregistreLe: maintenant }));
  if (coffre.lire(CLE_MODELE) !== reponses.modele) await coffre.ecrire(CLE_MODELE, reponses.modele);
}

/** Whether answers hold anything typed (an empty draft is not worth a confirmation). */
export function contientSaisie(r: ReponsesDocument): boolean {
  const plein = (v: unknown) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
  return Object.values(r.variables).some(plein) || Object.values(r.sections).some((s) => s.manuel === true || Object.values(s.champs ?? {}).some(plein));
}
