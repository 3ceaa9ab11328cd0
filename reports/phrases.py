"""The phrases of the report itself (headings, units), in every language the tool speaks.

Pack texts (pillar titles, measures, advice) come from the pack; these are the fixed parts.
A pack may declare a language missing here: its report chrome then falls back to English.
"""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "heading": "Social Selling Index — estimate",
        "for": "for",
        "estimate_note": (
            "This is an estimate: LinkedIn does not publish how it calculates the SSI. "
            "Every point below is explained; compare it with your own SSI page."
        ),
        "total": "Total",
        "pillar": "Pillar",
        "points": "pts",
        "measure": "Measure",
        "value": "Value",
        "band": "Band",
        "not_given": "not given",
        "below_first_band": "below the first band",
        "coverage": "Coverage",
        "assessed_of": "{assessed} of {total} measures assessed",
        "not_assessed": "Not assessed (fact missing)",
        "all_assessed": "Every measure could be assessed.",
        "plan": "Action plan",
        "gain": "gain",
        "effort": "min/week",
        "priority": "priority",
        "no_actions": "Nothing to do: every measure is at its maximum.",
        "measure_action_title": "Measure it: {title}",
        "measure_action_text": "Look up {facts} on LinkedIn and add it to your profile file, so this measure can be scored.",
        "your_ssi": "Your SSI page",
        "real": "real",
        "estimated": "estimated",
        "difference": "difference",
        "industry_average": "industry average",
        "industry_rank": "top {value}% of your industry",
        "network_rank": "top {value}% of your network",
        "weakest_real": "Your weakest pillar on your SSI page: {title}",
        "ranking_note": "priority = expected gain × pillar weight × 60 / minutes a week; pillar weight = 1 + (25 − pillar score) / 25",
        "yes": "yes",
        "no": "no",
        "more_actions": "… {count} more (use --top 0 to show all)",
        "pack": "Rule pack",
        "decimal": ".",
        "point": "pt",
        "gain_estimate": "≈+{gain} {unit}",
        "once": "min, once",
        "alternatives": "or instead:",
        "near_the_top": (
            "Above about 85 points, more SSI points hardly matter (our judgement): LinkedIn's own study already "
            "counts everyone above 70 as a leader [li-2014-explained]. Watch what the points stand for instead: "
            "replies to your messages, conversations started, meetings booked."
        ),
        "date": "Date",
        "made_with": "Made with ssi-advise {version}",
        "chart_title": "Points per pillar (0–25 each)",
        "chart_total": "Total (0–100)",
        "how_earned": "How each point was earned",
        "your_estimate": "estimate",
        "action": "Action",
        "fact": "Fact",
        "change": "change",
        "before": "before",
        "now": "now",
        "compare_heading": "Progress",
        "facts_changed": "Facts that changed",
        "no_facts_changed": "No fact changed.",
        "measured_facts_only": "A JSON report holds only the facts its measures read: a change to any other fact (the account, "
                               "the situation, a fact only advice reads) is not shown, though an action may have left the plan "
                               "because of it.",
        "measures_changed": "Measures that changed",
        "done": "Actions done",
        "no_done": "No action of the earlier plan was done yet.",
        "done_gone": "gone from the plan",
        "done_target": "target reached: {before} → {now} pts",
        "new_actions": "New in the plan",
        "no_new_actions": "No new actions.",
        "other_pack": "The two reports were made with different packs ({old} and {new}): part of a change may come from the rules.",
        "other_member": "These are two different people ({old} and {new}): this is no one's progress, only how two profiles differ.",
        "history_heading": "Progress over time",
        "runs": "{count} runs, from {first} to {last}",
        "run_one": "one run, on {first}",
        "trend": "trend",
        "first": "first",
        "last": "last",
        "best": "best",
        "whatif_heading": "What if",
        "whatif_note": "Each line is the report as it would be once the action's target is reached, all else as in the profile.",
        "your_changes": "Your changes",
        "target": "target",
        "would_be": "would be",
        "not_tried": "Not tried (the fact is not known yet, so there is nothing to raise)",
        "unknown_date": "date unknown",
        "diff_extends": "{name} ({file}) extends {parent}",
        "diff_nothing": "changes nothing",
        "diff_overridden": "overridden",
        "diff_disabled": "disabled",
        "diff_added": "added",
        "diff_facts": "facts of its own",
        "diff_not_set": "(not set)",
        "diff_score": "score",
        "diff_total": "total",
        "diff_plan_with": "plan with {pack}",
        "kind_measure": "measure",
        "kind_advice": "advice",
        "kind_fact": "fact",
    },
    "nl": {
        "heading": "Social Selling Index — schatting",
        "for": "voor",
        "estimate_note": (
            "Dit is een schatting: LinkedIn maakt niet bekend hoe de SSI wordt berekend. "
            "Elk punt hieronder wordt uitgelegd; vergelijk het met je eigen SSI-pagina."
        ),
        "total": "Totaal",
        "pillar": "Onderdeel",
        "points": "ptn",
        "measure": "Meting",
        "value": "Waarde",
        "band": "Schaal",
        "not_given": "niet opgegeven",
        "below_first_band": "onder de eerste schaal",
        "coverage": "Dekking",
        "assessed_of": "{assessed} van {total} metingen beoordeeld",
        "not_assessed": "Niet beoordeeld (gegeven ontbreekt)",
        "all_assessed": "Alle metingen konden worden beoordeeld.",
        "plan": "Actieplan",
        "gain": "winst",
        "effort": "min/week",
        "priority": "prioriteit",
        "no_actions": "Niets te doen: elke meting staat op het maximum.",
        "measure_action_title": "Zoek het op: {title}",
        "measure_action_text": "Zoek {facts} op in LinkedIn en zet het in je profielbestand, dan kan deze meting worden gescoord.",
        "your_ssi": "Je SSI-pagina",
        "real": "echt",
        "estimated": "geschat",
        "difference": "verschil",
        "industry_average": "gemiddelde in je branche",
        "industry_rank": "top {value}% van je branche",
        "network_rank": "top {value}% van je netwerk",
        "weakest_real": "Je zwakste onderdeel op je SSI-pagina: {title}",
        "ranking_note": (
            "prioriteit = verwachte winst × gewicht onderdeel × 60 / minuten per week; "
            "gewicht = 1 + (25 − score onderdeel) / 25"
        ),
        "yes": "ja",
        "no": "nee",
        "more_actions": "… nog {count} (gebruik --top 0 om alles te tonen)",
        "pack": "Regelset",
        "decimal": ",",
        "point": "pt",
        "gain_estimate": "≈+{gain} {unit}",
        "once": "min, eenmalig",
        "alternatives": "of in plaats daarvan:",
        "near_the_top": (
            "Boven de 85 punten maken extra SSI-punten weinig verschil meer (ons oordeel): LinkedIns eigen onderzoek "
            "telt iedereen boven de 70 al als koploper [li-2014-explained]. Let liever op waar de punten voor staan: "
            "antwoorden op je berichten, gesprekken die je begint, afspraken die je maakt."
        ),
        "date": "Datum",
        "made_with": "Gemaakt met ssi-advise {version}",
        "chart_title": "Punten per onderdeel (elk 0–25)",
        "chart_total": "Totaal (0–100)",
        "how_earned": "Hoe elk punt is verdiend",
        "your_estimate": "schatting",
        "action": "Actie",
        "fact": "Gegeven",
        "change": "verandering",
        "before": "eerder",
        "now": "nu",
        "compare_heading": "Voortgang",
        "facts_changed": "Gegevens die veranderden",
        "no_facts_changed": "Geen gegeven veranderd.",
        "measured_facts_only": "Een JSON-rapport bevat alleen de gegevens die zijn metingen lezen: een wijziging in een ander "
                               "gegeven (het account, de situatie, een gegeven dat alleen advies leest) staat hier niet, al kan "
                               "een actie daardoor uit het plan zijn verdwenen.",
        "measures_changed": "Metingen die veranderden",
        "done": "Acties gedaan",
        "no_done": "Nog geen actie uit het eerdere plan gedaan.",
        "done_gone": "uit het plan verdwenen",
        "done_target": "doel bereikt: {before} → {now} ptn",
        "new_actions": "Nieuw in het plan",
        "no_new_actions": "Geen nieuwe acties.",
        "other_member": "Dit zijn twee verschillende mensen ({old} en {new}): "
                        "dit is niemands voortgang, alleen het verschil tussen twee profielen.",
        "other_pack": "De twee rapporten zijn met verschillende regelsets gemaakt ({old} en {new}): "
                      "een deel van de verandering kan uit de regels komen.",
        "history_heading": "Voortgang door de tijd",
        "runs": "{count} metingen, van {first} tot {last}",
        "run_one": "één meting, op {first}",
        "trend": "verloop",
        "first": "eerste",
        "last": "laatste",
        "best": "beste",
        "whatif_heading": "Wat als",
        "whatif_note": "Elke regel is het rapport zoals het zou zijn als het doel van de actie bereikt is, de rest zoals in het profiel.",
        "your_changes": "Jouw wijzigingen",
        "target": "doel",
        "would_be": "zou worden",
        "not_tried": "Niet geprobeerd (het gegeven is nog onbekend, er valt niets te verhogen)",
        "unknown_date": "datum onbekend",
        "diff_extends": "{name} ({file}) bouwt voort op {parent}",
        "diff_nothing": "verandert niets",
        "diff_overridden": "aangepast",
        "diff_disabled": "uitgezet",
        "diff_added": "toegevoegd",
        "diff_facts": "eigen gegevens",
        "diff_not_set": "(niet ingesteld)",
        "diff_score": "punten",
        "diff_total": "totaal",
        "diff_plan_with": "plan met {pack}",
        "kind_measure": "meting",
        "kind_advice": "advies",
        "kind_fact": "gegeven",
    },
}


def phrase(language: str, key: str, **values: object) -> str:
    """A report phrase in `language` (English when that language has none), filled in."""
    text = PHRASES.get(language, PHRASES["en"]).get(key) or PHRASES["en"][key]
    return text.format(**values) if values else text


def points_unit(language: str, value: float) -> str:
    """`pt` for exactly one point, `pts` for any other number, in `language`."""
    return phrase(language, "point" if value == 1 else "points")
