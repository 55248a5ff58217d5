/** Blocks of the capitalisation report, computed from a consolidation. */
import { fichiersEcartes, type Consolidation } from "../consolidation";
import type { Bloc } from "./document";
import { couperLibelle } from "../mesure-texte";

const note = (x: number | null) => (x === null ? "—" : x.toFixed(2).replace(".", ","));
const pourcent = (x: number) => `${Math.round(x * 100)} %`;

export function blocsConsolidation(sectionId: string, c: Consolidation): Bloc[] {
  const n = c.etablissements.length;
  const { min, max } = c.echelle;
  const tous = c.tousImperatifs.part === null ? "" : ` Établissements atteignant tous les critères impératifs : ${c.tousImperatifs.n} sur ${n} (${pourcent(c.tousImperatifs.part)}).`;
  switch (sectionId) {
    case "synthese":
      return [
        {
          type: "paragraphe",
          texte: `${n} établissements évalués sur le référentiel ${c.referentiel.id} ${c.referentiel.version} (${c.referentiel.titre}). Score moyen ${note(c.global.moyenne)} sur ${max} (écart-type ${note(c.global.ecartType)}, de ${note(c.global.min)} à ${note(c.global.max)}).${tous}`,
        },
        { type: "radar", titre: "Moyenne nationale par thématique", categories: c.thematiques.map((t) => couperLibelle(t.libelle, 22)), valeurs: c.thematiques.map((t) => t.moyenne), nomSerie: "Moyenne nationale", min, max },
        { type: "tableau", entetes: ["Thématique", "Moyenne", "Écart-type", "Min", "Max"], lignes: c.thematiques.map((t) => [`${t.id} ${t.libelle}`, note(t.moyenne), note(t.ecartType), note(t.min), note(t.max)]) },
      ];
    case "forces": {
      const tries = c.objectifs.filter((o) => o.moyenne !== null).sort((a, b) => b.moyenne! - a.moyenne!).slice(0, 5);
      return tries.length ? [{ type: "liste", elements: tries.map((o) => `${o.id} ${o.libelle} : ${note(o.moyenne)}`) }] : [{ type: "paragraphe", texte: "Aucun objectif évalué." }];
    }
    case "ecarts": {
      const faibles = c.objectifs.filter((o) => o.moyenne !== null).sort((a, b) => a.moyenne! - b.moyenne!).slice(0, 5);
      const disperses = c.objectifs.filter((o) => o.ecartType !== null && o.n > 1).sort((a, b) => b.ecartType! - a.ecartType!).slice(0, 3);
      return [
        { type: "titre", niveau: 3, texte: "Objectifs les plus faibles" },
        { type: "liste", elements: faibles.map((o) => `${o.id} ${o.libelle} : ${note(o.moyenne)}`) },
        { type: "titre", niveau: 3, texte: "Objectifs où les établissements divergent le plus" },
        { type: "liste", elements: disperses.map((o) => `${o.id} ${o.libelle} : écart-type ${note(o.ecartType)}`) },
      ];
    }
    case "imperatifs": {
      const manques = c.imperatifs.filter((i) => i.nonAtteints > 0);
      return manques.length
        ? [{ type: "tableau", entetes: ["Impératif", "Établissements qui ne l'atteignent pas", "Part"], lignes: manques.map((i) => [`${i.id} ${i.libelle}`, String(i.nonAtteints), pourcent(n ? i.nonAtteints / n : 0)]) }]
        : [{ type: "paragraphe", texte: "Tous les impératifs évalués sont atteints partout." }];
    }
    case "etablissements":
      return [
        {
          type: "tableau",
          entetes: ["Rang", "Établissement", "Période", "Score global", "Complétion", "Impératifs non atteints", "Impératifs atteints"],
          lignes: c.classement.map((r) => [String(r.rang), r.etablissement, r.periode, note(r.global), pourcent(r.completion), String(r.imperatifsNonAtteints), r.tauxImperatifs === null ? "—" : pourcent(r.tauxImperatifs)]),
        },
        ...(c.horsClassement.length
          ? [
              {
                type: "paragraphe" as const,
                texte: `Hors classement, faute d'une complétion d'au moins ${pourcent(c.completionMin)} : ${c.horsClassement.map((e) => `${e.etablissement} (${pourcent(e.completion)})`).join(", ")}.`,
              },
            ]
          : []),
        ...(c.progression.length
          ? [
              { type: "titre" as const, niveau: 3 as const, texte: "Progression depuis l'évaluation précédente" },
              { type: "tableau" as const, entetes: ["Établissement", "Périodes", "Global avant", "Global après"], lignes: c.progression.map((p) => [p.etablissement, `${p.avant} → ${p.apres}`, note(p.global.avant), note(p.global.apres)]) },
            ]
          : []),
      ];
    case "methode": {
      const refuses = fichiersEcartes(c);
      return [
        {
          type: "paragraphe",
          texte:
            `Notes de ${min} à ${max}, « non concerné » et « réponse impossible » exclus des moyennes ; chaque niveau est la moyenne pondérée des scores arrondis des niveaux qu'il contient ; ` +
            `la moyenne nationale est la moyenne des moyennes des établissements (chacun pèse autant). Le classement ne retient que les établissements dont la complétion atteint ${pourcent(c.completionMin)}. ` +
            `${c.anonymise ? "Les établissements sont désignés par des codes (EPS-01…). " : ""}${pluriel(c.fichiers.length, "fichier lu", "fichiers lus")}, ${pluriel(n, "établissement retenu", "établissements retenus")}, ${pluriel(refuses.length, "fichier écarté", "fichiers écartés")}.`,
        },
        ...(refuses.length ? [{ type: "tableau" as const, entetes: ["Fichier", "Raison"], lignes: refuses.map((f) => [f.fichier, f.raison]) }] : []),
      ];
    }
    default:
      return [];
  }
}

/** « 1 fichier écarté », « 0 fichier écarté », « 3 fichiers écartés » (French: the plural from 2). */
function pluriel(n: number, un: string, plusieurs: string): string {
  return `${n} ${n >= 2 ? plusieurs : un}`;
}
