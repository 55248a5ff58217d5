"""Fair baseline for the consolidation benchmark: the same figures, computed the same way, with
openpyxl (read_only=True) and pandas.

For each workbook: read the metadata sheet (establishment, period, grid sheet, note column) and
the grid's reference and note columns; then, as the core does (docs/scores.md):
- an element's note is a number 1-4, "NC" is excluded; a criterion scores the mean of its rows,
  rounded to 2 decimals (half away from zero, as Excel's ROUND);
- objective = weighted mean of its criteria, thematic = of its objectives, chapter = of its
  thematics, global = of its chapters, each rounded to 2 decimals;
- national figures per thematic and chapter: mean, population standard deviation, min, max of
  the establishments' scores, rounded to 2 decimals.
The referential's structure comes from its JSON file. Prints JSON on standard output:
{"etablissements": [{"etablissement", "periode", "global", "thematiques": {id: score}}],
 "thematiques": [{"id", "moyenne", "ecartType", "min", "max", "n"}], "chapitres": [...]}.
Usage: python3 pandas_consolider.py <folder> <referential.json>
"""
import glob
import json
import math
import sys
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pandas as pd

META = "QualiteEPS_meta"


def arrondi2(x):
    """ROUND(x, 2) as Excel computes it: decimal, half away from zero, on 15 significant digits."""
    return float(Decimal(repr(float(f"{x:.15g}"))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def moyenne_ponderee(enfants):
    notes = [(s, p) for s, p in enfants if s is not None]
    poids = sum(p for _, p in notes)
    return arrondi2(sum(s * p for s, p in notes) / poids) if poids > 0 else None


def structure(referentiel):
    """Row id -> criterion id, and the tree with weights."""
    ligne_vers_critere = {}
    for ch in referentiel["chapitres"]:
        for th in ch["thematiques"]:
            for ob in th["objectifs"]:
                for cr in ob["criteres"]:
                    for e in cr.get("elements") or [{"id": cr["id"]}]:
                        ligne_vers_critere[e["id"]] = cr["id"]
    return ligne_vers_critere


def lire_classeur(chemin, ligne_vers_critere):
    wb = openpyxl.load_workbook(chemin, read_only=True, data_only=True)
    meta = {}
    for ligne in wb[META].iter_rows(min_col=1, max_col=2, values_only=True):
        if ligne[0] is not None:
            meta[str(ligne[0])] = ligne[1]
    colonnes = str(meta["grille.colonnes"]).split(",")
    i_ref, i_note = colonnes.index("ref"), colonnes.index("note")
    lignes = []
    for ligne in wb[meta["grille.feuille"]].iter_rows(min_row=2, values_only=True):
        ref, note = ligne[i_ref], ligne[i_note]
        if ref is None or str(ref) not in ligne_vers_critere:
            continue
        lignes.append((ligne_vers_critere[str(ref)], note))
    wb.close()
    return meta, pd.DataFrame(lignes, columns=["critere", "note"])


def scores_etablissement(referentiel, notes):
    # Numbers only: "NC" and empty cells (None, or NaN once pandas made the column numeric) are left out.
    numeriques = notes.assign(note=pd.to_numeric(notes["note"], errors="coerce")).dropna(subset=["note"])
    par_critere = numeriques.groupby("critere")["note"].mean().map(arrondi2).to_dict()
    thematiques, chapitres = {}, []
    for ch in referentiel["chapitres"]:
        scores_th = []
        for th in ch["thematiques"]:
            scores_ob = []
            for ob in th["objectifs"]:
                scores_ob.append((moyenne_ponderee([(par_critere.get(cr["id"]), cr.get("poids", 1)) for cr in ob["criteres"]]), ob.get("poids", 1)))
            thematiques[th["id"]] = moyenne_ponderee(scores_ob)
            scores_th.append((thematiques[th["id"]], th.get("poids", 1)))
        chapitres.append((ch["id"], moyenne_ponderee(scores_th), ch.get("poids", 1)))
    return thematiques, {c: s for c, s, _ in chapitres}, moyenne_ponderee([(s, p) for _, s, p in chapitres])


def statistiques(colonne):
    xs = [x for x in colonne if x is not None and not (isinstance(x, float) and math.isnan(x))]
    if not xs:
        return {"moyenne": None, "ecartType": None, "min": None, "max": None, "n": 0}
    m = sum(xs) / len(xs)
    variance = sum((x - m) ** 2 for x in xs) / len(xs)
    # Math.round(x * 100) / 100, as the core rounds national figures.
    arrondi = lambda x: math.floor(x * 100 + 0.5) / 100  # noqa: E731
    return {"moyenne": arrondi(m), "ecartType": arrondi(math.sqrt(variance)), "min": min(xs), "max": max(xs), "n": len(xs)}


def principal(dossier, chemin_referentiel):
    with open(chemin_referentiel, encoding="utf-8") as f:
        referentiel = json.load(f)
    ligne_vers_critere = structure(referentiel)
    etablissements, lignes_th, lignes_ch = [], [], []
    for chemin in sorted(glob.glob(f"{dossier}/*.xlsx")):
        meta, notes = lire_classeur(chemin, ligne_vers_critere)
        thematiques, chapitres, global_ = scores_etablissement(referentiel, notes)
        etablissements.append({"etablissement": meta["etablissement"], "periode": str(meta["periode"]), "global": global_, "thematiques": thematiques})
        lignes_th.append(thematiques)
        lignes_ch.append(chapitres)
    matrice_th, matrice_ch = pd.DataFrame(lignes_th), pd.DataFrame(lignes_ch)
    print(json.dumps({
        "etablissements": etablissements,
        "thematiques": [{"id": c, **statistiques(matrice_th[c].tolist())} for c in matrice_th.columns],
        "chapitres": [{"id": c, **statistiques(matrice_ch[c].tolist())} for c in matrice_ch.columns],
    }, ensure_ascii=False))


if __name__ == "__main__":
    principal(sys.argv[1], sys.argv[2])
