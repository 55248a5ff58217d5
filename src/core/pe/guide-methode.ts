/**
 * The method guide of a referential: how to run each evaluation method, interview guides for
 * the people met (a child of 6–11, a teenager, a PRF mother, a mère SOS), then every criterion
 * grouped by method with what to look at and examples of evidence. A DocumentPlan, rendered by
 * the same renderers as the PE (docx for the CLI and file mode).
 *
 * The texts are ours, written for field teams who will run the assessment again without us.
 */
import { criteresAplatis, estApplicable, METHODE_LIBELLES, METHODES, type Methode, type Referentiel } from "../referential";
import type { Bloc, DocumentPlan, Region } from "./document";

export const MODELE_GUIDE = "guide-methode";

interface Methodologie {
  but: string;
  etapes: string[];
  conseils: string[];
}

const METHODOLOGIES: Record<Methode, Methodologie> = {
  "accompagne-traceur": {
    but: "Suivre le parcours d'une personne accompagnée (un enfant, un jeune, une mère) et l'écouter elle-même : ce qu'elle vit dit si les engagements de l'établissement sont tenus pour elle.",
    etapes: [
      "Choisir la personne avec l'équipe, en variant les profils d'une évaluation à l'autre (âge, ancienneté, handicap, unité). Jamais une personne en crise ou qui vient d'arriver.",
      "Demander son accord, et celui de son représentant légal pour un enfant ; lui dire qu'elle peut refuser ou s'arrêter à tout moment, sans conséquence.",
      "Lire son dossier avant l'entretien : projet personnalisé, évaluation des besoins, dernières transmissions.",
      "La rencontrer dans un lieu calme qu'elle connaît, 30 à 45 minutes au plus, avec un adulte de confiance si elle le souhaite (mais pas son référent comme évaluateur).",
      "Rencontrer ensuite le professionnel référent et, si c'est utile, la famille ou la mère SOS.",
      "Noter aussitôt ce qui a été dit avec ses mots ; ne jamais écrire son nom dans la grille.",
      "Rendre compte à la personne de ce qui sera fait de sa parole.",
    ],
    conseils: [
      "Un accompagné traceur illustre ; il ne prouve pas qu'une règle est tenue pour tout le monde : pour « chaque personne… », compléter par un échantillon de dossiers (traceur ciblé).",
      "Si la personne révèle une violence, s'arrêter, la rassurer, et suivre aussitôt la procédure de signalement : l'évaluation passe après.",
    ],
  },
  "traceur-cible": {
    but: "Suivre un processus sur le terrain (admission, médicaments, sortie, fugue…) pour vérifier que ce qui est écrit est fait, par les professionnels qui le font.",
    etapes: [
      "Choisir le processus et une situation réelle récente (une admission du trimestre, une prise de médicament d'hier).",
      "Lire la procédure écrite, puis suivre la situation pas à pas avec le professionnel qui l'a vécue.",
      "Observer sur place (armoire, planning, affichage) et comparer aux traces (registres, fiches).",
      "Pour une règle qui vaut pour tous, tirer au hasard un échantillon (cinq dossiers au moins) et compter les dossiers conformes.",
      "Noter les écarts sans chercher de coupable : le but est d'améliorer le processus.",
    ],
    conseils: ["Un traceur ciblé se fait avec l'équipe du jour, pas avec la direction seule.", "Un seul dossier non conforme sur un impératif suffit à le noter 1 : écrire lequel (sans nom) en commentaire."],
  },
  "audit-systeme": {
    but: "Vérifier avec la direction et les responsables qu'un dispositif d'ensemble existe, fonctionne et s'améliore (politique, organisation, ressources humaines, qualité).",
    etapes: [
      "Demander à l'avance les documents de la liste « Exemples de preuves » des critères concernés.",
      "Rencontrer la direction et les responsables désignés (qualité, ressources humaines, référent protection).",
      "Pour chaque critère, demander comment le dispositif est né, qui le fait vivre, quand il a été revu et ce qu'il a changé.",
      "Vérifier par un sondage sur le terrain ce que la direction affirme (un professionnel, un affichage, un registre).",
    ],
    conseils: ["Un document qui existe mais que personne ne connaît ne vaut pas plus de 2.", "Prévoir le retour aux équipes : l'audit système ne doit pas rester entre la direction et les évaluateurs."],
  },
};

interface GuideEntretien {
  titre: string;
  posture: string[];
  questions: string[];
}

/** Interview guides: simple words, open questions, no question that suggests its answer. */
export const GUIDES_ENTRETIEN: GuideEntretien[] = [
  {
    titre: "Avec un enfant de 6 à 11 ans",
    posture: [
      "Se mettre à sa hauteur, dans un lieu qu'il connaît, porte entrouverte ; 20 à 30 minutes, avec des pauses.",
      "Dire qui on est et pourquoi on vient : « On cherche à savoir ce qui va bien et ce qui pourrait aller mieux dans la maison. Il n'y a pas de mauvaise réponse. »",
      "S'appuyer sur un dessin, une journée racontée, des images ; accepter « je ne sais pas ».",
    ],
    questions: [
      "Raconte-moi une journée ici, du réveil au coucher.",
      "Qu'est-ce que tu aimes le plus ici ? Qu'est-ce que tu changerais si tu pouvais ?",
      "Quand tu es triste ou que tu as peur, à qui tu le dis ?",
      "Si quelqu'un te faisait du mal, ici ou ailleurs, à qui tu pourrais en parler ?",
      "Qui t'aide pour l'école ? Comment ça se passe à l'école ?",
      "Est-ce que tu vois ta famille ou des personnes que tu aimes ? Comment ça se passe ?",
      "Qu'est-ce qui se passe quand un enfant fait une bêtise ?",
      "Est-ce qu'on te demande ton avis, par exemple pour les repas ou les sorties ?",
    ],
  },
  {
    titre: "Avec un adolescent ou une adolescente",
    posture: [
      "Le traiter en interlocuteur : expliquer la démarche, ce qui sera écrit et ce qui restera confidentiel, et la limite (un danger sera signalé).",
      "Le laisser choisir le lieu et le moment ; ne pas insister sur son histoire personnelle.",
    ],
    questions: [
      "Qu'est-ce qui est prévu pour toi dans ton projet ? Qui l'a écrit avec toi ?",
      "Quand une décision importante te concerne, est-ce qu'on t'écoute avant ?",
      "Comment prépares-tu ta sortie : formation, logement, papiers, argent ?",
      "As-tu tes papiers (acte de naissance, carte, dossier scolaire) ? Sais-tu où ils sont ?",
      "Est-ce que tu t'es déjà senti jugé ou mis à part, ici ou dehors ? Par qui ?",
      "Filles et garçons ont-ils les mêmes sorties, les mêmes tâches, les mêmes activités ?",
      "Si tu voulais te plaindre, comment ferais-tu ? Est-ce qu'on t'a déjà répondu ?",
      "Y a-t-il des endroits ou des moments où tu ne te sens pas en sécurité ?",
    ],
  },
  {
    titre: "Avec une mère du programme de renforcement familial",
    posture: [
      "La recevoir seule (avec son enfant si elle le souhaite), dans la langue qu'elle choisit ; rappeler que ses réponses ne changent rien à l'aide qu'elle reçoit.",
      "Ne jamais l'interroger sur les circonstances de la naissance ; parler de son projet, pas de son passé.",
    ],
    questions: [
      "Comment êtes-vous arrivée dans le programme ? Qu'est-ce qu'on vous a proposé au début ?",
      "Qu'est-ce qui vous aide le plus aujourd'hui ? Qu'est-ce qui manque ?",
      "Avez-vous pu faire les papiers de votre enfant (état civil, couverture médicale) ? Qui vous a aidée ?",
      "Participez-vous à des groupes ou à une formation ? Qu'en pensez-vous ?",
      "Vous êtes-vous sentie jugée, ici ou dans une administration ? Qu'a fait l'équipe ?",
      "Vous demande-t-on votre avis sur l'accompagnement ? Est-ce que cela a changé quelque chose ?",
      "À qui vous adresseriez-vous si vous n'étiez pas contente de l'accompagnement ?",
    ],
  },
  {
    titre: "Avec une mère SOS",
    posture: [
      "La rencontrer dans sa maison, à un moment où les enfants sont à l'école ; elle parle de son travail, pas d'une inspection.",
      "Rappeler que l'évaluation porte sur l'organisation qui la soutient, pas sur sa personne.",
    ],
    questions: [
      "Comment se passe une semaine type dans votre maison ?",
      "Qui vous remplace pendant vos repos et vos congés ? Les enfants la connaissent-ils ?",
      "Êtes-vous associée aux décisions sur les enfants de votre maison (école, santé, visites de la famille) ?",
      "Quelles formations avez-vous reçues ? Lesquelles vous manquent ?",
      "Vers qui vous tournez-vous quand une situation est difficile, le jour comme la nuit ?",
      "Comment parle-t-on aux enfants de leur histoire et de leurs origines ?",
      "Si vous deviez quitter votre fonction, comment les enfants seraient-ils préparés ?",
    ],
  },
];

const titre = (niveau: 1 | 2 | 3, texte: string): Bloc => ({ type: "titre", niveau, texte });
const para = (texte: string): Bloc => ({ type: "paragraphe", texte });

export interface OptionsGuide {
  /** Only the criteria that apply to these establishment categories. */
  categories?: string[];
}

export function planifierGuideMethode(ref: Referentiel, o: OptionsGuide = {}): DocumentPlan {
  const tag = (id: string) => `qe:${MODELE_GUIDE}:${id}`;
  const region = (id: string, titreRegion: string, blocs: Bloc[]): Region => ({ tag: tag(id), sectionId: id, titre: titreRegion, blocs: [titre(1, titreRegion), ...blocs], manuel: false });
  const { min, max, nonConcerne, libelles } = ref.echelle;
  const criteres = criteresAplatis(ref).filter(({ critere }) => estApplicable(critere, o.categories));
  const categories = o.categories?.length ? (ref.categories ?? []).filter((c) => o.categories!.includes(c.id)).map((c) => c.libelle.fr) : [];

  const regions: Region[] = [
    region("usage", "À quoi sert ce guide", [
      para(
        `Ce guide accompagne la grille du référentiel « ${ref.titre.fr} » (${ref.id} ${ref.version}). Il dit comment mener chaque méthode, comment parler avec les personnes rencontrées et, pour chacun des ${criteres.length} critères, ce qu'on regarde et quelles preuves on peut retenir. Il est fait pour que les équipes mènent elles-mêmes leurs évaluations, d'une année à l'autre.`,
      ),
      ...(categories.length ? [para(`Édition limitée aux critères qui s'appliquent à : ${categories.join(" ; ")}.`)] : []),
    ]),
    region("noter", "Noter un critère", [
      {
        type: "tableau",
        entetes: ["Note", "Sens"],
        lignes: [
          ...Array.from({ length: max - min + 1 }, (_, i) => [String(min + i), libelles?.[String(min + i)]?.fr ?? ""]),
          [nonConcerne, "Le critère ne concerne pas l'établissement : à justifier en commentaire ; jamais sur un impératif."],
        ],
      },
      para(`Un critère impératif se note ${min} ou ${max} : il n'est atteint qu'à ${max}, et un seul impératif non atteint est signalé à part, quelle que soit la moyenne.`),
      para("Un critère « sans objet pour cet établissement » (grisé dans la grille) ne s'applique pas à ses catégories : il n'est ni noté, ni compté."),
      para("Chaque note s'appuie sur au moins une preuve écrite dans la colonne « Preuves » (document, observation, propos rapporté sans nom)."),
    ]),
    region(
      "methodes",
      "Mener chaque méthode",
      METHODES.flatMap((m) => [
        titre(2, METHODE_LIBELLES[m]),
        para(METHODOLOGIES[m].but),
        titre(3, "Déroulement"),
        { type: "liste", elements: METHODOLOGIES[m].etapes } as Bloc,
        titre(3, "Points d'attention"),
        { type: "liste", elements: METHODOLOGIES[m].conseils } as Bloc,
      ]),
    ),
    region(
      "entretiens",
      "Guides d'entretien",
      [
        para("Ces questions sont des points de départ : on les reformule avec les mots de la personne, en arabe, en darija ou en français selon son choix. On n'enregistre pas ; on ne note aucun nom dans la grille."),
        ...GUIDES_ENTRETIEN.flatMap((g) => [titre(2, g.titre), titre(3, "Posture"), { type: "liste", elements: g.posture } as Bloc, titre(3, "Questions"), { type: "liste", elements: g.questions } as Bloc]),
      ],
    ),
    region(
      "criteres",
      "Les critères par méthode",
      METHODES.flatMap((m) => {
        const liste = criteres.filter(({ critere }) => critere.methode === m);
        if (!liste.length) return [];
        return [
          titre(2, `${METHODE_LIBELLES[m]} (${liste.length} critères)`),
          {
            type: "tableau",
            entetes: ["Réf.", "Critère", "Ce qu'on regarde", "Exemples de preuves"],
            lignes: liste.map(({ critere }) => [
              critere.imperatif ? `${critere.id} (impératif)` : critere.id,
              critere.elements ? `${critere.libelle.fr} ${critere.elements.map((e) => `• ${e.libelle.fr}`).join(" ")}` : critere.libelle.fr,
              critere.regarder?.fr ?? "—",
              critere.preuves?.fr ?? "—",
            ]),
          } as Bloc,
        ];
      }),
    ),
  ];
  const titreDoc = "Guide de la méthode d'évaluation";
  return {
    modele: { id: MODELE_GUIDE, version: ref.version },
    titre: titreDoc,
    couverture: [
      { type: "paragraphe", texte: titreDoc, style: "titreDocument" },
      { type: "paragraphe", texte: ref.titre.fr, style: "sousTitreDocument" },
      { type: "paragraphe", texte: `Référentiel ${ref.id} ${ref.version}`, style: "mentionDocument" },
    ],
    enTete: `${titreDoc} · ${ref.id} ${ref.version}`,
    sommaire: true,
    regions,
    avertissements: criteres.filter(({ critere }) => !critere.regarder || !critere.preuves).map(({ critere }) => `Critère ${critere.id} : repères d'évaluation manquants.`),
  };
}
