"""The proposal's words and figures in English or German: headings, labels, numbers, money and
dates. Sentences the plan engine writes (notes, reasons) stay as the engine wrote them."""

from collections.abc import Callable
from datetime import date

from core.costing.plan_text import CASH_LABEL, TCO_AND_CASH_NOTE, TCO_LABEL

LANGUAGES = ("en", "de")
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}

GERMAN = {
    "LLM deployment proposal": "Vorschlag zum Betrieb eines Sprachmodells",
    "Organisation": "Organisation",
    "Author": "Autor",
    "Date": "Datum",
    "Scenario": "Szenario",
    "Price catalog": "Preiskatalog",
    "prices retrieved {0}": "Preise abgerufen {0}",
    "Contents": "Inhalt",
    "prices dated {0}": "Preise vom {0}",
    "Oldest price": "Ältester Preis",
    "behind this plan: {0} ({1}, {2} days)": "in diesem Plan: {0} ({1}, {2} Tage)",
    "in the catalog: {0} ({1}, {2} days)": "im Katalog: {0} ({1}, {2} Tage)",
    "{0} catalog rows undated": "{0} Katalogzeilen ohne Datum",
    "prices dated {0} to {1}": "Preise vom {0} bis {1}",
    "Page {0} of {1}": "Seite {0} von {1}",
    "Executive summary": "Zusammenfassung",
    "Recommendation: {0}": "Empfehlung: {0}",
    "No option can be recommended.": "Keine Option kann empfohlen werden.",
    "Yearly cost": "Jährliche Kosten",
    "Option": "Option",
    "Kind": "Art",
    "per year": "pro Jahr",
    "per month": "pro Monat",
    "Cost over {0} months (depreciated)": "Kosten über {0} Monate (abgeschrieben)",
    TCO_LABEL: "Kosten über {0} Monate (abgeschrieben)",
    CASH_LABEL: "bis Monat {0} gezahlt",
    TCO_AND_CASH_NOTE:
        "Die Kosten über {0} Monate (abgeschrieben) verteilen den Preis jedes Servers abzüglich "
        "seines Restwerts über seine Abschreibungsdauer (mit Zinsen, wo Kapitalkosten angegeben "
        "sind) und zählen nur die Monate des Zeitraums; die bis Monat {0} gezahlten Beträge "
        "zählen jeden Kauf voll im Monat der Zahlung (Monat 0, Beginn eines Jahres mit mehr "
        "Last, Ersatz der Server). Daher weichen beide voneinander ab, bis die Server "
        "abgeschrieben sind.",
    "per 1,000 requests": "pro 1.000 Anfragen",
    "per 1M tokens": "pro 1 Mio. Token",
    "one-off": "einmalig",
    "Break-even": "Break-even",
    "Payback": "Amortisation",
    "Main risks": "Hauptrisiken",
    "unknown": "unbekannt",
    "api": "API mit Abrechnung pro Token",
    "cloud": "Cloud-GPUs",
    "onprem": "Eigene Server (On-Prem)",
    "hybrid": "Hybrid: Basis + Überlauf",
    "Data residency": "Datenresidenz",
    "Data may be processed only in: {0}. Options outside it are costed for comparison and "
    "never recommended.":
        "Daten dürfen nur hier verarbeitet werden: {0}. Optionen außerhalb werden zum Vergleich "
        "berechnet und nie empfohlen.",
    "{0}: data processed in {1} ({2}); outside the rule.":
        "{0}: Daten werden hier verarbeitet: {1} ({2}); außerhalb der Regel.",
    "{0}: data processed in {1}.": "{0}: Daten werden hier verarbeitet: {1}.",
    "{0}: {1} carries the load up to its capacity; {2} of the requests go to {3}.":
        "{0}: {1} trägt die Last bis zu seiner Kapazität; {2} der Anfragen gehen an {3}.",
    "Base and overflow": "Basis und Überlauf",
    "the company's premises": "eigene Räume des Unternehmens",
    "region not given": "Region nicht angegeben",
    "{0} and {1} cost the same at {2} requests a day; above it {3} is cheaper.":
        "{0} und {1} kosten bei {2} Anfragen pro Tag gleich viel; darüber ist {3} günstiger.",
    "{0} and {1}: {2}": "{0} und {1}: {2}",
    "{0} and {1}: no break-even; {2}.": "{0} und {1}: kein Break-even; {2}.",
    "Buying {0} has no payback against {1}: {2}.":
        "{0} amortisiert sich gegenüber {1} nicht: {2}.",
    "No break-even: {0}.": "Kein Break-even: {0}.",
    "No payback: {0}.": "Keine Amortisation: {0}.",
    "{0} carries only {1} of the peak load at its {2} server(s)":
        "{0} trägt nur {1} der Spitzenlast mit seinen {2} Server(n)",
    "{0} carries only {1} of the peak load at its {2} instance(s)":
        "{0} trägt nur {1} der Spitzenlast mit seinen {2} Instanz(en)",
    "{0} carries only {1} of the peak load within its rate limit":
        "{0} trägt innerhalb seines Ratenlimits nur {1} der Spitzenlast",
    "by year {0}, ": "bis Jahr {0}: ",
    "Buying {0} pays back against {1} in month {2}.":
        "{0} amortisiert sich gegenüber {1} im Monat {2}.",
    "Buying {0} does not pay back against {1} within {2} months.":
        "{0} amortisiert sich gegenüber {1} nicht innerhalb von {2} Monaten.",
    " With API prices falling: month {0}.": " Mit sinkenden API-Preisen: Monat {0}.",
    " With API prices falling: not within the horizon.":
        " Mit sinkenden API-Preisen: nicht im Zeitraum.",
    "{0}'s yearly cost ranges from {1} to {2} when {3} moves by ±{4} %.":
        "Die jährlichen Kosten von {0} liegen zwischen {1} und {2}, wenn sich {3} um ±{4} % "
        "ändert.",
    "{0} cannot carry the workload with the units given.":
        "{0} kann die Last mit den angegebenen Einheiten nicht tragen.",
    "{0} has an unknown price, so its cost is unknown.":
        "{0} hat einen unbekannten Preis, daher sind seine Kosten unbekannt.",
    "{0}'s GPUs are busy only {1} of the service hours.":
        "Die GPUs von {0} sind nur {1} der Betriebsstunden ausgelastet.",
    "{0} price(s) are older than {1} days or undated; re-check them before deciding.":
        "{0} Preis(e) sind älter als {1} Tage oder undatiert; vor der Entscheidung prüfen.",
    "The plan carries {0} note(s); see Assumptions.":
        "Der Plan enthält {0} Hinweis(e); siehe Annahmen.",
    "No risk stands out in the figures.": "Kein Risiko sticht in den Zahlen hervor.",
    "Requirements": "Anforderungen",
    "Workload": "Last",
    "Requests per service hour": "Anfragen pro Betriebsstunde",
    "Requests per day": "Anfragen pro Tag",
    "Requests per year": "Anfragen pro Jahr",
    "Prompt tokens per request": "Prompt-Token pro Anfrage",
    "Answer tokens per request": "Antwort-Token pro Anfrage",
    "Service hours per day": "Betriebsstunden pro Tag",
    "Service days per year": "Betriebstage pro Jahr",
    "Peak over average load": "Spitzenlast zu Durchschnittslast",
    "Growth per year": "Wachstum pro Jahr",
    "Time to first token target": "Ziel Zeit bis zum ersten Token",
    "Decode speed target per user": "Ziel Ausgabegeschwindigkeit pro Nutzer",
    "not set": "nicht gesetzt",
    "Model": "Modell",
    "Model and memory": "Modell und Speicher",
    "Self-hosted model: {0}, {1}, engine {2}, KV cache {3}.":
        "Selbst betriebenes Modell: {0}, {1}, Engine {2}, KV-Cache {3}.",
    "Memory by {0}: {1} parameters ({2}); weights as served {3}, adapter {4}, "
    "fine-tuning {5}, serving {6}.":
        "Speicher nach {0}: {1} Parameter ({2}); Gewichte im Betrieb {3}, Adapter {4}, "
        "Fine-Tuning {5}, Betrieb {6}.",
    "Fine-tuning holds the base {0}, trained weights, gradients and optimizer states {1} and "
    "activations {2}; {3}.":
        "Das Fine-Tuning hält das Basismodell {0}, trainierte Gewichte, Gradienten und "
        "Optimiererzustände {1} und Aktivierungen {2}; {3}.",
    "Fine-tuning fits on {0} of {1}: {2} needed, {3} left.":
        "Das Fine-Tuning passt auf {0} von {1}: {2} nötig, {3} frei.",
    "Fine-tuning does not fit on {0} of {1}: {2} needed, {3} more than the GPUs hold.":
        "Das Fine-Tuning passt nicht auf {0} von {1}: {2} nötig, {3} mehr als die GPUs "
        "fassen.",
    "No self-hosted option names a GPU: whether a fine-tuning run fits is not checked.":
        "Keine selbst betriebene Option nennt eine GPU: ob ein Fine-Tuning-Lauf passt, ist "
        "nicht geprüft.",
    "Fit and speed": "Passung und Geschwindigkeit",
    "GPUs per replica": "GPUs pro Replikat",
    "Batch": "Batch",
    "Tokens/s per user": "Token/s pro Nutzer",
    "Time to first token": "Zeit bis zum ersten Token",
    "Memory per GPU": "Speicher pro GPU",
    "Headroom per GPU": "Reserve pro GPU",
    "Capacity": "Kapazität",
    "Units (load)": "Einheiten (Last)",
    "weights": "Gewichte",
    "KV cache": "KV-Cache",
    "overhead": "Overhead",
    "GPU memory": "GPU-Speicher",
    "Hardware": "Hardware",
    "Probed: {0}, taken {1}, via {2}: {3}.": "Gemessen: {0}, aufgenommen {1}, über {2}: {3}.",
    "No hardware was probed; GPUs come from the catalog or the options.":
        "Keine Hardware gemessen; die GPUs stammen aus dem Katalog oder den Optionen.",
    "Cost comparison": "Kostenvergleich",
    "Item": "Posten",
    "Note": "Hinweis",
    "Source: {0}, prices of {1}.": "Quelle: {0}, Preise von {1}.",
    "figures in the scenario": "Zahlen im Szenario",
    "no date": "kein Datum",
    "Capacity: {0}.": "Kapazität: {0}.",
    "Cash spent over {0} months, cumulative [{1}]":
        "Gezahlte Beträge über {0} Monate, kumuliert [{1}]",
    "month": "Monat",
    "payback {0}": "Amortisation {0}",
    "Cost per year against volume [{0}]": "Kosten pro Jahr nach Volumen [{0}]",
    "requests per day (log scale)": "Anfragen pro Tag (log. Skala)",
    "this scenario": "dieses Szenario",
    "break-even {0}": "Break-even {0}",
    "Sensitivity of {0}: yearly cost with each input at ±{1} % [{2}]":
        "Sensitivität von {0}: jährliche Kosten bei ±{1} % je Eingabe [{2}]",
    "Memory per GPU of each self-hosted option [GiB]":
        "Speicher pro GPU je selbst betriebener Option [GiB]",
    "Break-even and payback": "Break-even und Amortisation",
    "Comparison": "Vergleich",
    "Result": "Ergebnis",
    "no break-even in range": "kein Break-even im Bereich",
    "{0} requests a day; above it {1} is cheaper.":
        "{0} Anfragen pro Tag; darüber ist {1} günstiger.",
    "month {0}": "Monat {0}",
    "not within the horizon": "nicht im Zeitraum",
    "Levers to cut cost": "Hebel zur Kostensenkung",
    "Lever": "Hebel",
    "Saving per year": "Ersparnis pro Jahr",
    "Share": "Anteil",
    "The levers of seed 002 applied one at a time; a negative saving costs more.":
        "Die Hebel einzeln angewandt; eine negative Ersparnis kostet mehr.",
    "Non-cost criteria": "Weitere Kriterien",
    "Criterion": "Kriterium",
    "Weight": "Gewicht",
    "Weighted total": "Gewichtete Summe",
    "{0}, API prices falling": "{0}, sinkende API-Preise",
    "cost": "Kosten",
    "data_control": "Datenkontrolle",
    "scalability": "Skalierbarkeit",
    "team_skills": "Team-Know-how",
    "time_to_launch": "Zeit bis zum Start",
    "Scores 0-5 (5 best); cost scores follow the yearly cost, the others are the planner's.":
        "Punkte 0-5 (5 am besten); Kostenpunkte folgen den jährlichen Kosten, die übrigen "
        "vergibt der Planer.",
    "Assumptions": "Annahmen",
    "Inputs": "Eingaben",
    "Input": "Eingabe",
    "Value": "Wert",
    "(default)": "(Vorgabe)",
    "Prices and their dates": "Preise und ihr Datum",
    "Price": "Preis",
    "Age": "Alter",
    "{0} days": "{0} Tage",
    "What is not included": "Was nicht enthalten ist",
    "Where the source's arithmetic differs": "Wo die Rechnung der Quelle abweicht",
    "Quoted": "Zitiert",
    "Computed": "Berechnet",
    "agrees": "stimmt",
    "differs": "weicht ab",
    "Notes": "Hinweise",
    "Taxes (VAT) and discounts negotiated with vendors.":
        "Steuern (MwSt.) und mit Anbietern verhandelte Rabatte.",
    "Building the application around the model: integration, retrieval (RAG), user "
    "interface and testing.":
        "Die Anwendung um das Modell: Integration, Retrieval (RAG), Oberfläche und Tests.",
    "Preparing training data and evaluating fine-tuned models.":
        "Aufbereitung von Trainingsdaten und Bewertung feinjustierter Modelle.",
    "Staff to run the service (no staff cost was given).":
        "Personal für den Betrieb (keine Personalkosten angegeben).",
    "Fine-tuning runs (none were given).": "Fine-Tuning-Läufe (keine angegeben).",
    "Network egress beyond the per-request transfer of each option.":
        "Datenverkehr über die Übertragung pro Anfrage der Optionen hinaus.",
    "Price and exchange-rate changes after the dates listed above, except the API price "
    "decline given.":
        "Preis- und Wechselkursänderungen nach den genannten Daten, außer dem angegebenen "
        "Rückgang der API-Preise.",
    "Outages beyond the spare units planned, and the business cost of downtime.":
        "Ausfälle über die geplanten Reserveeinheiten hinaus und die Kosten eines Stillstands.",
}


# English labels for keys that are names in the data
ENGLISH = {
    "api": "Pay-per-token API", "cloud": "Cloud GPUs", "onprem": "Own servers (on-prem)",
    "hybrid": "Hybrid: base + overflow",
    "cost": "Cost", "data_control": "Data control", "scalability": "Scalability",
    "team_skills": "Team skills", "time_to_launch": "Time to launch",
}


def words(language: str) -> Callable[..., str]:
    """A tr(text, *args) function for the language ('en' or 'de')."""
    table = GERMAN if language == "de" else ENGLISH

    def tr(text: str, *args: object) -> str:
        return table.get(text, text).format(*args)

    return tr


def number(value: float, digits: int, language: str) -> str:
    """Grouped digits: 12,345.6 in English, 12.345,6 in German."""
    text = f"{value:,.{digits}f}"
    if language == "de":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def money(value: float | None, currency: str, language: str, digits: int = 0) -> str:
    """'€12,345' in English, '12.345 €' in German; 'unknown' for a missing price."""
    if value is None:
        return words(language)("unknown")
    symbol = SYMBOLS.get(currency, currency)
    amount = number(abs(value), digits, language)
    sign = "-" if value < 0 and round(abs(value), digits) > 0 else ""
    if language == "de" or symbol not in SYMBOLS.values():
        return f"{sign}{amount} {symbol}"
    return f"{sign}{symbol}{amount}"


def share(value: float, language: str) -> str:
    return f"{number(value * 100, 0, language)} %"


def day(value: date, language: str) -> str:
    return value.strftime("%d.%m.%Y") if language == "de" else value.isoformat()
