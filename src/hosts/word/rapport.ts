/**
 * The semester report in Word: built from a follow-up workbook (file adapters, in the pane), then
 * opened as a new document (Application.createDocument, WordApi 1.3): the document the user is
 * writing is never touched. No domain rule here.
 */
export interface ContexteNouveauDocument {
  readonly application: { createDocument(base64: string): { open(): void } };
  sync(): Promise<unknown>;
}

/** Bytes → base64, in slices (a report is a few hundred kilobytes; no spread of a huge array). */
export function enBase64(octets: Uint8Array): string {
  let binaire = "";
  for (let i = 0; i < octets.length; i += 0x8000) binaire += String.fromCharCode(...octets.subarray(i, i + 0x8000));
  return btoa(binaire);
}

/** Opens a .docx as a new Word document: one sync. */
export async function ouvrirNouveauDocument(context: ContexteNouveauDocument, octets: Uint8Array): Promise<void> {
  context.application.createDocument(enBase64(octets)).open();
  await context.sync();
}

/** The report of the follow-up workbook, for the semester its dashboard follows (or `periode`). */
export async function rapportDepuisClasseur(octets: Uint8Array, nom: string, o: { periode?: string; maintenant: string }): Promise<{ octets: Uint8Array; periode: string; etablissement: string; avertissements: string[] }> {
  const [{ ouvrirClasseur, valeursFeuille }, { suiviDuClasseur }, { planifierRapportSemestriel, MODELE_RAPPORT, VERSION_RAPPORT }, { ecrireDocx }, { FEUILLE_TDB }, { ErreurUtilisateur }] = await Promise.all([
    import("../xlsx/classeur"),
    import("../xlsx/suivi"),
    import("../../core/suivi/rapport"),
    import("../docx/document"),
    import("../../core/suivi/classeur"),
    import("../../core/referential"),
  ]);
  const wb = await ouvrirClasseur(octets, nom);
  const suivi = await suiviDuClasseur(wb);
  if (!suivi) throw new ErreurUtilisateur(`${nom} n'est pas un classeur de suivi Qualité EPS : créez-le avec « qualite suivi init », ou choisissez le bon fichier.`);
  const periode = (o.periode ?? String((await valeursFeuille(wb, FEUILLE_TDB))?.[2]?.[1] ?? "")).trim().toUpperCase();
  if (!/^\d{4}-S[12]$/.test(periode)) throw new ErreurUtilisateur(`${nom}, feuille « ${FEUILLE_TDB} », cellule B3 : « ${periode} » n'est pas un semestre (2026-S1 ou 2026-S2).`);
  const plan = planifierRapportSemestriel(suivi, periode, { maintenant: o.maintenant });
  return { octets: await ecrireDocx(plan, { modele: MODELE_RAPPORT, version: VERSION_RAPPORT, variables: { periode }, sections: {} }), periode, etablissement: suivi.etablissement, avertissements: plan.avertissements };
}
