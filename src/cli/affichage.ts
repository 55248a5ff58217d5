/** Plain-text rendering of results for the terminal (French, aligned columns). */
import type { Note, Resultats, ResultatNiveau } from "../core/scores";

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
    `Score global : ${nombre(r.global)} / 4 · Complétion : ${pourcent(r.completion)} (${r.evalues} critères notés, ${r.nc} NC, ${r.total} au total)`,
    ...tableau("Chapitres", r.chapitres),
    ...tableau("Thématiques", r.thematiques),
    "",
    r.imperatifsNonAtteints.length
      ? `Impératifs non atteints (${r.imperatifsNonAtteints.length}) :`
      : "Impératifs non atteints : aucun.",
    ...r.imperatifsNonAtteints.map((id) => `  ${id.padEnd(8)} ${nombre(criteres.get(id)!.score).padStart(5)}  ${couper(criteres.get(id)!.libelle, 80)}`),
  ];
  if (r.desaccords.length) {
    lignes.push("", `Désaccords entre évaluateurs à discuter (${r.desaccords.length}) :`);
    for (const id of r.desaccords) {
      const c = criteres.get(id)!;
      lignes.push(`  ${id.padEnd(8)} notes ${c.evaluateurs.map(nombre).join(" / ")} · écart ${nombre(c.ecart)}  ${couper(c.libelle, 60)}`);
    }
  }
  if (r.plusFaibles.length) {
    lignes.push("", "Critères les plus faibles :");
    for (const id of r.plusFaibles) lignes.push(`  ${id.padEnd(8)} ${nombre(criteres.get(id)!.score).padStart(5)}  ${couper(criteres.get(id)!.libelle, 80)}`);
  }
  if (r.anomalies.length) {
    lignes.push("", `Cellules à corriger (${r.anomalies.length}) :`);
    for (const a of r.anomalies.slice(0, 50)) lignes.push(`  ${a.feuille}!${a.cellule} : ${a.message}`);
    if (r.anomalies.length > 50) lignes.push(`  … et ${r.anomalies.length - 50} autres`);
  }
  return lignes.join("\n") + "\n";
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
