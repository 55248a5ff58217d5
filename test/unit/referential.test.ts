import { chargerReferentiel, compterReferentiel, empreinteReferentiel, ErreurUtilisateur, lireReferentielJson, valeursAutorisees, criteresAplatis } from "../../src/core/referential";
import { referentielLivre, REFERENTIELS_LIVRES } from "../../src/core/catalogue";
import epsBrut from "../../templates/referentiels/eps-maroc.json";

const copie = () => structuredClone(epsBrut) as unknown as Record<string, any>;

function messageDe(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ErreurUtilisateur);
    return (e as Error).message;
  }
  throw new Error("aucune erreur levée");
}

describe("référentiel livré eps-maroc", () => {
  const ref = referentielLivre("eps-maroc");
  const n = compterReferentiel(ref);

  it("a la structure du domaine : 3 chapitres, 9 thématiques, ≥ 40 objectifs, ≥ 120 critères, ≥ 15 impératifs", () => {
    expect(n.chapitres).toBe(3);
    expect(n.thematiques).toBe(9);
    expect(n.objectifs).toBeGreaterThanOrEqual(40);
    expect(n.criteres).toBeGreaterThanOrEqual(120);
    expect(n.imperatifs).toBeGreaterThanOrEqual(15);
  });

  it("donne une méthode d'évaluation et un libellé français à chaque critère", () => {
    for (const { critere } of criteresAplatis(ref)) {
      expect(["accompagne-traceur", "traceur-cible", "audit-systeme"]).toContain(critere.methode);
      expect(critere.libelle.fr.length).toBeGreaterThan(15);
    }
    const methodes = new Set(criteresAplatis(ref).map((c) => c.critere.methode));
    expect(methodes.size).toBe(3);
  });

  it("a des libellés arabes pour les chapitres et thématiques", () => {
    for (const ch of ref.chapitres) {
      expect(ch.libelle.ar).toMatch(/[\u0600-\u06FF]/);
      for (const th of ch.thematiques) expect(th.libelle.ar).toMatch(/[\u0600-\u06FF]/);
    }
  });
});

describe("référentiel livré q4c", () => {
  it("porte les 18 standards en 3 phases", () => {
    const ref = referentielLivre("q4c");
    const n = compterReferentiel(ref);
    expect(n.chapitres).toBe(3);
    expect(n.thematiques).toBe(18);
    expect(ref.niveaux?.thematique.fr).not.toBe("Thématique");
  });
  it("le catalogue liste les deux référentiels et refuse un identifiant inconnu en français", () => {
    expect(REFERENTIELS_LIVRES).toEqual(["eps-maroc", "q4c"]);
    expect(messageDe(() => referentielLivre("has-2022"))).toMatch(/Référentiel « has-2022 » inconnu.*eps-maroc, q4c/);
    expect(messageDe(() => referentielLivre("toString"))).toMatch(/Référentiel « toString » inconnu/);
  });
});

describe("validation au chargement", () => {
  it("nomme le chemin de la faute", () => {
    const d = copie();
    d.chapitres[0].thematiques[1].objectifs[0].criteres[2].methode = "entretien";
    const m = messageDe(() => chargerReferentiel(d, "fichier test.json"));
    expect(m).toContain("Le fichier test.json n'est pas valide.");
    expect(m).toContain("chapitres[0].thematiques[1].objectifs[0].criteres[2].methode");
  });

  it("donne des messages en français pour un type faux", () => {
    const d = copie();
    d.chapitres[0].thematiques[0].objectifs[0].criteres[0].imperatif = "oui";
    expect(messageDe(() => chargerReferentiel(d))).toContain("imperatif : Il faut vrai ou faux (true / false), mais « oui » est du texte");
  });

  it("refuse un identifiant en double en nommant les deux emplacements", () => {
    const d = copie();
    d.chapitres[0].thematiques[0].objectifs[0].criteres[1].id = d.chapitres[0].thematiques[0].objectifs[0].criteres[0].id;
    const m = messageDe(() => chargerReferentiel(d));
    expect(m).toContain("chapitres[0].thematiques[0].objectifs[0].criteres[1].id");
    expect(m).toContain("déjà utilisé en chapitres[0].thematiques[0].objectifs[0].criteres[0]");
  });

  it("refuse une échelle incohérente et une catégorie inconnue", () => {
    const d = copie();
    d.echelle.imperatif = [1, 3];
    d.chapitres[0].thematiques[0].objectifs[0].criteres[0].categories = ["inconnue"];
    const m = messageDe(() => chargerReferentiel(d));
    expect(m).toContain("echelle.imperatif : doit contenir la note maximale 4");
    expect(m).toContain("catégorie « inconnue »");
  });

  it("refuse un JSON illisible en nommant la source", () => {
    expect(messageDe(() => lireReferentielJson("{ pas du json", "mon-ref.json"))).toMatch(/mon-ref\.json n'est pas un fichier JSON lisible/);
    expect(messageDe(() => lireReferentielJson("", "vide.json"))).toMatch(/vide\.json/);
  });

  it("limite la liste d'erreurs à 20 et dit combien restent", () => {
    const d = copie();
    for (const ch of d.chapitres) for (const th of ch.thematiques) for (const ob of th.objectifs) for (const cr of ob.criteres) cr.methode = "x";
    const m = messageDe(() => chargerReferentiel(d));
    expect(m).toMatch(/… et \d+ autres erreurs/);
  });
});

describe("empreinte et valeurs", () => {
  it("l'empreinte ne dépend que du contenu", () => {
    const a = chargerReferentiel(copie());
    const inverser = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(inverser) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, inverser(x)])) : v;
    const b = chargerReferentiel(inverser(copie()));
    expect(empreinteReferentiel(a)).toBe(empreinteReferentiel(b));
    const c = copie();
    c.chapitres[0].libelle.fr += " !";
    expect(empreinteReferentiel(chargerReferentiel(c))).not.toBe(empreinteReferentiel(a));
    expect(empreinteReferentiel(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("un impératif se note 1 ou 4, un critère ordinaire 1 à 4 ou NC", () => {
    const ref = referentielLivre("eps-maroc");
    expect(valeursAutorisees(ref, { imperatif: true })).toEqual([1, 4]);
    expect(valeursAutorisees(ref, { imperatif: false })).toEqual([1, 2, 3, 4, "NC"]);
  });
});
