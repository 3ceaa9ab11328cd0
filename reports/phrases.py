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
    },
}


def phrase(language: str, key: str, **values: object) -> str:
    """A report phrase in `language` (English when that language has none), filled in."""
    text = PHRASES.get(language, PHRASES["en"]).get(key) or PHRASES["en"][key]
    return text.format(**values) if values else text
