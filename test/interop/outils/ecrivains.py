#!/usr/bin/python3
"""Workbooks written by other programs, made at test time (nothing binary is committed).

  ecrivains.py openpyxl-reenregistre <entree.xlsx> <sortie.xlsx>   open and save with openpyxl
  ecrivains.py xlsxwriter-copie <entree.xlsx> <sortie.xlsx>        every sheet's values rewritten by xlsxwriter
  ecrivains.py xlsxwriter-graphique <sortie.xlsx>                  a user's workbook with a chart
  ecrivains.py xlsxwriter-macros <sortie.xlsm>                     the same with a VBA project (xlsxwriter's sample)
  ecrivains.py openpyxl-graphique <sortie.xlsx>                    a user's workbook with a chart, by openpyxl
  ecrivains.py libreoffice-tcd <sortie.xlsx> <profil>              a pivot table (DataPilot) made by LibreOffice through UNO
"""
import sys

DONNEES = [("Région", "Établissement", "Enfants", "Éducateurs"), ("Souss-Massa", "EPS Agadir", 42, 9), ("Souss-Massa", "EPS Taroudant", 35, 7),
           ("Marrakech-Safi", "EPS Marrakech", 51, 12), ("Tanger-Tétouan", "EPS Tanger", 38, 8), ("Casablanca-Settat", "EPS Anfa", 60, 14)]
VBA = "/usr/share/doc/python3-xlsxwriter/examples/vbaProject.bin"


def openpyxl_reenregistre(entree, sortie):
    import openpyxl
    wb = openpyxl.load_workbook(entree)
    wb.save(sortie)


def xlsxwriter_copie(entree, sortie):
    import openpyxl, xlsxwriter
    src = openpyxl.load_workbook(entree)
    wb = xlsxwriter.Workbook(sortie, {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False})
    for ws in src.worksheets:
        dst = wb.add_worksheet(ws.title)
        # xlsxwriter 3.0 (Debian 12) knows "hidden" only, not "veryHidden".
        if ws.sheet_state in ("hidden", "veryHidden"):
            dst.hide()
        for ligne in ws.iter_rows():
            for c in ligne:
                v = c.value
                if v is None:
                    continue
                if isinstance(v, str) and v.startswith("="):
                    dst.write_formula(c.row - 1, c.column - 1, v)
                elif isinstance(v, str):
                    dst.write_string(c.row - 1, c.column - 1, v)
                else:
                    dst.write(c.row - 1, c.column - 1, v)
    wb.close()


def _classeur_xlsxwriter(sortie, macros):
    import xlsxwriter
    wb = xlsxwriter.Workbook(sortie)
    ws = wb.add_worksheet("Effectifs")
    gras = wb.add_format({"bold": True, "bg_color": "#DDEBF7"})
    for r, ligne in enumerate(DONNEES):
        ws.write_row(r, 0, ligne, gras if r == 0 else None)
    ws.data_validation("A1:XFD1048576", {"validate": "any", "input_title": "Saisie", "input_message": "Données de l'association"})
    graphique = wb.add_chart({"type": "column"})
    graphique.add_series({"name": "Enfants", "categories": "=Effectifs!$B$2:$B$6", "values": "=Effectifs!$C$2:$C$6"})
    ws.insert_chart("F2", graphique)
    if macros:
        wb.add_vba_project(VBA)
        ws.insert_button("F20", {"macro": "say_hello", "caption": "Bonjour"})
    wb.close()


def openpyxl_graphique(sortie):
    import openpyxl
    from openpyxl.chart import BarChart, Reference
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Effectifs"
    for ligne in DONNEES:
        ws.append(ligne)
    ch = BarChart()
    ch.title = "Enfants accueillis"
    ch.add_data(Reference(ws, min_col=3, min_row=1, max_row=6), titles_from_data=True)
    ch.set_categories(Reference(ws, min_col=2, min_row=2, max_row=6))
    ws.add_chart(ch, "F2")
    wb.save(sortie)


def libreoffice_tcd(sortie, profil):
    import os, subprocess, time, uno
    from com.sun.star.beans import PropertyValue

    def pv(nom, valeur):
        p = PropertyValue()
        p.Name, p.Value = nom, valeur
        return p

    port = 20000 + os.getpid() % 10000
    proc = subprocess.Popen(["soffice", f"-env:UserInstallation=file://{profil}", "--headless", "--invisible", "--norestore", "--nologo",
                             f"--accept=socket,host=127.0.0.1,port={port};urp;"])
    try:
        local = uno.getComponentContext()
        resolveur = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(120):
            try:
                ctx = resolveur.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise SystemExit("LibreOffice ne répond pas")
        bureau = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = bureau.loadComponentFromURL("private:factory/scalc", "_blank", 0, (pv("Hidden", True),))
        donnees = doc.Sheets.getByIndex(0)
        donnees.Name = "Effectifs"
        donnees.getCellRangeByName("A1:D6").setDataArray(DONNEES)
        doc.Sheets.insertNewByName("Par région", 1)
        tables = donnees.getDataPilotTables()
        d = tables.createDataPilotDescriptor()
        d.setSourceRange(donnees.getCellRangeByName("A1:D6").getRangeAddress())
        champs = d.getDataPilotFields()
        champs.getByIndex(0).Orientation = uno.Enum("com.sun.star.sheet.DataPilotFieldOrientation", "ROW")
        somme = champs.getByIndex(2)
        somme.Orientation = uno.Enum("com.sun.star.sheet.DataPilotFieldOrientation", "DATA")
        somme.Function = uno.Enum("com.sun.star.sheet.GeneralFunction", "SUM")
        tables.insertNewByName("TCD", doc.Sheets.getByName("Par région").getCellRangeByName("A1").getCellAddress(), d)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(sortie)), (pv("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        try:
            bureau.terminate()
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    action, *args = sys.argv[1:]
    {
        "openpyxl-reenregistre": openpyxl_reenregistre,
        "xlsxwriter-copie": xlsxwriter_copie,
        "xlsxwriter-graphique": lambda s: _classeur_xlsxwriter(s, False),
        "xlsxwriter-macros": lambda s: _classeur_xlsxwriter(s, True),
        "openpyxl-graphique": openpyxl_graphique,
        "libreoffice-tcd": libreoffice_tcd,
    }[action](*args)
