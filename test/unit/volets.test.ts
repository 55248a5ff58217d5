import { CATALOGUES, langueInitiale, traduire } from "../../src/taskpane/i18n";
import { messageErreur } from "../../src/taskpane/commun/erreurs";
import { detecterEnvironnement, exigenceManquante } from "../../src/taskpane/commun/office";
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
  it("dit qu'une erreur inconnue n'a rien enregistré, avec son code", () => {
    expect(messageErreur(Object.assign(new Error("boom"), { code: "Bizarre" }))).toBe("Erreur inattendue (Bizarre) : boom. Rien n'a été enregistré dans le document.");
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

  it("passe en mode fichier quand Office ne signale pas d'hôte", async () => {
    (globalThis as { Office?: unknown }).Office = { onReady: () => Promise.resolve({ host: null, platform: null }) };
    await expect(detecterEnvironnement(1000)).resolves.toEqual({ mode: "fichier", expire: false });
  });

  it("passe en mode fichier avec un message quand office.js ne répond jamais", async () => {
    jest.useFakeTimers();
    (globalThis as { Office?: unknown }).Office = { onReady: () => new Promise(() => undefined) };
    const p = detecterEnvironnement(5000);
    jest.advanceTimersByTime(5000);
    await expect(p).resolves.toEqual({ mode: "fichier", expire: true });
  });

  it("reconnaît Excel et sa langue", async () => {
    (globalThis as { Office?: unknown }).Office = { onReady: () => Promise.resolve({ host: "Excel", platform: "PC" }), context: { displayLanguage: "ar-SA" } };
    await expect(detecterEnvironnement()).resolves.toEqual({ mode: "office", hote: "Excel", nomHote: "Excel", langue: "ar-SA" });
  });
});

it("fait des noms de fichier sûrs", () => {
  expect(slug("EPS Tanger — Bni Makada 2026")).toBe("eps-tanger-bni-makada-2026");
  expect(slug("مؤسسة الأمل")).toBe("مؤسسة-الأمل");
});
