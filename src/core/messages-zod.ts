/**
 * Validation messages of the schema library (zod) in plain French, for every issue code zod can
 * raise. zod ships a French locale, but it speaks like a compiler (« Entrée invalide : chaîne de
 * caractères attendu, indéfini reçu »); a referent reads « du texte est attendu, mais la valeur
 * manque ». Passed to every `safeParse` of users' data: `{ error: erreurZodFr }`.
 */
import type { z } from "zod";

/** What a value is, said the way a referent says it (with its article). */
const NATURES: Record<string, string> = {
  string: "du texte",
  number: "un nombre",
  int: "un nombre entier",
  bigint: "un nombre entier",
  boolean: "vrai ou faux (true / false)",
  symbol: "un symbole",
  undefined: "rien",
  null: "une valeur vide (null)",
  void: "rien",
  never: "aucune valeur",
  date: "une date",
  array: "une liste",
  object: "un objet { … }",
  tuple: "une liste",
  record: "un objet { … }",
  map: "un objet { … }",
  set: "une liste",
  file: "un fichier",
  nan: "une valeur qui n'est pas un nombre (NaN)",
  function: "une fonction",
  nonoptional: "une valeur",
};

const FORMATS: Record<string, string> = {
  email: "une adresse e-mail",
  url: "une adresse web (URL)",
  uuid: "un identifiant UUID",
  date: "une date AAAA-MM-JJ",
  datetime: "une date et une heure (AAAA-MM-JJTHH:MM)",
  time: "une heure HH:MM",
  duration: "une durée",
  base64: "un contenu encodé en base64",
  base64url: "un contenu encodé en base64url",
  json_string: "du JSON",
};

const nature = (n: string) => NATURES[n] ?? n;

/** The nature of what was given: « rien » for a missing value, « du texte (« abc ») » for a string. */
function donne(v: unknown): string {
  if (v === undefined) return "la valeur manque";
  if (v === null) return "la valeur est vide (null)";
  if (typeof v === "string") return `« ${v.length > 40 ? `${v.slice(0, 40)}…` : v} » est du texte`;
  if (typeof v === "number") return Number.isNaN(v) ? "la valeur n'est pas un nombre (NaN)" : `${v} est un nombre`;
  if (typeof v === "boolean") return `${v} est vrai ou faux`;
  if (Array.isArray(v)) return "une liste est donnée";
  if (typeof v === "object") return "un objet { … } est donné";
  return `${typeof v} est donné`;
}

const citer = (v: unknown) => (typeof v === "string" ? `« ${v} »` : String(v));
const liste = (vs: readonly unknown[], et = "ou") => (vs.length <= 1 ? vs.map(citer).join("") : `${vs.slice(0, -1).map(citer).join(", ")} ${et} ${citer(vs[vs.length - 1])}`);

/** Size unit of what is measured. */
function unite(origine: string, n: number | bigint): string {
  const pluriel = Number(n) > 1 ? "s" : "";
  if (origine === "string") return `${n} caractère${pluriel}`;
  if (origine === "array" || origine === "set") return `${n} élément${pluriel}`;
  if (origine === "file") return `${n} octet${pluriel}`;
  return String(n);
}

export const erreurZodFr: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      // « Il faut … » needs no agreement with what is expected (« une liste », « un nombre »).
      return `Il faut ${nature(issue.expected)}, mais ${donne(issue.input)}`;
    case "invalid_value":
      return issue.values.length === 1 ? `La valeur doit être ${citer(issue.values[0])}` : `La valeur doit être l'une de : ${liste(issue.values)}`;
    case "too_big": {
      const o = issue.origin;
      if (o === "string" || o === "array" || o === "set" || o === "file") return `Trop long : ${issue.inclusive ? "au plus" : "moins de"} ${unite(o, issue.maximum)}`;
      return `Trop grand : la valeur doit être ${issue.inclusive ? "inférieure ou égale à" : "inférieure à"} ${String(issue.maximum)}`;
    }
    case "too_small": {
      const o = issue.origin;
      if ((o === "string" || o === "array" || o === "set") && Number(issue.minimum) === 1 && issue.inclusive !== false) return o === "string" ? "Ne peut pas être vide" : "Au moins un élément est attendu";
      if (o === "string" || o === "array" || o === "set" || o === "file") return `Trop court : ${issue.inclusive === false ? "plus de" : "au moins"} ${unite(o, issue.minimum)}`;
      return `Trop petit : la valeur doit être ${issue.inclusive === false ? "supérieure à" : "supérieure ou égale à"} ${String(issue.minimum)}`;
    }
    case "invalid_format": {
      if (issue.format === "starts_with") return `Le texte doit commencer par « ${String((issue as { prefix?: string }).prefix)} »`;
      if (issue.format === "ends_with") return `Le texte doit finir par « ${String((issue as { suffix?: string }).suffix)} »`;
      if (issue.format === "includes") return `Le texte doit contenir « ${String((issue as { includes?: string }).includes)} »`;
      if (issue.format === "regex") return "Le texte n'a pas la forme attendue";
      return `Il faut ${FORMATS[issue.format] ?? `le format « ${issue.format} »`}`;
    }
    case "not_multiple_of":
      return `Le nombre doit être un multiple de ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return `${issue.keys.length > 1 ? "Champs inconnus" : "Champ inconnu"} : ${liste(issue.keys, "et")}`;
    case "invalid_key":
      return "Un nom de champ n'est pas valide";
    case "invalid_union":
      return "La valeur ne correspond à aucune des formes permises";
    case "invalid_element":
      return "Un élément de la liste n'est pas valide";
    case "custom":
      return "La valeur n'est pas valide";
    default:
      return "La valeur n'est pas valide";
  }
};
