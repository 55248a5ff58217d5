/**
 * JSON from users' files: a French refusal naming the file and the place of a syntax error, and
 * a bound on nesting. JSON.parse itself copes with any depth, but every later step (validation,
 * rendering, JSON.stringify) recurses and would overflow the stack on a hostile file.
 */
import { ErreurUtilisateur } from "./erreur-utilisateur";

export const PROFONDEUR_MAX_JSON = 64;

/** `quoi` names the file for messages: « Le fichier reponses.json ». */
export function analyserJson(texte: string, quoi: string): unknown {
  const t = texte.charCodeAt(0) === 0xfeff ? texte.slice(1) : texte;
  let profondeur = 0;
  let chaine = false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (chaine) {
      if (c === 0x5c) i++;
      else if (c === 0x22) chaine = false;
    } else if (c === 0x22) chaine = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++profondeur > PROFONDEUR_MAX_JSON) throw new ErreurUtilisateur(`${quoi} est trop imbriqué : plus de ${PROFONDEUR_MAX_JSON} niveaux de listes ou d'objets (caractère ${i + 1}).`);
    } else if (c === 0x5d || c === 0x7d) profondeur--;
  }
  try {
    return JSON.parse(t);
  } catch (e) {
    const position = /position (\d+)/.exec((e as Error).message)?.[1];
    if (!t.trim()) throw new ErreurUtilisateur(`${quoi} est vide : ce n'est pas un fichier JSON.`);
    if (position === undefined) throw new ErreurUtilisateur(`${quoi} n'est pas un fichier JSON lisible (syntaxe incorrecte ou fichier tronqué).`);
    const avant = t.slice(0, Number(position));
    const ligne = avant.split("\n").length;
    const colonne = Number(position) - avant.lastIndexOf("\n");
    throw new ErreurUtilisateur(`${quoi} n'est pas un fichier JSON lisible : syntaxe incorrecte ligne ${ligne}, colonne ${colonne}.`);
  }
}
