/**
 * Reads a competence workbook (any writer: Excel, LibreOffice…) with the one streaming reader and
 * hands its values to the core. No rule here.
 */
import { ErreurUtilisateur } from "../../core/referential";
import { estClasseurCompetences, FEUILLES, lireDonneesCompetences } from "../../core/competences/classeur";
import type { DonneesCompetences } from "../../core/competences/besoins";
import type { Valeur } from "../../core/workbook-plan";
import { ClasseurLu } from "./lecture";

async function valeurs(lu: ClasseurLu, nom: string): Promise<Valeur[][] | null> {
  const f = lu.feuille(nom);
  return f ? (await lu.valeurs(f)).valeurs : null;
}

/** Is this package a competence workbook of ours? Never throws. */
export async function estFichierCompetences(octets: Uint8Array): Promise<boolean> {
  try {
    const lu = await ClasseurLu.ouvrir(octets, "classeur");
    return estClasseurCompetences(await valeurs(lu, FEUILLES.meta));
  } catch {
    return false;
  }
}

export async function lireClasseurCompetences(octets: Uint8Array, source: string): Promise<{ donnees: DonneesCompetences; anomalies: string[] }> {
  const lu = await ClasseurLu.ouvrir(octets, source);
  const meta = await valeurs(lu, FEUILLES.meta);
  if (!estClasseurCompetences(meta)) {
    throw new ErreurUtilisateur(`${source} n'est pas un classeur de compétences Qualité EPS : créez-le avec « qualite competences init ».`);
  }
  const grille = await valeurs(lu, FEUILLES.grille);
  if (!grille) throw new ErreurUtilisateur(`${source} : la feuille « ${FEUILLES.grille} » a disparu (renommée ou supprimée) ; rendez-lui son nom.`);
  const formations = (await valeurs(lu, FEUILLES.formations)) ?? [];
  return lireDonneesCompetences({ meta: meta!, grille, formations }, source);
}
