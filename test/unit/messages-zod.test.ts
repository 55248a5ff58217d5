/**
 * zod's messages in plain French for every issue code it can raise (its own French locale reads
 * « Entrée invalide : chaîne de caractères attendu, indéfini reçu »).
 */
import { z } from "zod";
import { erreurZodFr } from "../../src/core/messages-zod";
import { chargerModele } from "../../src/core/pe/modele";
import peBrut from "../../templates/documents/pe-eps.json";

const message = (schema: z.ZodType, valeur: unknown) => {
  const r = schema.safeParse(valeur, { error: erreurZodFr });
  if (r.success) throw new Error("refus attendu");
  return r.error.issues.map((i) => i.message);
};

it.each<[string, z.ZodType, unknown, string]>([
  ["invalid_type (absent)", z.object({ nom: z.string() }), {}, "Il faut du texte, mais la valeur manque"],
  ["invalid_type (autre)", z.number(), "douze", "Il faut un nombre, mais « douze » est du texte"],
  ["invalid_type (liste)", z.array(z.string()), { a: 1 }, "Il faut une liste, mais un objet { … } est donné"],
  ["invalid_value", z.enum(["oui", "non"]), "peut-être", "La valeur doit être l'une de : « oui » ou « non »"],
  ["invalid_value (littéral)", z.literal(1), 2, "La valeur doit être 1"],
  ["too_small (texte vide)", z.string().min(1), "", "Ne peut pas être vide"],
  ["too_small (liste)", z.array(z.number()).min(2), [1], "Trop court : au moins 2 éléments"],
  ["too_small (nombre)", z.number().min(1), 0, "Trop petit : la valeur doit être supérieure ou égale à 1"],
  ["too_big (texte)", z.string().max(3), "abcd", "Trop long : au plus 3 caractères"],
  ["too_big (nombre)", z.number().lt(10), 10, "Trop grand : la valeur doit être inférieure à 10"],
  ["invalid_format (regex)", z.string().regex(/^\d+$/), "x", "Le texte n'a pas la forme attendue"],
  ["invalid_format (e-mail)", z.email(), "x", "Il faut une adresse e-mail"],
  ["invalid_format (début)", z.string().startsWith("qe:"), "x", "Le texte doit commencer par « qe: »"],
  ["not_multiple_of", z.number().multipleOf(5), 7, "Le nombre doit être un multiple de 5"],
  ["unrecognized_keys", z.strictObject({ a: z.number() }), { a: 1, b: 2, c: 3 }, "Champs inconnus : « b » et « c »"],
  ["invalid_union", z.union([z.number(), z.boolean()]), "x", "La valeur ne correspond à aucune des formes permises"],
  ["invalid_key", z.record(z.string().regex(/^[a-z]+$/), z.number()), { A1: 1 }, "Un nom de champ n'est pas valide"],
  ["invalid_element", z.map(z.string(), z.number()), new Map([["a", "b"]]), "Il faut un nombre, mais « b » est du texte"],
  ["custom", z.number().refine((n) => n > 0), -1, "La valeur n'est pas valide"],
])("%s", (_code, schema, valeur, attendu) => {
  const m = message(schema, valeur);
  expect(m[0]).toBe(attendu);
  // Never the compiler's words of zod's own French locale.
  expect(m.join(" ")).not.toMatch(/Entrée invalide|attendu, .* reçu|indéfini|chaîne de caractères/);
});

it("un modèle de document mal formé est refusé avec ces messages", () => {
  const d = structuredClone(peBrut) as { titre?: unknown };
  delete d.titre;
  expect(() => chargerModele(d, "modèle test")).toThrow(expect.objectContaining({ details: ["titre : Il faut un objet { … }, mais la valeur manque"] }));
});
