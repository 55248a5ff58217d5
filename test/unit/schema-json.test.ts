/**
 * templates/referentiels/referentiel.schema.json lets referents get completion and checks in
 * their editor. It is generated from the zod schema the code uses, so the two never drift:
 * `QUALITE_MAJ_SCHEMA=1 npx jest schema-json` rewrites it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { schemaReferentiel } from "../../src/core/referential";
import { modeleSchema } from "../../src/core/pe/modele";

const FICHIER = join(__dirname, "..", "..", "templates", "referentiels", "referentiel.schema.json");

it("le schéma JSON publié est celui du code", () => {
  const attendu = JSON.stringify({ ...z.toJSONSchema(schemaReferentiel(), { io: "input" }), title: "Référentiel Qualité EPS" }, null, 2) + "\n";
  if (process.env.QUALITE_MAJ_SCHEMA) writeFileSync(FICHIER, attendu);
  expect(readFileSync(FICHIER, "utf8")).toBe(attendu);
});

it("le schéma JSON des modèles de document est celui du code, et ajv accepte les modèles livrés", () => {
  const fichier = join(__dirname, "..", "..", "templates", "documents", "modele.schema.json");
  const attendu = JSON.stringify({ ...z.toJSONSchema(modeleSchema, { io: "input" }), title: "Modèle de document Qualité EPS" }, null, 2) + "\n";
  if (process.env.QUALITE_MAJ_SCHEMA) writeFileSync(fichier, attendu);
  expect(readFileSync(fichier, "utf8")).toBe(attendu);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv2020 = require("ajv/dist/2020").default;
  const valider = new Ajv2020({ strict: false }).compile(JSON.parse(attendu));
  for (const nom of ["pe-eps.json", "guide-prf.json"]) {
    const data = JSON.parse(readFileSync(join(fichier, "..", nom), "utf8"));
    expect({ nom, ok: valider(data), erreurs: valider.errors }).toEqual({ nom, ok: true, erreurs: null });
  }
});

it("un validateur indépendant (ajv) accepte les référentiels livrés et refuse une méthode inconnue", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv2020 = require("ajv/dist/2020").default;
  const valider = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(FICHIER, "utf8")));
  for (const nom of ["eps-maroc.json", "q4c.json"]) {
    const data = JSON.parse(readFileSync(join(FICHIER, "..", nom), "utf8"));
    expect({ nom, ok: valider(data), erreurs: valider.errors }).toEqual({ nom, ok: true, erreurs: null });
    data.chapitres[0].thematiques[0].objectifs[0].criteres[0].methode = "sondage";
    expect(valider(data)).toBe(false);
  }
});
