/**
 * templates/enquetes/questionnaire.schema.json gives completion and checks in an editor. It is
 * generated from the zod schema the code uses: `QUALITE_MAJ_SCHEMA=1 npx jest enquetes-schema`
 * rewrites it. ajv, an independent validator, accepts the shipped questionnaires.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { questionnaireSchema } from "../../src/core/enquetes/questionnaire";
import { QUESTIONNAIRES_LIVRES } from "../../src/core/enquetes/catalogue";

const FICHIER = join(__dirname, "..", "..", "templates", "enquetes", "questionnaire.schema.json");

it("le schéma JSON des questionnaires est celui du code, et ajv accepte les questionnaires livrés", () => {
  const attendu = JSON.stringify({ ...z.toJSONSchema(questionnaireSchema, { io: "input" }), title: "Questionnaire d'enquête Qualité EPS" }, null, 2) + "\n";
  if (process.env.QUALITE_MAJ_SCHEMA) writeFileSync(FICHIER, attendu);
  expect(readFileSync(FICHIER, "utf8")).toBe(attendu);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Ajv2020 = require("ajv/dist/2020").default;
  const valider = new Ajv2020({ strict: false }).compile(JSON.parse(attendu));
  for (const id of QUESTIONNAIRES_LIVRES) {
    const data = JSON.parse(readFileSync(join(FICHIER, "..", `${id}.json`), "utf8"));
    expect(data.$schema).toBe("./questionnaire.schema.json");
    expect({ id, ok: valider(data), erreurs: valider.errors }).toEqual({ id, ok: true, erreurs: null });
  }
  const faux = JSON.parse(readFileSync(join(FICHIER, "..", "enfants-6-11.json"), "utf8"));
  faux.presentation = "emoji";
  expect(valider(faux)).toBe(false);
});
