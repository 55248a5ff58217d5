/**
 * The follow-up part of `qualite consolider`, kept apart from the assessments' pipeline: which
 * files are follow-up workbooks, the national follow-up, its sheet, its report section and the
 * tidy CSV. main.ts calls it at four points (reading, workbook, report, CSV).
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Consolidation } from "../core/consolidation";
import type { DocumentPlan } from "../core/pe/document";
import { ErreurUtilisateur } from "../core/erreur-utilisateur";
import { FEUILLE_META, FEUILLE_META_SUIVI } from "../core/metadata";
import { COLONNES_CSV, consoliderSuivis, enCsv, libellesCsv, lignesCsv, regionSuiviNational, type SourceSuivi, type SuiviNational } from "../core/suivi/national";
import { ClasseurLu, TAILLE_MAX_OCTETS } from "../hosts/xlsx/lecture";

export interface SuivisLus {
  sources: SourceSuivi[];
  /** Names of follow-up workbooks without an assessment grid: left out of the assessments. */
  seuls: Set<string>;
  refuses: { fichier: string; raison: string }[];
}

/** Reads the follow-up workbooks among the candidates; one bad file only costs itself. */
export async function lireSuivis(fichiers: { chemin: string; nom: string }[]): Promise<SuivisLus> {
  const out: SuivisLus = { sources: [], seuls: new Set(), refuses: [] };
  if (!fichiers.length) return out;
  // The follow-up workbook's reader (and ExcelJS behind it) only when there is one to read.
  const { suiviDuPaquet } = await import("../hosts/xlsx/suivi");
  for (const f of fichiers) {
    try {
      if (statSync(f.chemin).size > TAILLE_MAX_OCTETS) continue;
      const lu = await ClasseurLu.ouvrir(new Uint8Array(readFileSync(f.chemin)), f.nom);
      if (!lu.feuille(FEUILLE_META_SUIVI)) continue;
      if (!lu.feuille(FEUILLE_META)) out.seuls.add(f.nom);
      const suivi = await suiviDuPaquet(lu, f.nom);
      if (suivi) out.sources.push({ fichier: f.nom, suivi });
    } catch (e) {
      // Unreadable packages are reported by the assessments' pipeline; a follow-up's own faults here.
      if (e instanceof ErreurUtilisateur && /suivi|Indicateurs/.test(e.message)) out.refuses.push({ fichier: f.nom, raison: e.message.replace(`${f.nom} : `, "") });
    }
  }
  return out;
}

/**
 * With --anonymiser, an establishment gets the code its assessment gets (EPS-01…, alphabetical
 * order of the names the consolidation codes, as `anonymiser` does); one with a follow-up only,
 * SUIVI-01….
 */
export function codesAnonymes(c: Consolidation | null, suivis: SourceSuivi[]): (etablissement: string) => string {
  const noms = [...new Set([...(c?.etablissements.map((e) => e.etablissement) ?? []), ...(c?.fichiers.map((f) => f.etablissement.trim()) ?? [])].filter(Boolean))].sort((a, b) => a.localeCompare(b, "fr"));
  const largeur = Math.max(2, String(noms.length).length);
  const codes = new Map(noms.map((n, i) => [n.toLocaleLowerCase("fr"), `EPS-${String(i + 1).padStart(largeur, "0")}`]));
  const autres = [...new Set(suivis.map((s) => s.suivi.etablissement.trim()).filter((n) => n && !codes.has(n.toLocaleLowerCase("fr"))))].sort((a, b) => a.localeCompare(b, "fr"));
  autres.forEach((n, i) => codes.set(n.toLocaleLowerCase("fr"), `SUIVI-${String(i + 1).padStart(2, "0")}`));
  return (nom) => codes.get(nom.trim().toLocaleLowerCase("fr")) ?? "EPS-?";
}

/** `c` is the consolidation before anonymisation: its names give the codes. */
export function suiviNational(lus: SuivisLus, c: Consolidation | null, anonymiser: boolean, maintenant = new Date()): SuiviNational | null {
  if (!lus.sources.length) return null;
  const code = anonymiser ? codesAnonymes(c, lus.sources) : null;
  const defaut = `${maintenant.getFullYear()}-S${maintenant.getMonth() < 6 ? 1 : 2}`;
  return consoliderSuivis(lus.sources, { defaut, nom: (e, f) => (code ? code(e) : e || basename(f)) });
}

/** The follow-up section goes before the recommendations of the capitalisation report. */
export function ajouterAuRapport(plan: DocumentPlan, n: SuiviNational): void {
  const i = plan.regions.findIndex((r) => r.sectionId === "recommandations");
  plan.regions.splice(i < 0 ? plan.regions.length : i, 0, regionSuiviNational(n, plan.modele.id));
}

/** `--format csv`: the tidy table and its labels (« <nom>-libelles.csv »), as bytes. */
export function csvConsolidation(c: Consolidation | null, n: SuiviNational | null): { donnees: Uint8Array; libelles: Uint8Array } {
  const enc = new TextEncoder();
  return {
    donnees: enc.encode(enCsv(COLONNES_CSV, lignesCsv(c, n))),
    libelles: enc.encode(enCsv(["niveau", "id", "libelle", "unite"], libellesCsv(c, n))),
  };
}

export const cheminLibelles = (out: string) => out.replace(/\.csv$/i, "-libelles.csv");

/** Is this file a tidy table we wrote (its header says so)? */
export async function estNotreCsv(octets: Uint8Array): Promise<boolean> {
  return new TextDecoder().decode(octets.slice(0, 200)).replace(/^\uFEFF/, "").startsWith(COLONNES_CSV.join(",")) || new TextDecoder().decode(octets.slice(0, 200)).replace(/^\uFEFF/, "").startsWith("niveau,id,libelle,unite");
}
