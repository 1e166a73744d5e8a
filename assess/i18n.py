"""The tool's own words (report headings, questionnaire prompts, the terminal table) in each
language it speaks. Framework text is translated by the framework itself (see localise.py).

gettext-style: the English text is the message id, so code and templates read in English and
English needs no catalogue. Each other language maps message ids to its text; a message it
lacks falls back to English (tests/test_i18n.py checks that every message used is translated).
`{name}` placeholders are filled with `str.format` after translation, so a translation may
move them. Counted messages give a singular and a plural id (`Translator.plural`).

Numbers, percentages and dates follow the language too: "66.7%" and "3 February 2026" in
English, "66,7 %" and "3 février 2026" in French.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT = "en"
NBSP = "\u00a0"

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
}

# French: sentence case in headings, a no-break space before ':', ';', '?', '!' and '%' (typed
# here as \u00a0), « guillemets », and the verdicts a Canadian federal reader would expect.
FR: dict[str, str] = {
    # ---------------------------------------------------------------- verdicts, ratings, levels
    "Proceed": "Aller de l'avant",
    "Proceed with conditions": "Aller de l'avant sous conditions",
    "Pause and remediate": "Suspendre et corriger",
    "Do not proceed": "Ne pas aller de l'avant",
    "Green": "Vert",
    "Amber": "Orange",
    "Red": "Rouge",
    "GREEN": "VERT",
    "AMBER": "ORANGE",
    "RED": "ROUGE",
    "Gate": "Blocage",
    "High": "Élevée",
    "Medium": "Moyenne",
    "Low": "Faible",
    "Asserted": "Affirmé",
    "Documented": "Documenté",
    "Verified": "Vérifié",
    # ---------------------------------------------------------------- chapters and the cover
    "Decision brief": "Synthèse",
    "Action plan": "Plan d'action",
    "Evidence gaps": "Lacunes de preuve",
    "References": "Références",
    "Sign-off": "Approbation",
    "Method and provenance": "Méthode et provenance",
    "Contents": "Table des matières",
    "Appendix {number}: {title}": "Annexe {number}\u00a0: {title}",
    "Annex {number}: {title}": "Annexe {number}\u00a0: {title}",
    "Annex {number}:": "Annexe {number}\u00a0:",
    "Annexes": "Annexes",
    "Status": "Statut",
    "Open": "Ouverte",
    "In progress": "En cours",
    "Done": "Faite",
    "Dropped": "Abandonnée",
    "Every answer below full marks, in order of priority (gates, then high, medium and low) and, within each, by "
    "the points at stake. Fill in an owner, a due date and a status for each action when the board agrees the "
    "plan (\u201cassess actions export\u201d writes it as a spreadsheet, \u201cassess actions import\u201d reads it "
    "back).":
        "Chaque réponse sous la note maximale, par ordre de priorité (blocages, puis élevée, moyenne et faible) et, "
        "dans chacune, selon les points en jeu. Inscrivez un responsable, une échéance et un statut pour chaque "
        "action lorsque le comité adopte le plan («\u00a0assess actions export\u00a0» l'écrit sous forme de "
        "tableur, «\u00a0assess actions import\u00a0» le relit).",
    "Answered \u201cDon't know\u201d ({n} questions in a row)":
        "Réponses «\u00a0Je ne sais pas\u00a0» ({n}\u00a0questions à la suite)",
    "Assessed by": "Évaluation faite par",
    "Deployed by": "Déployé par",
    "{perspective} view": "Point de vue\u00a0: {perspective}",
    "Full marks": "Note maximale",
    "Nothing stands open: every question is answered and no rating carries a condition.":
        "Rien ne reste ouvert\u00a0: chaque question a une réponse et aucune cote n'est assortie d'une condition.",
    "Of {n} questions that apply: {answered} answered, {dk} \u2018Don't know\u2019, {open} not yet answered. Points "
    "short of the maximum: {dk_points} from \u2018Don't know\u2019, {answer_points} from the answers given.":
        "Sur {n}\u00a0questions applicables\u00a0: {answered} avec réponse, {dk} «\u00a0Je ne sais pas\u00a0», "
        "{open} sans réponse. Points manquants\u00a0: {dk_points} dus aux «\u00a0Je ne sais pas\u00a0», "
        "{answer_points} dus aux réponses données.",
    "One entry per source, with the frameworks and questions that rely on it. Numbers in square brackets "
    "elsewhere in the report point here.":
        "Une entrée par source, avec les cadres et les questions qui s'y appuient. Les numéros entre crochets "
        "dans le reste du rapport renvoient ici.",
    "Open points and conditions": "Points ouverts et conditions",
    "The annexes that follow give each framework question by question, the full action plan, the evidence "
    "gaps, the references and the method.":
        "Les annexes qui suivent reprennent chaque cadre question par question, le plan d'action complet, les "
        "lacunes de preuve, les références et la méthode.",
    "The question: {ask} The answer given: {answer}": "La question\u00a0: {ask} La réponse donnée\u00a0: {answer}",
    "What the rating rests on": "Sur quoi repose la cote",
    "due {date}": "échéance {date}",
    "owner: {owner}": "responsable\u00a0: {owner}",
    "question": "question",
    "questions": "questions",
    "red": "rouges",
    "amber": "orange",
    "No question has been answered yet.": "Aucune question n'a encore de réponse.",
    "{dk} of {n} answers are \u2018Don't know\u2019: the {colour} ratings mostly reflect missing information, not "
    "a shown failure.":
        "{dk} réponses sur {n} sont «\u00a0Je ne sais pas\u00a0»\u00a0: les cotes {colour} traduisent surtout "
        "un manque d'information, non un échec démontré.",
    "{dk} of {n} answers are \u2018Don't know\u2019; {short} answers given fall short of full marks.":
        "{dk} réponses sur {n} sont «\u00a0Je ne sais pas\u00a0»\u00a0; {short} réponses données n'obtiennent "
        "pas la note maximale.",
    "Every one of the {n} answers was given; {short} fall short of full marks.":
        "Les {n}\u00a0réponses ont toutes été données\u00a0; {short} n'obtiennent pas la note maximale.",
    "{framework}: critical questions without evidence ({numbers})":
        "{framework}\u00a0: questions critiques sans preuve ({numbers})",
    "{framework}: {n} question not yet answered": "{framework}\u00a0: {n}\u00a0question sans réponse",
    "{framework}: {n} questions not yet answered": "{framework}\u00a0: {n}\u00a0questions sans réponse",
    "Page {page} of {pages}": "Page {page} sur {pages}",
    "Page": "Page",
    "of": "sur",
    "DRAFT": "BROUILLON",
    "DRAFT.": "BROUILLON.",
    "{n} question not yet answered: the ratings and verdict are provisional.":
        "{n}\u00a0question n'a pas encore de réponse\u00a0: les cotes et la décision sont provisoires.",
    "{n} questions not yet answered: the ratings and verdict are provisional.":
        "{n}\u00a0questions n'ont pas encore de réponse\u00a0: les cotes et la décision sont provisoires.",
    "About this assessment": "À propos de cette évaluation",
    "System": "Système",
    "Organisation": "Organisation",
    "Stage": "Étape",
    "Respondent": "Répondant",
    "Perspective": "Point de vue",
    "Date": "Date",
    "Reviews": "Réexamen de",
    "Protective marking": "Cote de sécurité",
    "None given": "Aucune",
    "Verdict": "Décision",
    "Verdict (provisional)": "Décision (provisoire)",
    "AI impact assessment": "Évaluation de l'incidence d'un système d'IA",
    "{kind} of {system} ({organisation}): {verdict}": "{kind}\u00a0: {system} ({organisation}), {verdict}",
    # ---------------------------------------------------------------- executive summary
    "Ratings": "Cotes",
    "Assurance by framework": "Assurance par cadre",
    "Assurance is the share of available points scored. The rating is given in words beside each bar; dashed "
    "marks show the amber threshold and solid marks the green threshold.":
        "L'assurance est la part des points possibles qui a été obtenue. La cote est écrite en toutes lettres "
        "à côté de chaque barre\u00a0; les traits pointillés marquent le seuil orange et les traits pleins le "
        "seuil vert.",
    "{title}: assurance {percent}, rated {rating}": "{title}\u00a0: assurance de {percent}, cote {rating}",
    "Dashed marks show each framework's amber and solid marks its green threshold.":
        "Les traits pointillés marquent le seuil orange de chaque cadre et les traits pleins son seuil vert.",
    "Ratings by framework (the chart's data)": "Cotes par cadre (les données du graphique)",
    "Framework": "Cadre",
    "Rating": "Cote",
    "Assurance": "Assurance",
    "Answered": "Répondu",
    "Gates": "Blocages",
    "Gates triggered": "Blocages déclenchés",
    "A gate is an answer that fails its framework whatever the rest scores.":
        "Un blocage est une réponse qui fait échouer son cadre, quel que soit le score du reste.",
    "{framework}, question": "{framework}, question",
    "(cannot be remedied in the deployment's current form)":
        "(impossible à corriger sous la forme actuelle du déploiement)",
    "No gate was triggered.": "Aucun blocage n'a été déclenché.",
    "Top actions": "Actions prioritaires",
    "Top actions ({shown} of {total})": "Actions prioritaires ({shown} sur {total})",
    "The {shown} most important of {total} actions; the {link} lists them all.":
        "Les {shown} actions les plus importantes sur {total}\u00a0; le {link} les présente toutes.",
    "The most important of {total} actions; the {link} lists them all.":
        "L'action la plus importante sur {total}\u00a0; le {link} les présente toutes.",
    "action plan": "plan d'action",
    "No actions: every answer scored full marks.":
        "Aucune action\u00a0: chaque réponse a obtenu tous les points.",
    "Warnings": "Avertissements",
    "Warning: {text}": "Avertissement\u00a0: {text}",
    "Impact level": "Niveau d'incidence",
    "Impact levels": "Niveaux d'incidence",
    # ---------------------------------------------------------------- the level block
    "{level} of {count}": "{level} sur {count}",
    "{title} ({position} of {count})": "{title} ({position} sur {count})",
    "Level {position} of {count}": "Niveau {position} sur {count}",
    "Raw {tally}": "{tally} brut",
    "{points} of {maximum}": "{points} sur {maximum}",
    "{points} of {maximum} points": "{points} sur {maximum}\u00a0points",
    "Adjustment": "Ajustement",
    "Adjustments": "Ajustements",
    "No adjustment applied.": "Aucun ajustement ne s'applique.",
    "None applied": "Aucun",
    "{tally} {points} of {of} reached {at_least}: {reduce_by} off, {rounding} \u2192 {after}":
        "{tally}\u00a0: {points} sur {of}, soit au moins {at_least}\u00a0: {reduce_by} de moins, {rounding} "
        "\u2192 {after}",
    "{tally} {points} of {of} reached {at_least}: {reduce_by} off \u2192 {after}":
        "{tally}\u00a0: {points} sur {of}, soit au moins {at_least}\u00a0: {reduce_by} de moins \u2192 {after}",
    "rounded half up": "arrondi à l'entier le plus proche (moitiés vers le haut)",
    "rounded half to even": "arrondi à l'entier le plus proche (moitiés vers le pair)",
    "Score the level is read from": "Score qui détermine le niveau",
    "Current score": "Score actuel",
    "Level bounds": "Limites des niveaux",
    "up to {bound}": "jusqu'à {bound}",
    "above {bound}": "au-delà de {bound}",
    "{lower} to {upper}": "de {lower} à {upper}",
    "Tallies": "Totaux",
    "Tally": "Total",
    "Points": "Points",
    "Share": "Part",
    "higher is worse": "plus c'est élevé, plus c'est grave",
    "What this level requires": "Ce que ce niveau exige",
    "The deploying body must meet each of these requirements before the system operates.":
        "L'organisme qui déploie le système doit satisfaire à chacune de ces exigences avant que le système "
        "n'entre en service.",
    "This level carries no requirements.": "Ce niveau ne comporte aucune exigence.",
    "Current score {score} of {maximum}: {level}.": "Score actuel de {score} sur {maximum}\u00a0: {level}.",
    "{level}: above {lower}, up to {upper}": "{level}\u00a0: au-delà de {lower}, jusqu'à {upper}",
    "Current score {score}": "Score actuel {score}",
    "Ratings by framework": "Cotes par cadre",
    "{tally} {points} of {of} is below {at_least}: no reduction":
        "{tally}\u00a0: {points} sur {of}, sous le seuil de {at_least}\u00a0: aucune réduction",
    "{level}: above {lower}": "{level}\u00a0: au-delà de {lower}",
    "{level}: up to {upper}": "{level}\u00a0: jusqu'à {upper}",
    "Score against the level bounds": "Score par rapport aux limites des niveaux",
    "The marker shows the current score; the bands are the levels, their bounds given in points.":
        "Le repère indique le score actuel\u00a0; les bandes sont les niveaux, leurs limites en points.",
    "current score {score}": "score actuel {score}",
    "Level": "Niveau",
    "From": "De",
    "Up to": "Jusqu'à",
    "Result": "Résultat",
    "Impact level, score and requirements for {title}": "Niveau d'incidence, score et exigences pour {title}",
    # ---------------------------------------------------------------- framework chapters
    "Result for {title}": "Résultat pour {title}",
    "{percent} ({points} of {maximum} points; green from {green}, amber from {amber})":
        "{percent} ({points} sur {maximum}\u00a0points\u00a0; vert à partir de {green}, orange à partir de "
        "{amber})",
    "{percent} ({points} of {maximum} points)": "{percent} ({points} sur {maximum}\u00a0points)",
    "Completeness": "Exhaustivité",
    "{percent} of the questions that apply are answered": "{percent} des questions applicables ont une réponse",
    "({n} still open)": "({n} encore ouverte(s))",
    "Version {version}, last reviewed {date}": "Version {version}, revue le {date}",
    "Rests on": "S'appuie sur",
    "Limits of this framework:": "Limites de ce cadre\u00a0:",
    "Section breakdown": "Détail par section",
    "Section": "Section",
    "n/a": "s.\u00a0o.",
    "{answered} of {visible}": "{answered} sur {visible}",
    "(critical)": "(essentielle)",
    "Answer to question {number}": "Réponse à la question {number}",
    "Answer": "Réponse",
    "Score": "Score",
    "(weight {weight})": "(pondération {weight})",
    "Confidence": "Degré de certitude",
    "Note": "Note",
    "Evidence": "Preuves",
    "Evidence gap": "Lacune de preuve",
    "Sources": "Sources",
    "Answered \u201cDon't know\u201d": "Réponse «\u00a0Je ne sais pas\u00a0»",
    "Critical question answered without evidence": "Question essentielle répondue sans preuve",
    "Critical question not answered": "Question essentielle sans réponse",
    "Not answered": "Sans réponse",
    "Not applicable": "Sans objet",
    # ---------------------------------------------------------------- answered "not applicable", with a reason
    "Not applicable ({n}):": "Sans objet ({n})\u00a0:",
    "Answered \u201cnot applicable\u201d": "Questions déclarées «\u00a0sans objet\u00a0»",
    "The respondent says these questions do not apply to this deployment. They count in neither the score nor its "
    "maximum, so each reason given should be checked.":
        "Selon la personne qui répond, ces questions ne s'appliquent pas à ce déploiement. Elles ne comptent ni dans "
        "le score ni dans son maximum\u00a0: chaque raison donnée mérite d'être vérifiée.",
    "Reason given: {reason}": "Raison donnée\u00a0: {reason}",
    "Why not applicable": "Pourquoi sans objet",
    "Don't know": "Je ne sais pas",
    "None chosen": "Aucune option choisie",
    "Not counted": "Non comptée",
    "Not scored": "Non notée",
    "Not applicable: this question is asked only when {condition}. On the answers given, that condition does "
    "not hold, so the question counts in neither the score nor its maximum.":
        "Sans objet\u00a0: cette question n'est posée que si {condition}. Selon les réponses données, cette "
        "condition n'est pas remplie\u00a0; la question ne compte donc ni dans le score ni dans son maximum.",
    " An answer was recorded for it but is not counted.":
        " Une réponse y avait été donnée, mais elle n'est pas comptée.",
    "changed since the answers were given: {detail}": "modifié depuis les réponses\u00a0: {detail}",
    "not recorded with the answers, so a change to the framework would go unnoticed":
        "non enregistrée avec les réponses\u00a0: une modification du cadre passerait inaperçue",
    "matches the hash recorded with the answers": "correspond à l'empreinte enregistrée avec les réponses",
    # ---------------------------------------------------------------- actions, gaps, references, sign-off
    "Actions, in order of priority": "Actions, par ordre de priorité",
    "Priority": "Priorité",
    "Action": "Action",
    "Framework and question": "Cadre et question",
    "Owner": "Responsable",
    "Due": "Échéance",
    "Answer: {answer}": "Réponse\u00a0: {answer}",
    "Questions answered \u201cDon't know\u201d, and critical questions without evidence. A gap on a critical "
    "question caps its framework's rating at amber.":
        "Les questions auxquelles on a répondu «\u00a0Je ne sais pas\u00a0» et les questions essentielles sans "
        "preuve. Une lacune sur une question essentielle limite la cote de son cadre à orange.",
    "Question": "Question",
    "Gap": "Lacune",
    "No evidence gaps.": "Aucune lacune de preuve.",
    "The sources each framework relies on. Numbers in square brackets elsewhere in the report point here.":
        "Les sources sur lesquelles s'appuie chaque cadre. Les numéros entre crochets renvoient ici.",
    "(pinpoint not verified against the primary text)": "(renvoi précis non vérifié dans le texte original)",
    "Signing records that the signatory has read this assessment and agrees the action plan, not that the "
    "deployment is lawful.":
        "La signature atteste que le signataire a lu cette évaluation et approuve le plan d'action, et non que "
        "le déploiement est légal.",
    "Signatures": "Signatures",
    "Role": "Rôle",
    "Name": "Nom",
    "Signature": "Signature",
    "Prepared by": "Préparé par",
    "Reviewed by": "Révisé par",
    "Approved by": "Approuvé par",
    # ---------------------------------------------------------------- method appendix
    "How the scores are worked out": "Comment les scores sont calculés",
    "How the impact level is worked out": "Comment le niveau d'incidence est déterminé",
    "Thresholds": "Seuils",
    "Rating thresholds by framework": "Seuils de cote par cadre",
    "Green from": "Vert à partir de",
    "Amber from": "Orange à partir de",
    "Red below": "Rouge en dessous de",
    "Provenance": "Provenance",
    "Versions and content hashes": "Versions et empreintes du contenu",
    "Item": "Élément",
    "Version": "Version",
    "Content hash (SHA-256)": "Empreinte du contenu (SHA-256)",
    "assess (this tool)": "assess (cet outil)",
    "The answers": "Les réponses",
    "The score is an aid to judgement, not a finding of law: read each framework's stated limits with it.":
        "Le score aide au jugement\u00a0; il ne constitue pas une conclusion juridique. Lisez-le avec les "
        "limites déclarées de chaque cadre.",
    "The same answers and frameworks always give the same result. These hashes identify exactly what this "
    "report was produced from; the answers themselves are attached to this PDF as {file} ({command} writes "
    "them out).":
        "Les mêmes réponses et les mêmes cadres donnent toujours le même résultat. Ces empreintes identifient "
        "exactement ce à partir de quoi ce rapport a été produit\u00a0; les réponses elles-mêmes sont jointes "
        "à ce PDF sous le nom {file} ({command} les extrait).",
    # ---------------------------------------------------------------- Markdown-only and terminal
    "Rating: {rating}": "Cote\u00a0: {rating}",
    "assurance {percent}": "assurance de {percent}",
    "answered {percent}": "répondu à {percent}",
    "Verdict: {verdict}": "Décision\u00a0: {verdict}",
    " (provisional)": " (provisoire)",
    "Requirements: {titles}": "Exigences\u00a0: {titles}",
    "Evidence gaps: {n} ({critical} on critical questions)":
        "Lacunes de preuve\u00a0: {n} (dont {critical} sur des questions essentielles)",
    "Gates ({n}):": "Blocages ({n})\u00a0:",
    "Top actions ({shown} of {total}):": "Actions prioritaires ({shown} sur {total})\u00a0:",
    "{n} question(s) not yet answered; the verdict is provisional.":
        "{n}\u00a0question(s) sans réponse\u00a0; la décision est provisoire.",
    # ---------------------------------------------------------------- the questionnaire
    "Answered: {answer}": "Réponse donnée\u00a0: {answer}",
    "Sources: {list}": "Sources\u00a0: {list}",
    "; and {n} more [h]": "\u00a0; et {n} de plus [h]",
    "  [h: all of the help]": "  [h\u00a0: toute l'aide]",
    "Evidence that would support an answer: {hint}": "Preuves qui appuieraient une réponse\u00a0: {hint}",
    "Sources:": "Sources\u00a0:",
    "(pinpoint not checked against the primary text)": "(renvoi précis non vérifié dans le texte original)",
    "critical": "essentielle",
    "Tick every option that applies.": "Cochez chaque option qui s'applique.",
    "On a scale: {ends}.": "Sur une échelle\u00a0: {ends}.",
    "lowest": "le plus bas",
    "highest": "le plus haut",
    "\u2713 answered, ? don't know, \u2013 not applicable, \u00b7 open":
        "\u2713 répondue, ? je ne sais pas, \u2013 sans objet, \u00b7 ouverte",
    "Not applicable: {reason}": "Sans objet\u00a0: {reason}",
    "Not applicable\u2026": "Sans objet\u2026",
    "Why does this question not apply here? (Enter on an empty line to go back)":
        "Pourquoi cette question ne s'applique-t-elle pas ici\u00a0? (Entrée sur une ligne vide pour revenir)",
    "n not applicable": "n sans objet",
    "That change hides this question, so its answer was removed: {names}":
        "Ce changement masque cette question\u00a0; sa réponse a donc été retirée\u00a0: {names}",
    "That change hides these questions, so their answers were removed: {names}":
        "Ce changement masque ces questions\u00a0; leurs réponses ont donc été retirées\u00a0: {names}",
    "{answered} of {total} answered": "{answered} sur {total} répondues",
    "Keep: {value}": "Garder\u00a0: {value}",
    "Change the answer\u2026": "Modifier la réponse\u2026",
    "Write an answer\u2026": "Écrire une réponse\u2026",
    "Leave as it is and go on": "Laisser tel quel et continuer",
    "Skip for now": "Passer pour l'instant",
    "Back to the previous question": "Revenir à la question précédente",
    "Go to another question\u2026": "Aller à une autre question\u2026",
    "Note, evidence and confidence\u2026": "Note, preuves et degré de certitude\u2026",
    "Your answer": "Votre réponse",
    "Tick at least one option (Space), or press d for don't know, s to skip.":
        "Cochez au moins une option (Espace), ou appuyez sur d pour «\u00a0je ne sais pas\u00a0», s pour passer.",
    "a number": "un nombre",
    "a date like 2026-05-21": "une date comme 2026-05-21",
    "text": "du texte",
    "Please write {hint}.": "Veuillez écrire {hint}.",
    "Your answer ({hint}; Enter on an empty line to go back):":
        "Votre réponse ({hint}\u00a0; Entrée sur une ligne vide pour revenir)\u00a0:",
    "Optional: press Enter to leave each one as it is.": "Facultatif\u00a0: appuyez sur Entrée pour laisser "
                                                           "chaque élément tel quel.",
    "Note:": "Note\u00a0:",
    "What would support it: {hint}": "Ce qui l'appuierait\u00a0: {hint}",
    "Not stated": "Non précisé",
    "Asserted: someone says so": "Affirmé\u00a0: quelqu'un le dit",
    "Documented: a document says so": "Documenté\u00a0: un document le dit",
    "Independently verified": "Vérifié de façon indépendante",
    "How sure is this answer?": "Quel est votre degré de certitude\u00a0?",
    "Stay where I was": "Rester où j'étais",
    "Finish: show the summary": "Terminer\u00a0: afficher le résumé",
    "The first question still open (number {n})": "La première question encore ouverte (numéro {n})",
    "Go to which question? ({progress}; {legend})": "Aller à quelle question\u00a0? ({progress}\u00a0; {legend})",
    "That was the last question. {progress}.": "C'était la dernière question. {progress}.",
    "{n} question is still open (skipped); until it is answered the verdict is provisional.":
        "{n}\u00a0question est encore ouverte (passée)\u00a0; tant qu'elle n'a pas de réponse, la décision "
        "est provisoire.",
    "{n} questions are still open (skipped); until they are answered the verdict is provisional.":
        "{n}\u00a0questions sont encore ouvertes (passées)\u00a0; tant qu'elles n'ont pas de réponse, la "
        "décision est provisoire.",
    "What now?": "Et maintenant\u00a0?",
    "Answer the open questions now": "Répondre maintenant aux questions ouvertes",
    "Go to a question\u2026": "Aller à une question\u2026",
    "Finish for now and show the summary": "Terminer pour l'instant et afficher le résumé",
    "Press any key to go back to the question.": "Appuyez sur une touche pour revenir à la question.",
    "Page {page} of {pages}: press any key for more.": "Page {page} sur {pages}\u00a0: appuyez sur une touche "
                                                       "pour la suite.",
    "Please write something here.": "Veuillez écrire quelque chose ici.",
    "Title of this assessment:": "Titre de cette évaluation\u00a0:",
    "Organisation deploying the system:": "Organisation qui déploie le système\u00a0:",
    "The system or tool being assessed:": "Le système ou l'outil évalué\u00a0:",
    "Stage of the deployment:": "Étape du déploiement\u00a0:",
    "Your role (Enter to leave empty):": "Votre rôle (Entrée pour laisser vide)\u00a0:",
    "Whose view does this assessment give?": "De quel point de vue cette évaluation est-elle faite\u00a0?",
    "Protective marking:": "Cote de sécurité\u00a0:",
    "None": "Aucune",
    "Leave empty": "Laisser vide",
    "Other (write it)\u2026": "Autre (l'écrire)\u2026",
    "Write it:": "Écrivez-le\u00a0:",
    "An ethics board or panel": "Un comité ou un groupe d'éthique",
    "A staff association or trade union": "Une association du personnel ou un syndicat",
    "The organisation deploying the system": "L'organisation qui déploie le système",
    "Policy or assurance staff": "Le personnel des politiques ou de l'assurance",
    "{title} ({n} questions)": "{title} ({n}\u00a0questions)",
    "Frameworks to answer:": "Cadres auxquels répondre\u00a0:",
    "Tick at least one framework.": "Cochez au moins un cadre.",
    "Not recorded: {problem}.": "Non enregistrée\u00a0: {problem}.",
    "This is the first question: there is nothing before it.":
        "C'est la première question\u00a0: il n'y a rien avant.",
    "Answer the question first; then a note and evidence can be added.":
        "Répondez d'abord à la question\u00a0; vous pourrez ensuite ajouter une note et des preuves.",
    "Resuming: {answered} of {total} answered.": "Reprise\u00a0: {answered} sur {total} répondues.",
    "Saved to {path}; every answer is saved as you go.":
        "Enregistrée dans {path}\u00a0; chaque réponse est enregistrée au fur et à mesure.",
    "Added: {titles}.": "Ajoutés\u00a0: {titles}.",
    "Saved in {path}.": "Enregistrée dans {path}.",
    "Some questions are still open. To carry on:": "Certaines questions sont encore ouvertes. Pour continuer\u00a0:",
    "To render the report:": "Pour produire le rapport\u00a0:",
    # ---------------------------------------------------------------- the questionnaire at any width
    "Question {number}": "Question {number}",
    "Keys: \u2191\u2193 Enter, or a number or letter":
        "Touches\u00a0: \u2191\u2193 Entrée, ou un chiffre ou une lettre",
    "Keys: \u2191\u2193 Enter or a number": "Touches\u00a0: \u2191\u2193 Entrée ou un chiffre",
    "Keys: d don't know": "Touches\u00a0: d je ne sais pas",
    "d don't know": "d je ne sais pas",
    "s skip": "s passer",
    "s go on": "s continuer",
    "b back": "b précédente",
    "g go to a question": "g aller à une question",
    "e note, evidence": "e note, preuves",
    "m about the assessment": "m à propos de l'évaluation",
    "h help": "h aide",
    "q stop": "q arrêter",
    "Space or a number ticks, Enter confirms": "Espace ou un chiffre coche, Entrée confirme",
    "(Space or a number ticks or unticks, Enter confirms)":
        "(Espace ou un chiffre coche ou décoche, Entrée confirme)",
    "(\u2191\u2193 Enter, or a number)": "(\u2191\u2193 Entrée, ou un chiffre)",
    "(\u2191\u2193 Enter, or a number; Enter keeps it)": "(\u2191\u2193 Entrée, ou un chiffre\u00a0; Entrée le garde)",
    "(\u2191\u2193 Enter, or a number; Esc or q when done)":
        "(\u2191\u2193 Entrée, ou un chiffre\u00a0; Échap ou q pour terminer)",
    "'{label}' cannot be ticked with others.": "«\u00a0{label}\u00a0» exclut les autres options.",
    "Your answer: {answer}": "Votre réponse\u00a0: {answer}",
    "This window is {n} columns wide; the questionnaire needs {min}. Widen it, or make the text smaller. "
    "Your answers are saved.":
        "Cette fenêtre a {n}\u00a0colonnes\u00a0; le questionnaire en demande {min}. Élargissez-la ou réduisez "
        "la taille du texte. Vos réponses sont enregistrées.",
    "This question is critical: without evidence it caps the rating at amber.":
        "Cette question est essentielle\u00a0: sans preuve, elle limite la cote à orange.",
    "Evidence: documents, links or owners (a semicolon between several)":
        "Preuves\u00a0: documents, liens ou responsables (un point-virgule entre plusieurs)",
    "Evidence:": "Preuves\u00a0:",
    "Type a number (like 2.1.3) or words to narrow the list":
        "Tapez un numéro (comme 2.1.3) ou des mots pour réduire la liste",
    "\u2191\u2193 PgUp PgDn": "\u2191\u2193 PgPréc PgSuiv",
    "Enter goes there": "Entrée y va",
    "Esc goes back": "Échap revient",
    "Go to: ": "Aller à\u00a0: ",
    "No question matches: Backspace to change it.":
        "Aucune question ne correspond\u00a0: Retour arrière pour corriger.",
    "A new assessment. First, what it is about (m changes any of it later, from any question).":
        "Une nouvelle évaluation. D'abord, son objet (m permet de le modifier plus tard, depuis n'importe quelle "
        "question).",
    "Your name (Enter to leave empty):": "Votre nom (Entrée pour laisser vide)\u00a0:",
    "Date of the assessment (year-month-day; Enter keeps it):":
        "Date de l'évaluation (année-mois-jour\u00a0; Entrée la garde)\u00a0:",
    "Please write a date like {example}.": "Veuillez écrire une date comme {example}.",
    "About this assessment: choose a line to change it.":
        "À propos de cette évaluation\u00a0: choisissez une ligne pour la modifier.",
    "Change which?": "Modifier quoi\u00a0?",
    "Done: back to the question": "Terminé\u00a0: revenir à la question",
    "Title": "Titre",
    "Respondent's name": "Nom du répondant",
    "Respondent's role": "Rôle du répondant",
    "{names} has no text in this language: its questions are shown in {shown}.":
        "{names} n'a pas de texte dans cette langue\u00a0: ses questions sont affichées en {shown}.",
    "{names} have no text in this language: their questions are shown in {shown}.":
        "{names} n'ont pas de texte dans cette langue\u00a0: leurs questions sont affichées en {shown}.",
    "English": "anglais",
    "French": "français",
    "Stopped. Nothing was saved yet: run the same command to start again.":
        "Arrêt. Rien n'était encore enregistré\u00a0: relancez la même commande pour recommencer.",
    "Stopped. Every confirmed answer is saved in {path}.":
        "Arrêt. Chaque réponse confirmée est enregistrée dans {path}.",
    "To carry on: {command}": "Pour continuer\u00a0: {command}",
    # ---------------------------------------------------------------- stages and perspectives (assess/labels.py)
    "Proposal": "Proposition",
    "Pilot": "Projet pilote",
    "Live": "En service",
    "Extension": "Extension",
    "Review": "Réexamen",
    "Ethics board view": "Point de vue d'un comité d'éthique",
    "Staff association view": "Point de vue de l'association du personnel",
    "Deploying organisation's view": "Point de vue de l'organisation qui déploie",
    "Policy or assurance view": "Point de vue des politiques ou de l'assurance",
}

# Longer passages with a little markup (trusted: they are ours), by id rather than by their English.
# METHOD_SUMMARY is plain text (the Markdown report's method note); the others are HTML.
PROSE: dict[str, dict[str, str]] = {
    "en": {
    "METHOD_POINTS":
        "<strong>Points.</strong> Each answer scores its option's points times the question's weight, out of the "
        "best points the question could give times its weight. A multiple-choice answer adds its options' points up "
        "to that best (or takes the worst or best option, where the framework says so); a scale runs in a straight "
        "line from nothing at the bad end to full points at the good end.",
    "METHOD_DONT_KNOW":
        "<strong>&ldquo;Don't know&rdquo; and unanswered.</strong> Both score nothing against the full maximum, so "
        "an honest &ldquo;Don't know&rdquo; lowers assurance; each &ldquo;Don't know&rdquo; is also listed as an "
        "evidence gap. Questions that do not apply (the condition on which they are asked does not hold) count in "
        "neither the points nor the maximum.",
    "METHOD_ASSURANCE": "<strong>Assurance</strong> is the points scored as a percentage of the maximum.",
    "METHOD_RATING":
        "<strong>Rating.</strong> A framework is rated <em>Red</em> if any gate is triggered or assurance is below "
        "its amber threshold; <em>Amber</em> if assurance is below its green threshold or a critical question has "
        "an evidence gap; otherwise <em>Green</em>.",
    "METHOD_LEVELS":
        "<strong>Impact levels.</strong> A framework scored by levels takes one tally's points (raw impact, say), "
        "adjusts them (reduces them by a percentage when mitigation reaches a threshold, say), and places the "
        "result in the first level whose upper bound it does not exceed. The level gives the framework's rating; "
        "a gate still makes it red and an evidence gap on a critical question still caps it at amber. Questions "
        "in a tally where more is worse (impact, risk) count in neither assurance nor the actions.",
    "METHOD_VERDICT":
        "<strong>Verdict.</strong> <em>Do not proceed</em> if a gate cannot be remedied in the deployment's "
        "current form, or gates are triggered in two or more frameworks; <em>Pause and remediate</em> on any gate "
        "or Red rating; <em>Proceed with conditions</em> on any Amber rating; otherwise <em>Proceed</em>. While "
        "any question is unanswered the verdict is provisional and the report is marked DRAFT.",
    "METHOD_ACTIONS":
        "<strong>Actions</strong> come from every answer below full marks, ordered by priority and then by the "
        "points at stake. Priority is <em>Gate</em>, <em>High</em> (a critical question), <em>Medium</em> (half or "
        "more of the points lost) or <em>Low</em>.",
    "METHOD_SUMMARY":
        "Each answer scores its option's points times the question's weight, against the best points the question "
        "could give. \u201cDon't know\u201d and unanswered questions score nothing against the full maximum; "
        "questions that do not apply (their condition does not hold) count in neither. Assurance is the points as "
        "a percentage of the maximum. A framework is rated red on any gate or below its amber threshold, amber "
        "below its green threshold or with an evidence gap on a critical question, and green otherwise. The "
        "verdict is Do not proceed on a gate that cannot be remedied or gates in two or more frameworks; Pause "
        "and remediate on any gate or red rating; Proceed with conditions on any amber rating; otherwise Proceed.",
    },
    "fr": {
        "METHOD_POINTS":
            "<strong>Points.</strong> Chaque réponse vaut les points de l'option choisie multipliés par la "
            "pondération de la question, sur le meilleur nombre de points que la question peut donner multiplié "
            "par sa pondération. Une réponse à choix multiples additionne les points de ses options jusqu'à ce "
            "maximum (ou retient la pire ou la meilleure option, si le cadre le prévoit)\u00a0; une échelle va en "
            "ligne droite de zéro à l'extrémité défavorable au maximum à l'extrémité favorable.",
        "METHOD_DONT_KNOW":
            "<strong>«\u00a0Je ne sais pas\u00a0» et sans réponse.</strong> Les deux valent zéro sur le maximum "
            "complet\u00a0: un «\u00a0Je ne sais pas\u00a0» honnête fait donc baisser l'assurance, et chacun est "
            "aussi signalé comme lacune de preuve. Les questions qui ne s'appliquent pas (la condition à laquelle "
            "elles sont posées n'est pas remplie) ne comptent ni dans les points ni dans le maximum.",
        "METHOD_ASSURANCE":
            "<strong>L'assurance</strong> est le nombre de points obtenus, en pourcentage du maximum.",
        "METHOD_RATING":
            "<strong>Cote.</strong> Un cadre est coté <em>Rouge</em> si un blocage est déclenché ou si "
            "l'assurance est sous son seuil orange\u00a0; <em>Orange</em> si l'assurance est sous son seuil vert "
            "ou si une question essentielle présente une lacune de preuve\u00a0; sinon <em>Vert</em>.",
        "METHOD_LEVELS":
            "<strong>Niveaux d'incidence.</strong> Pour un cadre évalué par niveaux, les points d'un total (par "
            "exemple l'incidence brute) sont d'abord ajustés (par exemple réduits d'un pourcentage lorsque "
            "l'atténuation atteint un seuil), puis placés dans le premier niveau dont la limite supérieure n'est "
            "pas dépassée. Le niveau donne la cote du cadre\u00a0; un blocage la fait tout de même passer au rouge "
            "et une lacune de preuve sur une question essentielle la limite à orange. Les questions d'un total où "
            "plus est pire (incidence, risque) ne comptent ni dans l'assurance ni dans les actions.",
        "METHOD_VERDICT":
            "<strong>Décision.</strong> <em>Ne pas aller de l'avant</em> si un blocage ne peut être corrigé sous "
            "la forme actuelle du déploiement, ou si des blocages sont déclenchés dans deux cadres ou plus\u00a0; "
            "<em>Suspendre et corriger</em> en cas de blocage ou de cote rouge\u00a0; <em>Aller de l'avant sous "
            "conditions</em> en cas de cote orange\u00a0; sinon <em>Aller de l'avant</em>. Tant qu'une question "
            "reste sans réponse, la décision est provisoire et le rapport porte la mention BROUILLON.",
        "METHOD_ACTIONS":
            "<strong>Les actions</strong> découlent de chaque réponse qui n'a pas obtenu tous les points\u00a0: "
            "par ordre de priorité, puis selon les points en jeu. La priorité est <em>Blocage</em>, <em>Élevée</em> "
            "(une question essentielle), <em>Moyenne</em> (la moitié des points ou plus perdus) ou <em>Faible</em>.",
        "METHOD_SUMMARY":
            "Chaque réponse vaut les points de l'option choisie multipliés par la pondération de la question, sur "
            "le meilleur nombre de points que la question peut donner. «\u00a0Je ne sais pas\u00a0» et les "
            "questions sans réponse valent zéro sur le maximum complet\u00a0; les questions qui ne s'appliquent "
            "pas (leur condition n'est pas remplie) ne comptent ni dans l'un ni dans l'autre. L'assurance est le "
            "nombre de points en pourcentage du maximum. Un cadre est coté rouge en cas de blocage ou sous son "
            "seuil orange, orange sous son seuil vert ou avec une lacune de preuve sur une question essentielle, "
            "et vert sinon. La décision est Ne pas aller de l'avant si un blocage ne peut être corrigé ou si des "
            "blocages touchent deux cadres ou plus\u00a0; Suspendre et corriger en cas de blocage ou de cote "
            "rouge\u00a0; Aller de l'avant sous conditions en cas de cote orange\u00a0; sinon Aller de l'avant.",
    },
}

# The scoring engine's sentences (rating and verdict reasons, fallback recommendations).
FR.update({
    "{value} on a scale of {low} to {high}": "{value} sur une échelle de {low} à {high}",
    "gate: {message}": "blocage\u00a0: {message}",
    "assurance {assurance} is below the amber threshold of {band}":
        "assurance de {assurance}, sous le seuil orange de {band}",
    "assurance {assurance} is below the green threshold of {band}":
        "assurance de {assurance}, sous le seuil vert de {band}",
    "assurance {assurance} with no gate and no critical evidence gap":
        "assurance de {assurance}, sans blocage ni lacune de preuve sur une question essentielle",
    "evidence gap on critical question(s): {ids}":
        "lacune de preuve sur une ou des questions essentielles\u00a0: {ids}",
    "{level}: score {score} of {maximum}": "{level}\u00a0: note de {score} sur {maximum}",
    ", above {bound}": ", au-dessus de {bound}",
    ", at most {bound}": ", au plus {bound}",
    "{tally} {points} reached {at_least} of {of} ({threshold}): {base} {before} reduced by {reduce_by} to {after}":
        "{tally}\u00a0: {points} atteint {at_least} de {of} ({threshold})\u00a0; {base} de {before} réduit de "
        "{reduce_by}, à {after}",
    "{framework}, question {question}": "{framework}, question {question}",
    "a gate that cannot be remedied in the deployment's current form: {gates}":
        "un blocage auquel on ne peut remédier sous la forme actuelle du déploiement\u00a0: {gates}",
    "gates raised in {n} frameworks: {frameworks}": "blocages dans {n}\u00a0cadres\u00a0: {frameworks}",
    "gate raised in {frameworks}": "blocage dans {frameworks}",
    "rated red: {frameworks}": "cote rouge\u00a0: {frameworks}",
    "rated amber: {frameworks}": "cote orange\u00a0: {frameworks}",
    "every framework rated green, with no gate": "tous les cadres sont cotés vert, sans blocage",
    "provisional: {n} question(s) not yet answered": "provisoire\u00a0: {n}\u00a0question(s) sans réponse",
    "Find and record the evidence needed to answer: {ask}":
        "Trouver et consigner les preuves nécessaires pour répondre à la question\u00a0: {ask}",
    "Improve the position on: {ask}": "Améliorer la situation sur la question\u00a0: {ask}",
})

CATALOGUES: dict[str, dict[str, str]] = {"en": {}, "fr": FR}
LANGUAGES = tuple(CATALOGUES)


def language(tag: str | None) -> str:
    """The catalogue for a language tag: 'fr-CA' -> 'fr'; anything unknown -> English."""
    primary = (tag or DEFAULT).split("-")[0].lower()
    return primary if primary in CATALOGUES else DEFAULT


@dataclass(frozen=True)
class Translator:
    lang: str = DEFAULT

    def message(self, message: str) -> str:
        """The translated text, placeholders unfilled."""
        return CATALOGUES.get(self.lang, {}).get(message, message)

    def __call__(self, message: str, /, **values: object) -> str:
        text = self.message(message)
        return text.format(**values) if values else text

    def singular(self, count: int) -> bool:
        """Whether `count` takes the singular: French treats 0 as singular, English does not."""
        return abs(count) < 2 if self.lang == "fr" else count == 1

    def plural(self, count: int, one: str, other: str, /, **values: object) -> str:
        """`one` or `other` by `count`, `{n}` being the count in either."""
        return self(one if self.singular(count) else other, n=count, **values)

    def points(self, value: float) -> str:
        """9.5 -> '9.5' ('9,5' in French); whole numbers without decimals."""
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.lang == "fr" else text

    def number(self, value: float) -> str:
        """A number as the scoring engine writes it in sentences (Python's `g` format):
        61.6 -> '61.6' ('61,6' in French)."""
        text = f"{value:g}"
        return text.replace(".", ",") if self.lang == "fr" else text

    def percent(self, value: float) -> str:
        """68.5 -> '68.5%' ('68,5 %' in French, with a no-break space). The one way every output shows a
        percentage (engine reasons, report, Markdown, terminal, comparisons), so 4.76 reads 4.8% everywhere."""
        text = f"{value:.1f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") + NBSP + "%" if self.lang == "fr" else text + "%"

    def date(self, value: dt.date | str | None) -> str:
        """2026-02-03 -> '3 February 2026' ('3 février 2026'; '1er février' for the first)."""
        if value is None or value == "":
            return ""
        day = dt.date.fromisoformat(value) if isinstance(value, str) else value
        months = MONTHS.get(self.lang, MONTHS[DEFAULT])
        number = "1er" if self.lang == "fr" and day.day == 1 else str(day.day)
        return f"{number} {months[day.month - 1]} {day.year}"

    def prose(self, key: str) -> str:
        """A passage from PROSE, in this language or else in English."""
        return PROSE.get(self.lang, {}).get(key) or PROSE[DEFAULT][key]

    def sentence(self, text: object) -> str:
        """The first letter in capitals and the rest as written (Jinja's `capitalize` lowers the rest)."""
        value = str(text)
        return value[:1].upper() + value[1:]


ENGLISH = Translator()
