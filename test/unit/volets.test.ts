import { CATALOGUES, langueInitiale, traduire } from "../../src/taskpane/i18n";
import { erreurVolet, messageErreur } from "../../src/taskpane/commun/erreurs";
import { dansOffice, DELAI_NAVIGATEUR_MS, DELAI_OFFICE_MS, detecterEnvironnement, exigenceManquante, telechargementPossible, type EnvironnementVolet, type Fenetre } from "../../src/taskpane/commun/office";
import { slug } from "../../src/taskpane/commun/telechargement";
import { ErreurUtilisateur } from "../../src/core/referential";

describe("catalogues", () => {
  const variables = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

  it("l'arabe a chaque clé du français, non vide, avec les mêmes variables, en écriture arabe", () => {
    expect(Object.keys(CATALOGUES.ar).sort()).toEqual(Object.keys(CATALOGUES.fr).sort());
    for (const [cle, fr] of Object.entries(CATALOGUES.fr)) {
      const ar = CATALOGUES.ar[cle as keyof typeof CATALOGUES.fr];
      expect(ar.trim()).not.toBe("");
      expect({ cle, v: variables(ar) }).toEqual({ cle, v: variables(fr) });
    }
    const arabes = Object.values(CATALOGUES.ar).filter((s) => /[\u0600-\u06FF]/.test(s));
    expect(arabes.length).toBeGreaterThan(Object.keys(CATALOGUES.ar).length * 0.9);
  });

  it("remplit les variables et laisse visible une variable oubliée", () => {
    expect(traduire("fr", "fichier.courant", { nom: "a.xlsx" })).toBe("Classeur : a.xlsx");
    expect(traduire("fr", "fichier.courant")).toBe("Classeur : {nom}");
  });

  it("choisit la langue enregistrée, sinon celle d'Office ou du navigateur", () => {
    expect(langueInitiale("ar", "fr-FR")).toBe("ar");
    expect(langueInitiale(null, "ar-MA")).toBe("ar");
    expect(langueInitiale("de", "en-US")).toBe("fr");
    expect(langueInitiale(null, undefined)).toBe("fr");
  });
});

describe("messages d'erreur", () => {
  it("reconnaît les erreurs Office par leur code, pas par leur message", () => {
    expect(messageErreur({ code: "InvalidOperationInCellEditMode", message: "Impossible" })).toMatch(/cellule est en cours de saisie/);
    expect(messageErreur({ code: "AccessDenied", message: "Access denied" })).toMatch(/protégé ou ouvert en lecture seule/);
  });
  it("rend tel quel un message destiné à l'utilisateur", () => {
    expect(messageErreur(new ErreurUtilisateur("x.xlsx est vide"))).toBe("x.xlsx est vide");
  });
  it("dit qu'une erreur inconnue n'a rien enregistré, en nommant l'opération ; le détail technique va dans « Détails »", () => {
    const e = Object.assign(new Error("boom"), { code: "Bizarre", debugInfo: { errorLocation: "Range.load" } });
    expect(messageErreur(e)).toBe("Erreur inattendue : défaut interne de Qualité EPS (code Bizarre). Rien n'a été enregistré dans le document.");
    const v = erreurVolet(e, "Ouverture de pe.docx…");
    expect(v.message).toBe("Erreur inattendue pendant « Ouverture de pe.docx » : défaut interne de Qualité EPS (code Bizarre). Rien n'a été enregistré dans le document.");
    expect(v.details).toMatch(/^code : Bizarre\ndebugInfo : \{"errorLocation":"Range\.load"\}\nError: boom\n\s+at /);
    expect(erreurVolet(new ErreurUtilisateur("x.xlsx est vide"))).toEqual({ message: "x.xlsx est vide", details: null });
    expect(erreurVolet({ code: "AccessDenied", message: "Access denied" }).details).toContain("AccessDenied");
    expect(erreurVolet(new RangeError("Array buffer allocation failed"), "Ouverture de g.xlsx…").message).toMatch(/: le fichier est trop volumineux ou trop imbriqué pour la mémoire du navigateur\./);
  });
});

describe("hôte Office", () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
    jest.useRealTimers();
  });

  it("demande ExcelApi 1.8 à Excel et WordApi 1.3 à Word, versions en chaînes", () => {
    const appels: [string, string][] = [];
    const seulement17 = (api: string, v: string) => (appels.push([api, v]), api === "ExcelApi" && Number(v) <= 1.7);
    expect(exigenceManquante(seulement17, "Excel")).toEqual({ api: "ExcelApi", version: "1.8" });
    expect(exigenceManquante(() => true, "Word")).toBeNull();
    expect(appels).toEqual([["ExcelApi", "1.8"]]);
  });

  const navigateur: Fenetre = { location: { search: "", hash: "" } };
  const excelBureau: Fenetre = { location: { search: "?_host_Info=Excel$Win32$16.01$fr-FR$$$$0", hash: "" } };
  const excelWeb: Fenetre = { location: { search: "", hash: "#_host_Info=Excel$Web$16.01$fr-FR$$$$0" } };

  it("reconnaît Office à l'adresse du volet ou à window.external, pas un navigateur", () => {
    expect(dansOffice(navigateur)).toBe(false);
    expect(dansOffice({ location: { search: "?x=_host_Info", hash: "" } })).toBe(false);
    expect(dansOffice(excelBureau)).toBe(true);
    expect(dansOffice(excelWeb)).toBe(true);
    expect(dansOffice({ location: { search: "", hash: "" }, external: { GetContext: () => null } })).toBe(true);
  });

  it("hors Office, sans office.js (pas d'internet), passe tout de suite en mode fichier", async () => {
    await expect(detecterEnvironnement(navigateur)).resolves.toEqual({ mode: "fichier", expire: false });
  });

  it("dans Office, sans office.js, affiche une erreur et jamais le mode fichier", async () => {
    await expect(detecterEnvironnement(excelBureau)).resolves.toEqual({ mode: "indisponible", raison: "chargement" });
  });

  it("passe en mode fichier quand Office ne signale pas d'hôte", async () => {
    (globalThis as { Office?: unknown }).Office = { onReady: () => Promise.resolve({ host: null, platform: null }) };
    await expect(detecterEnvironnement(navigateur)).resolves.toEqual({ mode: "fichier", expire: false });
  });

  it("hors Office, n'attend pas plus que le délai du navigateur un office.js muet ; dans Office, c'est une erreur", async () => {
    jest.useFakeTimers();
    (globalThis as { Office?: unknown }).Office = { onReady: () => new Promise(() => undefined) };
    const p = detecterEnvironnement(navigateur);
    jest.advanceTimersByTime(DELAI_NAVIGATEUR_MS);
    await expect(p).resolves.toEqual({ mode: "fichier", expire: true });
    expect(DELAI_NAVIGATEUR_MS).toBeLessThan(1000);
    const q = detecterEnvironnement(excelWeb);
    jest.advanceTimersByTime(DELAI_NAVIGATEUR_MS);
    let fini = false;
    void q.then(() => (fini = true));
    await Promise.resolve();
    expect(fini).toBe(false);
    jest.advanceTimersByTime(DELAI_OFFICE_MS);
    await expect(q).resolves.toEqual({ mode: "indisponible", raison: "expire" });
  });

  it("reconnaît Excel, sa langue et sa plateforme ; sur Mac, aucun téléchargement n'est proposé", async () => {
    (globalThis as { Office?: unknown }).Office = { onReady: () => Promise.resolve({ host: "Excel", platform: "Mac" }), context: { displayLanguage: "ar-SA" } };
    const env = await detecterEnvironnement(excelBureau);
    expect(env).toEqual({ mode: "office", hote: "Excel", nomHote: "Excel", langue: "ar-SA", plateforme: "Mac" });
    expect(telechargementPossible(env as EnvironnementVolet)).toBe(false);
    expect(telechargementPossible({ ...(env as Extract<EnvironnementVolet, { mode: "office" }>), plateforme: "PC" })).toBe(true);
    expect(telechargementPossible({ ...(env as Extract<EnvironnementVolet, { mode: "office" }>), plateforme: "OfficeOnline" })).toBe(true);
    expect(telechargementPossible({ mode: "fichier", expire: false })).toBe(true);
  });
});

it("fait des noms de fichier sûrs", () => {
  expect(slug("EPS Tanger — Bni Makada 2026")).toBe("eps-tanger-bni-makada-2026");
  expect(slug("مؤسسة الأمل")).toBe("مؤسسة-الأمل");
});

describe("brouillons du volet Word", () => {
  /** The Web Storage contract, in memory (node has no localStorage). */
  const stockage = (): Storage => {
    const m = new Map<string, string>();
    return { get length() { return m.size; }, clear: () => m.clear(), getItem: (k) => m.get(k) ?? null, key: (i) => [...m.keys()][i] ?? null, removeItem: (k) => void m.delete(k), setItem: (k, v) => void m.set(k, String(v)) };
  };

  it("garde une réponse par modèle, la relit vérifiée par le modèle, et dit quand le navigateur est plein", async () => {
    const { coffreDocument, coffreNavigateur, ecrireBrouillon, lireBrouillon, contientSaisie, CLE_MODELE } = await import("../../src/taskpane/word/brouillons");
    const { modeleLivre } = await import("../../src/core/pe/catalogue");
    const s = stockage();
    const coffre = coffreNavigateur(s);
    const pe = modeleLivre("pe-eps");
    const guide = modeleLivre("guide-prf");
    expect(lireBrouillon(coffre, pe)).toBeNull();
    const r = { modele: "pe-eps", version: pe.version, variables: { etablissement: "EPS Al Amal", inconnue: "x" }, sections: { identite: { champs: { histoire: "Ouvert en 2001." } } } };
    await ecrireBrouillon(coffre, r, "2026-11-25T10:00:00.000Z");
    await ecrireBrouillon(coffre, { modele: "guide-prf", version: guide.version, variables: {}, sections: {} });
    expect(s.getItem(CLE_MODELE)).toBe("guide-prf");
    const relu = lireBrouillon(coffre, pe)!;
    expect(relu.enregistreLe).toBe("2026-11-25T10:00:00.000Z");
    expect(relu.reponses.variables).toEqual({ etablissement: "EPS Al Amal" });
    expect(relu.reponses.sections.identite?.champs?.histoire).toBe("Ouvert en 2001.");
    expect(contientSaisie(relu.reponses)).toBe(true);
    expect(contientSaisie(lireBrouillon(coffre, guide)!.reponses)).toBe(false);
    s.setItem("qualite-eps.brouillon.pe-eps", "{ abîmé");
    expect(lireBrouillon(coffre, pe)).toBeNull();
    // In Word: the document's settings (Office.context.document.settings), saved with saveAsync.
    const reglages = new Map<string, unknown>();
    let enregistrements = 0;
    let echoue = false;
    const dansWord = coffreDocument({
      get: (n) => reglages.get(n),
      set: (n, v) => void reglages.set(n, v),
      saveAsync: (rappel) => {
        enregistrements++;
        rappel?.({ status: echoue ? "failed" : "succeeded" });
      },
    });
    await ecrireBrouillon(dansWord, r);
    expect(enregistrements).toBe(2);
    await ecrireBrouillon(dansWord, r);
    expect(enregistrements).toBe(3); // the template is saved once, the draft at each change
    expect(lireBrouillon(dansWord, pe)!.reponses.variables).toEqual({ etablissement: "EPS Al Amal" });
    echoue = true;
    await expect(ecrireBrouillon(dansWord, r)).rejects.toThrow(/Word n'a pas pu garder vos réponses dans le document/);
    const plein = { ...stockage(), setItem: () => { throw new DOMException("quota", "QuotaExceededError"); } } as Storage;
    await expect(ecrireBrouillon(coffreNavigateur(plein), r)).rejects.toThrow(/n'a plus de place pour garder vos réponses : exportez-les/);
  });
});

describe("message d'erreur du volet", () => {
  it("montre le message français et replie le détail technique sous « Détails »", async () => {
    const { createElement } = await import("react");
    const { renderToStaticMarkup } = await import("react-dom/server");
    const { MessageErreur } = await import("../../src/taskpane/commun/Messages");
    const html = renderToStaticMarkup(createElement(MessageErreur, { erreur: erreurVolet(new TypeError("Cannot read properties of null (reading 'theme')"), "Rédiger le plan d'amélioration") }));
    expect(html).toContain("Erreur inattendue pendant « Rédiger le plan d&#x27;amélioration » : défaut interne de Qualité EPS.");
    expect(html).toMatch(/<details data-testid="details-erreur"><summary[^>]*>Détails<\/summary><pre[^>]*>TypeError: Cannot read properties of null \(reading &#x27;theme&#x27;\)\n\s+at /);
    expect(renderToStaticMarkup(createElement(MessageErreur, { erreur: erreurVolet(new ErreurUtilisateur("x.xlsx est vide")) }))).not.toContain("<details");
  });
});
