import fc from "fast-check";
import { referentielLivre } from "../../src/core/catalogue";
import { criteresAplatis, ErreurUtilisateur } from "../../src/core/referential";
import { QUESTIONNAIRES_LIVRES, questionnaireLivre } from "../../src/core/enquetes/catalogue";
import { chargerQuestionnaire, criteresInconnus, questionsEchelle, questionsTexte, verifierCriteres, type Questionnaire } from "../../src/core/enquetes/questionnaire";
import { calculerResultats, criteresLies, indiceSatisfaction, referenceResultat, type Reponse } from "../../src/core/enquetes/resultats";
import { FEUILLE_REPONSES, lireIdentiteEnquete, lireReponses, lireSeuil, planifierClasseurEnquete } from "../../src/core/enquetes/classeur";
import { citation, planifierResultatsEnquete } from "../../src/core/enquetes/document";
import enfantsBrut from "../../templates/enquetes/enfants-6-11.json";

function messageDe(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ErreurUtilisateur);
    return (e as Error).message;
  }
  throw new Error("aucune erreur levée");
}

const ARABE = /[\u0600-\u06FF]/;

describe("questionnaires livrés", () => {
  const ref = referentielLivre("eps-maroc");
  const ids = new Set(criteresAplatis(ref).map((c) => c.critere.id));

  it("il y en a quatre : enfants 6–11 ans, adolescents, mères du PRF, familles", () => {
    expect(QUESTIONNAIRES_LIVRES.sort()).toEqual(["adolescents", "enfants-6-11", "familles", "meres-prf"]);
  });

  it.each(QUESTIONNAIRES_LIVRES)("%s : 10 à 20 questions, chaque critère cité existe dans eps-maroc", (id) => {
    const q = questionnaireLivre(id);
    expect(q.questions.length).toBeGreaterThanOrEqual(10);
    expect(q.questions.length).toBeLessThanOrEqual(20);
    expect(q.referentiel.id).toBe("eps-maroc");
    for (const c of q.questions.flatMap((x) => x.criteres)) expect(ids.has(c)).toBe(true);
    expect(criteresInconnus(q, ref)).toEqual([]);
    expect(() => verifierCriteres(q, ref)).not.toThrow();
    // The referential's own criterion on collecting opinions is always informed.
    expect(q.questions.some((x) => x.criteres.includes("1.10.3"))).toBe(true);
  });

  it.each(QUESTIONNAIRES_LIVRES)("%s : chaque texte a son arabe (titre, public, consigne, échelle, questions)", (id) => {
    const q = questionnaireLivre(id);
    const textes = [q.titre, q.public, q.consigne, ...q.echelle.map((c) => c.libelle), ...q.questions.map((x) => x.texte), ...q.tranchesAge.map((t) => ({ fr: t.code, ar: t.ar }))];
    for (const t of textes) {
      expect(t.ar).toMatch(ARABE);
      expect(t.fr).not.toMatch(ARABE);
    }
  });

  it("enfants 6–11 ans : trois visages, des phrases courtes, pas de question à double négation", () => {
    const q = questionnaireLivre("enfants-6-11");
    expect(q.presentation).toBe("visages");
    expect(q.echelle.map((c) => c.visage)).toEqual(["content", "neutre", "triste"]);
    for (const x of q.questions) {
      expect(x.texte.fr.split(/\s+/).length).toBeLessThanOrEqual(12);
      expect(x.texte.fr).not.toMatch(/\bne\b.*\bpas\b/);
    }
  });

  it("les mères du PRF sont interrogées sur les critères propres au PRF (1.9.2, 2.4.x)", () => {
    const liees = criteresLies(questionnaireLivre("meres-prf"));
    expect(liees).toEqual(expect.arrayContaining(["1.9.2", "2.4.1", "2.4.2", "2.4.3", "1.15.3"]));
  });
});

describe("format de questionnaire (zod, messages en français)", () => {
  const copie = () => structuredClone(enfantsBrut) as any;

  it("refuse une question sans arabe, en nommant le chemin", () => {
    const d = copie();
    delete d.questions[2].texte.ar;
    expect(messageDe(() => chargerQuestionnaire(d, "questionnaire essai"))).toMatch(/questions\[2\]\.texte\.ar/);
  });

  it("refuse moins de 10 questions, un code à virgule, un identifiant répété, une question à échelle sans critère", () => {
    const d = copie();
    d.questions = d.questions.slice(0, 9);
    expect(messageDe(() => chargerQuestionnaire(d))).toMatch(/au moins 10 questions/);
    const e = copie();
    e.echelle[0].code = "Oui, tout à fait";
    e.questions[1].id = "Q01";
    e.questions[3].criteres = [];
    const m = messageDe(() => chargerQuestionnaire(e));
    expect(m).toMatch(/echelle\[0\]\.code : un code de réponse ne contient ni virgule/);
    expect(m).toMatch(/questions\[1\]\.id : l'identifiant « Q01 » est déjà utilisé/);
    expect(m).toMatch(/questions\[3\]\.criteres : une question à échelle est reliée à au moins un critère/);
  });

  it("refuse des critères absents du référentiel, question par question", () => {
    const d = copie();
    d.questions[0].criteres = ["9.9.9"];
    const q = chargerQuestionnaire(d);
    expect(messageDe(() => verifierCriteres(q, referentielLivre("eps-maroc")))).toMatch(/critères absents du référentiel « eps-maroc » .*: 9\.9\.9[\s\S]*question Q01 : 9\.9\.9/);
  });
});

const qEnfants = questionnaireLivre("enfants-6-11");
const qAdos = questionnaireLivre("adolescents");

function rep(q: Questionnaire, valeurs: Record<string, string | null>): Reponse {
  return { trancheAge: null, unite: null, valeurs: Object.fromEntries(q.questions.map((x) => [x.id, valeurs[x.id] ?? null])) };
}

describe("indice de satisfaction", () => {
  it("vaut 100 pour tout « Oui », 0 pour tout « Non », 50 pour « Parfois », sur l'échelle à trois visages", () => {
    expect(indiceSatisfaction(qEnfants, [5, 0, 0])).toBe(100);
    expect(indiceSatisfaction(qEnfants, [0, 0, 5])).toBe(0);
    expect(indiceSatisfaction(qEnfants, [0, 4, 0])).toBe(50);
    expect(indiceSatisfaction(qEnfants, [1, 1, 1])).toBe(50);
  });

  it("place 1–4 sur 0–100 et laisse « je ne sais pas » hors du calcul", () => {
    // 2 × « Tout à fait » (100) + 1 × « Plutôt pas » (33,3) ; 10 « je ne sais pas » n'y changent rien.
    expect(indiceSatisfaction(qAdos, [2, 0, 1, 0, 10])).toBeCloseTo((200 + 100 / 3) / 3, 10);
    expect(indiceSatisfaction(qAdos, [0, 0, 0, 0, 7])).toBeNull();
  });

  it("reste entre 0 et 100, nul quand rien n'est noté (propriété)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 30 }), { minLength: 5, maxLength: 5 }), (comptes) => {
        const i = indiceSatisfaction(qAdos, comptes);
        if (comptes.slice(0, 4).every((k) => k === 0)) return i === null;
        return i !== null && i >= 0 && i <= 100;
      }),
    );
  });
});

describe("résultats : taille minimale du groupe, critères, commentaires", () => {
  const oui = (q: Questionnaire) => Object.fromEntries(questionsEchelle(q).map((x) => [x.id, "Oui"]));

  it("ne montre rien sous 5 répondants, même pas les commentaires", () => {
    const reponses = [1, 2, 3, 4].map(() => rep(qEnfants, { ...oui(qEnfants), Q14: "les sorties" }));
    const r = calculerResultats(qEnfants, reponses);
    expect(r.repondants).toBe(4);
    expect(r.affiche).toBe(false);
    expect(r.questions.every((x) => x.masque && x.comptes === null && x.parts === null && x.indice === null)).toBe(true);
    expect(r.criteres.every((c) => c.indice === null)).toBe(true);
    expect(r.commentaires.every((c) => c.textes.length === 0)).toBe(true);
  });

  it("à 5 répondants montre tout ; une question répondue par moins de 5 reste masquée", () => {
    const reponses = [1, 2, 3, 4, 5].map((i) => rep(qEnfants, { ...oui(qEnfants), Q03: i <= 3 ? "Non" : null, Q14: i === 2 ? "les sorties" : null }));
    const r = calculerResultats(qEnfants, reponses, { periode: "2026" });
    expect(r.affiche).toBe(true);
    const q1 = r.questions.find((x) => x.id === "Q01")!;
    expect(q1.comptes).toEqual([5, 0, 0]);
    expect(q1.parts).toEqual([1, 0, 0]);
    expect(q1.indice).toBe(100);
    expect(q1.reference).toBe("ENQ-enfants-6-11-2026-Q01");
    const q3 = r.questions.find((x) => x.id === "Q03")!;
    expect(q3.reponses).toBe(3);
    expect(q3.masque).toBe(true);
    // 1.2.3 is informed by Q03 only: hidden with it.
    expect(r.criteres.find((c) => c.id === "1.2.3")!.indice).toBeNull();
    expect(r.commentaires.find((c) => c.question === "Q14")!.textes).toEqual(["les sorties"]);
  });

  it("l'indice d'un critère est la moyenne simple des indices de ses questions", () => {
    // 1.1.3 ← Q04, Q05. Q04 : 5 « Oui » (100) ; Q05 : 5 « Non » sur 10 réponses (50).
    const reponses = Array.from({ length: 10 }, (_, i) => rep(qEnfants, { Q04: i < 5 ? "Oui" : null, Q05: i < 5 ? "Oui" : "Non" }));
    const r = calculerResultats(qEnfants, reponses);
    expect(r.questions.find((x) => x.id === "Q05")!.indice).toBe(50);
    const c = r.criteres.find((x) => x.id === "1.1.3")!;
    expect(c.questions).toEqual(["Q04", "Q05"]);
    expect(c.indice).toBe(75);
    expect(c.reference).toBe(referenceResultat("enfants-6-11", "", "C1.1.3"));
  });

  it("les critères sont dans l'ordre naturel des identifiants (1.2.3 avant 1.10.3)", () => {
    const ids = criteresLies(qEnfants);
    expect(ids.indexOf("1.2.3")).toBeLessThan(ids.indexOf("1.10.3"));
    expect(ids.indexOf("1.10.3")).toBeLessThan(ids.indexOf("2.1.2"));
  });
});

describe("classeur de saisie (plan)", () => {
  const plan = planifierClasseurEnquete({ questionnaire: qEnfants, referentiel: referentielLivre("eps-maroc"), periode: "2026", lignes: 20 });
  const reponses = plan.feuilles.find((f) => f.nom === FEUILLE_REPONSES)!;

  it("est anonyme : aucune colonne de nom, une tranche d'âge et une unité facultatives", () => {
    const entetes = reponses.colonnes.map((c) => c.entete.toLowerCase());
    expect(entetes.some((e) => /nom|prénom|naissance/.test(e))).toBe(false);
    expect(entetes.slice(0, 3)).toEqual(["n°", "tranche d'âge (facultatif)", "unité (facultatif)"]);
    expect(reponses.lignes).toHaveLength(21);
  });

  it("une liste déroulante par question à échelle, avec les codes de l'échelle", () => {
    const listes = reponses.validations.filter((v) => v.valeurs.join() === "Oui,Parfois,Non");
    expect(listes).toHaveLength(questionsEchelle(qEnfants).length);
    expect(reponses.validations[0]!.valeurs).toEqual(["6-7 ans", "8-9 ans", "10-11 ans"]);
  });

  it("porte le questionnaire dans sa feuille d'identité, relu tel quel", () => {
    const id = plan.feuilles.find((f) => f.visibilite === "veryHidden")!;
    const relu = lireIdentiteEnquete(id.lignes as any, "essai.xlsx")!;
    expect(relu.questionnaire).toEqual(qEnfants);
    expect(relu.periode).toBe("2026");
    expect(relu.lignes).toBe(20);
  });

  it("refuse une réponse hors de l'échelle en nommant la feuille, la cellule, la question et les critères", () => {
    const valeurs: any[][] = [reponses.lignes[0] as any[], [1, null, null, "Oui", "Peut-être"]];
    expect(messageDe(() => lireReponses(qEnfants, valeurs, "reponses.xlsx"))).toMatch(/reponses\.xlsx : 1 réponse refusée \(questionnaire « enfants-6-11 »\)[\s\S]*feuille « Réponses », cellule E2 : « Peut-être » n'est pas une réponse de l'échelle \(Oui, Parfois, Non\) — question Q02, critères 1\.3\.3, 1\.1\.4/);
  });

  it("refuse une réponse tapée sous les lignes prévues (les formules ne la compteraient pas)", () => {
    const valeurs: any[][] = [reponses.lignes[0] as any[], [1, null, null, "Oui"], [2], [null, null, null, null, null, "Non"]];
    expect(lireReponses(qEnfants, valeurs.slice(0, 3), "r.xlsx", 2)).toHaveLength(2);
    expect(messageDe(() => lireReponses(qEnfants, valeurs, "r.xlsx", 2))).toMatch(/cellule F4 : réponse au-delà des 2 lignes prévues, que les formules des résultats ne comptent pas/);
  });

  it("lit la taille minimale changée dans Résultats, refuse une valeur absurde", () => {
    expect(lireSeuil([[], [], ["Taille", 8]], "x.xlsx")).toBe(8);
    expect(lireSeuil(null, "x.xlsx")).toBe(5);
    expect(messageDe(() => lireSeuil([[], [], ["Taille", "deux"]], "x.xlsx"))).toMatch(/cellule B3/);
  });

  it("a des commentaires seulement pour les questions ouvertes", () => {
    const com = plan.feuilles.find((f) => f.nom === "Commentaires")!;
    expect(com.colonnes.map((c) => c.key)).toEqual(questionsTexte(qEnfants).map((x) => x.id));
  });
});

describe("document de résultats (plan)", () => {
  const reponses = (n: number) =>
    Array.from({ length: n }, (_, i) => rep(qEnfants, { Q01: ["Oui", "Parfois", "Non"][i % 3]!, Q02: i < 3 ? "Oui" : null, Q14: ["zèbre", "abricot", "Été"][i % 3]! }));
  const blocs = (plan: ReturnType<typeof planifierResultatsEnquete>, id: string) => plan.regions.find((r) => r.sectionId === id)!.blocs;

  it("range les commentaires par ordre alphabétique (aucun lien avec une ligne du classeur)", () => {
    const plan = planifierResultatsEnquete({ questionnaire: qEnfants, resultats: calculerResultats(qEnfants, reponses(6), { periode: "2026" }) });
    const liste = blocs(plan, "commentaires").find((b) => b.type === "liste");
    expect(liste).toEqual({ type: "liste", elements: ["abricot", "abricot", "Été", "Été", "zèbre", "zèbre"] });
  });

  it("dit « masqué » pour une question répondue par trop peu de personnes, et le signale", () => {
    const plan = planifierResultatsEnquete({ questionnaire: qEnfants, resultats: calculerResultats(qEnfants, reponses(6)) });
    const t = blocs(plan, "questions").find((b) => b.type === "tableau") as { lignes: string[][] };
    const q2 = t.lignes.find((l) => l[0] === "Q02")!;
    expect(q2.at(-1)).toBe("masqué (moins de 5 réponses)");
    expect(q2.slice(3, 6)).toEqual(["—", "—", "—"]);
    expect(t.lignes.find((l) => l[0] === "Q01")!.slice(3)).toEqual(["33\u00a0%", "33\u00a0%", "33\u00a0%", "50,0"]);
    expect(plan.avertissements.join(" ")).toMatch(/répondues? par moins de 5 personnes : résultat masqué \(Q02/);
  });

  it("sous la taille minimale, aucun chiffre, aucun commentaire, rien de citable", () => {
    const plan = planifierResultatsEnquete({ questionnaire: qEnfants, resultats: calculerResultats(qEnfants, reponses(4)) });
    const tout = JSON.stringify(plan.regions);
    expect(tout).not.toMatch(/zèbre|\d\u00a0%|\d %/);
    expect(tout).toContain("Aucun résultat n'est encore citable");
    expect(plan.avertissements[0]).toMatch(/4 répondants, moins que la taille minimale du groupe \(5\)/);
  });

  it("la phrase à citer nomme l'enquête, le public, l'établissement, la période, le nombre de répondants et la référence", () => {
    const r = calculerResultats(qEnfants, reponses(6), { periode: "2026" });
    expect(citation(qEnfants, r, "ENQ-enfants-6-11-2026-C1.10.3", "EPS Fès")).toBe(
      "Enquête de satisfaction « Ce que je pense de ma maison » (enfants de 6 à 11 ans, EPS Fès, 2026), 6 répondants : résultat ENQ-enfants-6-11-2026-C1.10.3.",
    );
  });
});
