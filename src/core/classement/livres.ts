/**
 * The shipped decision models (templates/classement/), by id: without zod, so that the command
 * line can list them without loading the validation (modele.ts checks them when one is used).
 */
import choixScenarios from "../../../templates/classement/choix-scenarios.json";
import prioritesActions from "../../../templates/classement/priorites-actions.json";

export const SOURCES_DECISION: Record<string, unknown> = { "choix-scenarios": choixScenarios, "priorites-actions": prioritesActions };
export const MODELES_DECISION = Object.keys(SOURCES_DECISION);
