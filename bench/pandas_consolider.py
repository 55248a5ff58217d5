"""Baseline for the consolidation benchmark: the same reading and averaging with pandas + openpyxl.

For each workbook: read the grid sheet, keep numeric notes, average them per thematic, then the
national mean per thematic. Usage: python3 pandas_consolider.py <folder>
"""
import glob
import json
import sys
import time

import pandas as pd

debut = time.perf_counter()
lignes = []
for chemin in sorted(glob.glob(f"{sys.argv[1]}/*.xlsx")):
    grille = pd.read_excel(chemin, sheet_name="Grille qualité", engine="openpyxl")
    notes = pd.to_numeric(grille["Note"], errors="coerce")
    grille = grille.assign(note=notes).dropna(subset=["note"])
    par_thematique = grille.groupby(grille["Thématique"].str.split(" ").str[0])["note"].mean()
    lignes.append(par_thematique)
matrice = pd.DataFrame(lignes)
nationale = matrice.mean()
print(json.dumps({"fichiers": len(lignes), "secondes": round(time.perf_counter() - debut, 2), "nationale": nationale.round(2).to_dict()}))
