/**
 * The staff list a head of service exports from a spreadsheet: one person per line, with name,
 * job and service (and optionally the establishment). Comma, semicolon (French Excel) or tab,
 * UTF-8 with or without BOM. Every fault names the file, the line and the column.
 */
import { parse } from "csv-parse/sync";
import { ErreurUtilisateur } from "../referential";
import { cleTexte, metierNomme, type ReferentielCompetences } from "./referentiel";

export interface Personne {
  nom: string;
  /** Job id of the referential. */
  metier: string;
  service: string;
  etablissement: string;
}

/** Column headers accepted for each field, compared without accents, case nor punctuation. */
const ENTETES: Record<keyof Personne, string[]> = {
  nom: ["nom", "name", "nom prénom", "nom et prénom", "prénom nom", "personne"],
  metier: ["métier", "job", "fonction", "poste", "emploi"],
  service: ["service", "unité", "unite", "pôle"],
  etablissement: ["établissement", "eps", "etablissement", "structure"],
};
const OBLIGATOIRES: (keyof Personne)[] = ["nom", "metier", "service"];
export const PERSONNES_MAX = 5000;
const ERREURS_MAX = 20;

/** Reads the staff CSV; `etablissement` is used for lines whose establishment column is absent or empty. */
export function lirePersonnel(texte: string, r: ReferentielCompetences, o: { source: string; etablissement?: string }): Personne[] {
  const { source } = o;
  let lignes: { record: string[]; info: { lines: number } }[];
  try {
    lignes = parse(texte, { bom: true, delimiter: [";", ",", "\t"], relax_column_count: true, skip_empty_lines: true, trim: true, info: true }) as unknown as typeof lignes;
  } catch (e) {
    const err = e as { code?: string; lines?: number };
    const ou = err.lines ? `, ligne ${err.lines}` : "";
    const quoi = err.code === "CSV_QUOTE_NOT_CLOSED" ? "un guillemet ouvert n'est jamais fermé" : err.code === "CSV_INVALID_CLOSING_QUOTE" ? "un guillemet fermant est suivi d'autre chose qu'un séparateur" : "syntaxe CSV incorrecte";
    throw new ErreurUtilisateur(`${source}${ou} : ${quoi}.`);
  }
  const [entete, ...corps] = lignes;
  if (!entete) throw new ErreurUtilisateur(`${source} est vide : attendu une ligne d'en-tête (nom, métier, service) puis une ligne par personne.`);
  const index = new Map<keyof Personne, number>();
  entete.record.forEach((h, i) => {
    const cle = cleTexte(h);
    for (const [champ, noms] of Object.entries(ENTETES) as [keyof Personne, string[]][]) {
      if (!index.has(champ) && noms.some((n) => cleTexte(n) === cle)) index.set(champ, i);
    }
  });
  const manquantes = OBLIGATOIRES.filter((c) => !index.has(c));
  if (manquantes.length) {
    throw new ErreurUtilisateur(
      `${source}, ligne ${entete.info.lines} (en-tête) : colonne${manquantes.length > 1 ? "s" : ""} ${manquantes.map((c) => `« ${c === "metier" ? "métier" : c} »`).join(", ")} absente${manquantes.length > 1 ? "s" : ""}. En-tête lu : ${entete.record.join(" | ")}. Attendu au moins : nom, métier, service (et, au choix, établissement).`,
    );
  }
  if (corps.length > PERSONNES_MAX) throw new ErreurUtilisateur(`${source} compte ${corps.length} personnes, au-delà de ${PERSONNES_MAX} : découpez la liste par établissement.`);
  const fautes: string[] = [];
  const vus = new Map<string, number>();
  const personnes: Personne[] = [];
  const metiers = r.metiers.map((m) => m.libelle.fr).join(", ");
  for (const { record, info } of corps) {
    const ligne = info.lines;
    const cellule = (c: keyof Personne) => (index.has(c) ? (record[index.get(c)!] ?? "").trim() : "");
    const colonne = (c: keyof Personne) => `colonne ${index.get(c)! + 1} (« ${entete.record[index.get(c)!]} »)`;
    const nom = cellule("nom").replace(/\s+/g, " ");
    const metierTexte = cellule("metier");
    const service = cellule("service");
    const etablissement = cellule("etablissement") || o.etablissement?.trim() || "";
    if (!nom) fautes.push(`ligne ${ligne}, ${colonne("nom")} : nom vide`);
    else if (/^[=+\-@]/.test(nom)) fautes.push(`ligne ${ligne}, ${colonne("nom")} : « ${nom} » commence par ${nom[0]} (un tableur le lirait comme une formule)`);
    else if (/[;,]/.test(nom)) fautes.push(`ligne ${ligne}, ${colonne("nom")} : « ${nom} » contient « ; » ou « , », qui séparent les participants du registre des formations`);
    else if (/[*?~"]/.test(nom)) fautes.push(`ligne ${ligne}, ${colonne("nom")} : « ${nom} » contient * , ? , ~ ou ", que les formules du classeur liraient comme des jokers`);
    const metier = metierNomme(r, metierTexte);
    if (!metierTexte) fautes.push(`ligne ${ligne}, ${colonne("metier")} : métier vide`);
    else if (!metier) fautes.push(`ligne ${ligne}, ${colonne("metier")} : métier « ${metierTexte} » inconnu du référentiel ${r.id} (métiers : ${metiers})`);
    if (!service) fautes.push(`ligne ${ligne}, ${colonne("service")} : service vide`);
    const cle = cleTexte(nom);
    if (nom && vus.has(cle)) fautes.push(`ligne ${ligne}, ${colonne("nom")} : « ${nom} » figure déjà ligne ${vus.get(cle)} (distinguez les homonymes, par exemple par l'initiale du second prénom)`);
    else if (nom) vus.set(cle, ligne);
    if (fautes.length >= ERREURS_MAX) break;
    if (nom && metier && service) personnes.push({ nom, metier: metier.id, service, etablissement });
  }
  if (fautes.length) throw new ErreurUtilisateur(`${source} : la liste du personnel n'est pas utilisable.`, fautes);
  if (!personnes.length) throw new ErreurUtilisateur(`${source} ne contient aucune personne : attendu une ligne par personne après l'en-tête.`);
  return personnes;
}
