/**
 * Competences: the referential format and competences-eps, the staff CSV, the core rules (level
 * taken into account, gaps, needs by job and service, priorities, people trained in the quality
 * approach), the training plan and the national consolidation.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { referentielCompetencesLivre } from "../../src/core/competences/catalogue";
import { chargerReferentielCompetences, competencesAplaties, competencesQualite, metierNomme, referentielCompetencesSchema } from "../../src/core/competences/referentiel";
import { lirePersonnel, type Personne } from "../../src/core/competences/personnel";
import { analyser, formeDemarcheQualite, niveauPrisEnCompte, type DonneesCompetences, type Formation, type Positionnement } from "../../src/core/competences/besoins";
import { moisPlus, planifierPlanFormation, sessionsProposees } from "../../src/core/competences/plan-formation";
import { consoliderCompetences } from "../../src/core/competences/consolidation";
import { ErreurUtilisateur } from "../../src/core/referential";

const ref = referentielCompetencesLivre("competences-eps");
const FICHIER = join(__dirname, "..", "..", "templates", "competences", "competences-eps.json");
const brut = () => JSON.parse(readFileSync(FICHIER, "utf8"));

function erreur(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ErreurUtilisateur);
    return (e as Error).message;
  }
  throw new Error("aucune erreur");
}

describe("référentiel de compétences", () => {
  it("competences-eps : six métiers, six domaines dont la démarche qualité, un niveau requis de 1 à 4 pour chaque métier", () => {
    expect(ref.metiers.map((m) => m.id)).toEqual(["mere-sos", "tante-sos", "educateur", "animateur", "chef-service", "directeur"]);
    expect(ref.domaines.map((d) => d.libelle.fr)).toEqual([
      "Protection de l'enfance et bientraitance",
      "Attachement et soins du quotidien",
      "Participation des enfants et des jeunes",
      "Travail avec les familles et les partenaires",
      "Démarche qualité et projet d'établissement",
      "Travail en équipe et transmissions",
    ]);
    expect(competencesQualite(ref)).toEqual(["C5.1", "C5.2", "C5.3"]);
    for (const { competence } of competencesAplaties(ref)) {
      expect(Object.keys(competence.niveauxRequis).sort()).toEqual(ref.metiers.map((m) => m.id).sort());
      expect(competence.indicateurs.length).toBeGreaterThanOrEqual(2);
    }
    // A mère SOS is expected to master daily care; a director to lead the quality approach.
    const c = (id: string) => competencesAplaties(ref).find((x) => x.competence.id === id)!.competence;
    expect(c("C2.2").niveauxRequis["mere-sos"]).toBe(4);
    expect(c("C5.3").niveauxRequis.directeur).toBe(4);
  });

  it("competences-eps : chaque titre, métier, niveau, domaine, compétence et indicateur a son texte arabe", () => {
    const arabe = /[\u0600-\u06FF]/;
    const sans: string[] = [];
    const v = (ou: string, l: { ar?: string } | undefined) => {
      if (!l?.ar || !arabe.test(l.ar)) sans.push(ou);
    };
    v("titre", ref.titre);
    v("description", ref.description);
    for (const [k, l] of Object.entries(ref.echelle)) v(`niveau ${k}`, l);
    for (const m of ref.metiers) v(`métier ${m.id}`, m.libelle);
    for (const d of ref.domaines) {
      v(`domaine ${d.id}`, d.libelle);
      for (const c of d.competences) {
        v(`compétence ${c.id}`, c.libelle);
        c.indicateurs.forEach((i, k) => v(`${c.id} indicateur ${k + 1}`, i));
      }
    }
    expect(sans).toEqual([]);
  });

  it("un référentiel faux est refusé en français, chemin à l'appui", () => {
    const d = brut();
    d.domaines[1].competences[0].niveauxRequis.educateur = 5;
    delete d.domaines[2].competences[1].niveauxRequis.animateur;
    d.domaines[3].competences[0].niveauxRequis.cuisinier = 2;
    expect(erreur(() => chargerReferentielCompetences(d))).toMatch(/domaines\[1\]\.competences\[0\]\.niveauxRequis\.educateur : niveau de 1 à 4/);
    d.domaines[1].competences[0].niveauxRequis.educateur = 3;
    const m = erreur(() => chargerReferentielCompetences(d));
    expect(m).toMatch(/domaines\[2\]\.competences\[1\]\.niveauxRequis : le niveau requis du métier « animateur » manque/);
    expect(m).toMatch(/domaines\[3\]\.competences\[0\]\.niveauxRequis\.cuisinier : métier inconnu/);
    const e = brut();
    e.domaines[0].competences[1].id = "C1.1";
    e.domaines[4].demarcheQualite = false;
    e.domaines[0].competences[0].indicateurs = [];
    expect(erreur(() => chargerReferentielCompetences(e))).toMatch(/domaines\[0\]\.competences\[0\]\.indicateurs : une compétence a au moins un indicateur observable/);
    e.domaines[0].competences[0].indicateurs = [{ fr: "x" }];
    const m2 = erreur(() => chargerReferentielCompetences(e));
    expect(m2).toMatch(/domaines\[0\]\.competences\[1\]\.id : l'identifiant « C1\.1 » est déjà utilisé en domaines\[0\]\.competences\[0\]/);
    expect(m2).toMatch(/aucun domaine n'est marqué « demarcheQualite »/);
  });

  it("le schéma JSON publié est celui du code, et ajv accepte competences-eps", () => {
    const fichier = join(FICHIER, "..", "competences.schema.json");
    const attendu = JSON.stringify({ ...z.toJSONSchema(referentielCompetencesSchema, { io: "input" }), title: "Référentiel de compétences Qualité EPS" }, null, 2) + "\n";
    if (process.env.QUALITE_MAJ_SCHEMA) writeFileSync(fichier, attendu);
    expect(readFileSync(fichier, "utf8")).toBe(attendu);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv2020 = require("ajv/dist/2020").default;
    const valider = new Ajv2020({ strict: false }).compile(JSON.parse(attendu));
    expect(valider(brut())).toBe(true);
    const d = brut();
    d.domaines[0].competences[0].niveauxRequis["mere-sos"] = 7;
    expect(valider(d)).toBe(false);
  });

  it("les métiers se reconnaissent par leur nom, accents et casse à part", () => {
    expect(metierNomme(ref, "Éducatrice")?.id).toBe("educateur");
    expect(metierNomme(ref, "MERE SOS")?.id).toBe("mere-sos");
    expect(metierNomme(ref, "chef·fe de service")?.id).toBe("chef-service");
    expect(metierNomme(ref, "Directrice")?.id).toBe("directeur");
    expect(metierNomme(ref, "cuisinier")).toBeNull();
  });
});

describe("liste du personnel (CSV)", () => {
  it("lit point-virgule (Excel en français), virgule ou tabulation, avec BOM et guillemets ; établissement par défaut", () => {
    const attendu = [
      { nom: "Amina Benali", metier: "mere-sos", service: "Village 1", etablissement: "EPS Agadir" },
      { nom: "Youssef El Idrissi", metier: "educateur", service: "Foyer des jeunes", etablissement: "EPS Agadir" },
    ];
    expect(lirePersonnel('\ufeffNom;Fonction;Service\nAmina Benali;Mère SOS;Village 1\n"Youssef El Idrissi";Éducateur;"Foyer des jeunes"\n', ref, { source: "e.csv", etablissement: "EPS Agadir" })).toEqual(attendu);
    expect(lirePersonnel("nom,métier,service\r\nAmina Benali,mere-sos,Village 1\r\n\r\nYoussef El Idrissi,éducatrice,Foyer des jeunes\r\n", ref, { source: "e.csv", etablissement: "EPS Agadir" })).toEqual(attendu);
    expect(lirePersonnel("Service\tNom\tMétier\tÉtablissement\nVillage 1\tAmina Benali\tMère SOS\tEPS Tanger\n", ref, { source: "e.csv", etablissement: "EPS Agadir" })).toEqual([{ ...attendu[0], etablissement: "EPS Tanger" }]);
  });

  it("un CSV faux est refusé en nommant le fichier, la ligne et la colonne", () => {
    expect(erreur(() => lirePersonnel("nom;service\nA;B\n", ref, { source: "equipe.csv" }))).toMatch(/^equipe\.csv, ligne 1 \(en-tête\) : colonnes? « métier » absente/);
    const m = erreur(() => lirePersonnel("nom;métier;service\nAmina;Mère SOS;V1\n;Éducateur;V1\nSaid;cuisinier;V2\nAMINA;Tante SOS;\n=SOMME(A1);Mère SOS;V1\n", ref, { source: "equipe.csv" }));
    expect(m).toMatch(/^equipe\.csv : la liste du personnel n'est pas utilisable\./);
    expect(m).toMatch(/ligne 3, colonne 1 \(« nom »\) : nom vide/);
    expect(m).toMatch(/ligne 4, colonne 2 \(« métier »\) : métier « cuisinier » inconnu du référentiel competences-eps \(métiers : Mère SOS, Tante SOS/);
    expect(m).toMatch(/ligne 5, colonne 3 \(« service »\) : service vide/);
    expect(m).toMatch(/ligne 5, colonne 1 \(« nom »\) : « AMINA » figure déjà ligne 2/);
    expect(m).toMatch(/ligne 6, colonne 1 \(« nom »\) : « =SOMME\(A1\) » commence par =/);
    expect(erreur(() => lirePersonnel("nom;métier;service\nAmina*;Mère SOS;V1\n", ref, { source: "e.csv" }))).toMatch(/ligne 2, colonne 1 \(« nom »\) : « Amina\* » contient \* , \? , ~ ou ", que les formules du classeur liraient comme des jokers/);
    expect(erreur(() => lirePersonnel('nom;métier;service\n"Amina;Mère SOS;V1\n', ref, { source: "equipe.csv" }))).toMatch(/^equipe\.csv, ligne \d : un guillemet ouvert n'est jamais fermé\.$/);
    expect(erreur(() => lirePersonnel("", ref, { source: "vide.csv" }))).toMatch(/vide\.csv est vide/);
    expect(erreur(() => lirePersonnel("nom;métier;service\n", ref, { source: "e.csv" }))).toMatch(/ne contient aucune personne/);
  });
});

const P = (nom: string, metier: string, service = "S1", etablissement = "EPS A"): Personne => ({ nom, metier, service, etablissement });
const pos = (nom: string, competence: string, auto: number | null, manager: number | null, retenu: number | null = null): Positionnement => ({ nom, competence, auto, manager, retenu });
const formation = (participants: string, competences: string): Formation => ({ titre: "F", debut: null, fin: null, formateur: "", participants, competences });

describe("règles", () => {
  it("niveau pris en compte : le retenu, sinon celui du responsable ; l'auto-évaluation seule ne compte pas ; hors 1–4 ignoré", () => {
    expect(niveauPrisEnCompte({ manager: 2, retenu: 3 })).toBe(3);
    expect(niveauPrisEnCompte({ manager: 2, retenu: null })).toBe(2);
    expect(niveauPrisEnCompte({ manager: null, retenu: null })).toBeNull();
    expect(niveauPrisEnCompte({ manager: 2, retenu: 5 })).toBe(2);
    expect(niveauPrisEnCompte({ manager: 2.5, retenu: null })).toBeNull();
  });

  it("écarts, besoins par métier et par service, priorités triées par écart puis par ordre du référentiel", () => {
    const d: DonneesCompetences = {
      referentiel: ref,
      etablissement: "EPS A",
      periode: "2026",
      personnes: [P("Amina", "mere-sos", "Village"), P("Youssef", "educateur", "Foyer"), P("Salma", "directeur", "Direction", "EPS B")],
      positionnements: [
        pos("Amina", "C1.1", 4, 2), // requis 3 : écart −1
        pos("Amina", "C2.2", 3, 3, 2), // requis 4 : retenu 2, écart −2
        pos("Amina", "C5.1", 1, null), // auto seule : non positionnée
        pos("Amina", "C1.3", null, 2), // requis 3 : écart −1
        pos("Youssef", "C1.1", 2, 2), // requis 3
        pos("Youssef", "C3.1", 4, 4), // requis 4 : atteint
        pos("Salma", "C5.3", 3, 3), // requis 4
      ],
      formations: [formation("Salma ; youssef", "C5.1"), formation("Amina", "C1.1;C2.2")],
    };
    const a = analyser(d);
    const l = (nom: string, c: string) => a.lignes.find((x) => x.personne.nom === nom && x.competence === c)!;
    expect(l("Amina", "C2.2")).toMatchObject({ requis: 4, niveau: 2, ecart: -2, besoin: true });
    expect(l("Amina", "C5.1")).toMatchObject({ niveau: null, ecart: null, besoin: false });
    expect(l("Youssef", "C3.1")).toMatchObject({ requis: 4, niveau: 4, ecart: 0, besoin: false });
    const c11 = a.competences.find((c) => c.competence === "C1.1")!;
    expect(c11).toMatchObject({ positionnes: 2, sousRequis: 2, parMetier: { "mere-sos": 1, educateur: 1, directeur: 0 }, parService: { Village: 1, Foyer: 1, Direction: 0 } });
    const amina = a.personnes.find((p) => p.personne.nom === "Amina")!;
    expect(amina).toMatchObject({ positionnees: 3, sousRequis: 3, deficit: 4, priorites: ["C2.2", "C1.1", "C1.3"], formeQualite: false });
    expect(a.personnes.map((p) => p.formeQualite)).toEqual([false, true, true]);
    expect(a.tableauBord).toEqual([
      { etablissement: "EPS A", effectif: 2, formesQualite: 1, part: 0.5, besoins: 4 },
      { etablissement: "EPS B", effectif: 1, formesQualite: 1, part: 1, besoins: 1 },
    ]);
    expect(a.total).toMatchObject({ effectif: 3, formesQualite: 2, besoins: 5 });
  });

  it("formé·e à la démarche qualité : une formation du registre qui couvre une compétence du domaine qualité, le nom parmi les participants (espaces et casse à part)", () => {
    const q = competencesQualite(ref);
    expect(formeDemarcheQualite("Amina Benali", [formation("amina benali; Said", "c5.2")], q)).toBe(true);
    expect(formeDemarcheQualite("Amina Benali", [formation("Said, AminaBenali", "C1.1, C5.3")], q)).toBe(true);
    expect(formeDemarcheQualite("Amina Benali", [formation("Amina Benali", "C1.1")], q)).toBe(false);
    expect(formeDemarcheQualite("Amina", [formation("Amina Benali", "C5.1")], q)).toBe(false);
    expect(formeDemarcheQualite("Amina", [formation("Amina", "C5.10")], q)).toBe(false);
  });
});

describe("plan de formation et consolidation", () => {
  const personnes = Array.from({ length: 14 }, (_, i) => P(`Personne ${i + 1}`, i < 10 ? "mere-sos" : "educateur", i % 2 ? "Village 1" : "Village 2"));
  const d: DonneesCompetences = {
    referentiel: ref,
    etablissement: "EPS Agadir",
    periode: "2027",
    personnes,
    // Everybody at 1 on C1.2 (13 below: 14 people); four at 1 on C6.1; one at 2 on C4.3 (educator: required 3).
    positionnements: [...personnes.map((p) => pos(p.nom, "C1.2", null, 1)), ...personnes.slice(0, 4).map((p) => pos(p.nom, "C6.1", null, 1)), pos("Personne 12", "C4.3", null, 2)],
    formations: [formation("Personne 1; Personne 2", "C5.1")],
  };

  it("sessions collectives à partir du seuil, groupes équilibrés de 12 au plus, deux par mois", () => {
    expect(moisPlus("2026-11", 0)).toBe("novembre 2026");
    expect(moisPlus("2026-11", 3)).toBe("février 2027");
    const s = sessionsProposees(analyser(d), ref, { debut: "2027-01" });
    expect(s.map((x) => [x.competence, x.groupe, x.groupes, x.participants.length, x.jours, x.mois])).toEqual([
      ["C1.2", 1, 2, 7, 2, "janvier 2027"],
      ["C1.2", 2, 2, 7, 2, "janvier 2027"],
      ["C6.1", 1, 1, 4, 2, "février 2027"],
    ]);
  });

  it("le plan de formation a ses sections, les participants et la part formée à la démarche qualité", () => {
    const plan = planifierPlanFormation(d, { debut: "2027-01", anomalies: ["cellule K9 : « 7 »"] });
    expect(plan.regions.map((r) => r.titre)).toEqual(["Synthèse des besoins", "Sessions collectives", "Priorités individuelles", "Proposition de calendrier", "Formations déjà tenues", "Méthode"]);
    expect(plan.regions[4]!.blocs[1]).toEqual({ type: "tableau", entetes: ["Formation", "Dates", "Formateur·rice", "Participants", "Compétences"], lignes: [["F", "—", "—", "2", "C5.1"]] });
    const texte = JSON.stringify(plan);
    expect(texte).toMatch(/2 personnes sur 14 \(14 %\) ont suivi une formation à la démarche qualité/);
    expect(texte).toMatch(/C1\.2 — Adopter chaque jour une posture bientraitante/);
    expect(texte).toMatch(/Personne 12 \(niveau 1, requis 4\)/);
    expect(texte).toMatch(/"libelle":"Groupe 2 \(janvier 2027\)","texte":"Personne 8 \(niveau 1, requis 4\) ; Personne 9/);
    expect(texte).toMatch(/"libelle":"Participants \(février 2027\)","texte":"Personne 1 \(niveau 1, requis 3\)/);
    expect(texte).not.toMatch(/C4\.3 — Travailler avec les partenaires du territoire : santé, école, justice, autorités","niveau":3/);
    const prio = plan.regions[2]!.blocs.find((b) => b.type === "tableau") as { lignes: string[][] };
    expect(prio.lignes.find((l) => l[0] === "Personne 12")).toEqual(["Personne 12", "Éducateur·rice", "Village 1", "C1.2, C4.3", "à former"]);
    expect(plan.avertissements).toEqual(["cellule K9 : « 7 »"]);
  });

  it("consolidation : besoins nationaux par compétence et par métier, établissements en double et autres référentiels écartés", () => {
    const b: DonneesCompetences = { ...d, etablissement: "EPS Tanger", personnes: [P("Omar", "animateur", "Activités", "")], positionnements: [pos("Omar", "C1.2", 1, 1)], formations: [formation("Omar", "C5.2")] };
    const autre = { ...d, referentiel: { ...ref, id: "autre" } };
    const c = consoliderCompetences([{ fichier: "a.xlsx", donnees: d }, { fichier: "b.xlsx", donnees: b }, { fichier: "a-copie.xlsx", donnees: d }, { fichier: "x.xlsx", donnees: autre }, { fichier: "y.xlsx", erreur: "illisible" }])!;
    expect(c.fichiers.map((f) => [f.fichier, f.statut])).toEqual([["a.xlsx", "retenu"], ["b.xlsx", "retenu"], ["a-copie.xlsx", "refuse"], ["x.xlsx", "refuse"], ["y.xlsx", "refuse"]]);
    expect(c.besoins.find((x) => x.competence === "C1.2")).toEqual({ competence: "C1.2", positionnes: 15, sousRequis: 15, parMetier: { "mere-sos": 10, "tante-sos": 0, educateur: 4, animateur: 1, "chef-service": 0, directeur: 0 } });
    expect(c.etablissements.map((e) => [e.etablissement, e.effectif, e.formesQualite])).toEqual([["EPS A", 14, 2], ["EPS Tanger", 1, 1]]);
    expect(c.total).toMatchObject({ effectif: 15, formesQualite: 3 });
  });
});
