/** Plain-text rendering of results for the terminal (French, aligned columns). */
import type { Note, Resultats, ResultatNiveau } from "../core/scores";
import type { Consolidation } from "../core/consolidation";

/** « 12 345 », with a plain space (terminals). */
const entier = (n: number) => n.toLocaleString("fr-FR").replace(/\s/g, " ");
const nombre = (x: Note | null) => (x === null ? "—" : typeof x === "string" ? x : x.toFixed(2).replace(".", ","));
const pourcent = (x: number) => `${Math.round(x * 100)} %`;
const couper = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

function tableau(titre: string, niveaux: ResultatNiveau[]): string[] {
  return [
    "",
    titre,
    `  ${"Réf.".padEnd(6)} ${"Libellé".padEnd(48)} ${"Score".padStart(6)} ${"Évalués".padStart(8)} ${"NC".padStart(4)} ${"Complétion".padStart(11)}`,
    ...niveaux.map((n) => `  ${couper(n.id, 6)} ${couper(n.libelle, 48)} ${nombre(n.score).padStart(6)} ${`${n.evalues}/${n.total}`.padStart(8)} ${String(n.nc).padStart(4)} ${pourcent(n.completion).padStart(11)}`),
  ];
}

export function texteResultats(r: Resultats, entete: { source: string; titre: string; etablissement: string; periode: string }): string {
  const criteres = new Map(r.criteres.map((c) => [c.id, c]));
  const lignes = [
    `${entete.source} — ${entete.titre} (${r.referentiel.id} ${r.referentiel.version})`,
    `Établissement : ${entete.etablissement || "—"} · Période : ${entete.periode || "—"} · Consensus : ${r.consensus === "mediane" ? "médiane" : "moyenne"}`,
    "",
    `Score global : ${nombre(r.global)} / ${r.echelle.max} · Complétion : ${pourcent(r.completion)} (${r.evalues} critères notés, ${r.nc} NC${r.ri ? `, ${r.ri} RI (réponse impossible)` : ""}, ${r.total} au total)`,
    ...tableau("Chapitres", r.chapitres),
    ...tableau("Thématiques", r.thematiques),
    "",
    r.imperatifsNonAtteints.length
      ? `Impératifs non atteints (${r.imperatifsNonAtteints.length}) :`
      : "Impératifs non atteints : aucun.",
    ...r.imperatifsNonAtteints.map((id) => {
      const c = criteres.get(id)!;
      const ligne = `  ${id.padEnd(8)} ${nombre(c.score).padStart(5)}  ${couper(c.libelle, 80)}`;
      // Which evaluator gave which note: the group must agree on a « Note retenue ».
      return c.aDiscuter ? `${ligne}\n           non atteint — à discuter : ${notesParEvaluateur(r, c.evaluateurs)} ; saisir la note retenue après discussion` : ligne;
    }),
  ];
  if (r.desaccords.length) {
    lignes.push("", `Désaccords entre évaluateurs à discuter (${r.desaccords.length}) :`);
    for (const id of r.desaccords) {
      const c = criteres.get(id)!;
      lignes.push(`  ${id.padEnd(8)} ${notesParEvaluateur(r, c.evaluateurs)} · écart ${nombre(c.ecart)}  ${couper(c.libelle, 60)}`);
    }
  }
  if (r.plusFaibles.length) {
    lignes.push("", "Critères les plus faibles :");
    for (const id of r.plusFaibles) lignes.push(`  ${id.padEnd(8)} ${nombre(criteres.get(id)!.score).padStart(5)}  ${couper(criteres.get(id)!.libelle, 80)}`);
  }
  if (r.anomaliesTotal) {
    const tronque = r.anomaliesTotal > r.anomalies.length ? `, seules les ${entier(r.anomalies.length)} premières sont listées` : "";
    lignes.push("", `Cellules à corriger (${entier(r.anomaliesTotal)}${tronque}) :`);
    for (const a of r.anomalies.slice(0, 50)) lignes.push(`  ${a.feuille}!${a.cellule} : ${a.message}`);
    if (r.anomaliesTotal > 50) lignes.push(`  … et ${entier(r.anomaliesTotal - 50)} autres`);
  }
  return lignes.join("\n") + "\n";
}

/** « Amina 4, Youssef 4, Khadija 1 » (or « 4 / 4 / 1 » without names). */
function notesParEvaluateur(r: Resultats, notes: (Note | null)[]): string {
  const noms = r.evaluateurs;
  return notes.map((n, i) => (noms[i] ? `${noms[i]} ${nombre(n)}` : nombre(n))).join(", ");
}

/** The ranking for the terminal: mean, completion and unmet imperatives side by side. */
export function texteClassement(c: Consolidation): string {
  const lignes = [
    `Classement (complétion d'au moins ${pourcent(c.completionMin)}) :`,
    `  ${"Rang".padEnd(5)} ${"Établissement".padEnd(32)} ${"Score".padStart(6)} ${"Complétion".padStart(11)} ${"Impératifs non atteints".padStart(24)}`,
    ...c.classement.map((e) => `  ${String(e.rang).padEnd(5)} ${couper(e.etablissement, 32)} ${nombre(e.global).padStart(6)} ${pourcent(e.completion).padStart(11)} ${String(e.imperatifsNonAtteints).padStart(24)}`),
  ];
  if (c.horsClassement.length) lignes.push(`Hors classement (complétion insuffisante) : ${c.horsClassement.map((e) => `${e.etablissement} (${pourcent(e.completion)})`).join(", ")}`);
  if (c.tousImperatifs.part !== null) lignes.push(`Établissements atteignant tous les impératifs : ${c.tousImperatifs.n} sur ${c.etablissements.length} (${pourcent(c.tousImperatifs.part)})`);
  return lignes.join("\n") + "\n";
}

/** The JSON of `qualite consolider --json`: names already replaced by codes when anonymised. */
export function jsonConsolidation(c: Consolidation): unknown {
  return {
    referentiel: c.referentiel,
    anonymise: c.anonymise,
    global: c.global,
    tousImperatifs: c.tousImperatifs,
    thematiques: c.thematiques,
    chapitres: c.chapitres,
    completionMin: c.completionMin,
    classement: c.classement,
    horsClassement: c.horsClassement,
    imperatifs: c.imperatifs,
    progression: c.progression,
    fichiers: c.fichiers,
    etablissements: c.etablissements.map((e) => ({
      etablissement: e.etablissement,
      periode: e.periode,
      ...(e.campagne ? { campagne: e.campagne } : {}),
      fichier: e.fichier,
      global: e.resultats.global,
      completion: e.resultats.completion,
      tauxImperatifs: e.tauxImperatifs,
      thematiques: Object.fromEntries(e.resultats.thematiques.map((t) => [t.id, t.score])),
      imperatifsNonAtteints: e.resultats.imperatifsNonAtteints,
    })),
  };
}

/** The JSON of `qualite score --json`: scores rounded to 2 decimals, null where nothing is assessed. */
export function jsonResultats(r: Resultats): unknown {
  const ratio = (x: number) => Math.round(x * 10000) / 10000;
  const niveau = (n: ResultatNiveau) => ({ ...n, completion: ratio(n.completion) });
  return {
    ...r,
    completion: ratio(r.completion),
    chapitres: r.chapitres.map(niveau),
    thematiques: r.thematiques.map(niveau),
    objectifs: r.objectifs.map(niveau),
  };
}
