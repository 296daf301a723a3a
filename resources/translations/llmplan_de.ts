<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
  <context>
    <name>llmplan</name>
    <message>
      <source>Cash spent over the horizon (purchases in full when paid)</source>
      <translation>Gezahlte Beträge über den Zeitraum (Käufe voll bei Zahlung)</translation>
    </message>
    <message>
      <source>month</source>
      <translation>Monat</translation>
    </message>
    <message>
      <source>cost</source>
      <translation>Kosten</translation>
    </message>
    <message>
      <source>Cost vs volume</source>
      <translation>Kosten nach Volumen</translation>
    </message>
    <message>
      <source>requests per day (log)</source>
      <translation>Anfragen pro Tag (log)</translation>
    </message>
    <message>
      <source>cost per year</source>
      <translation>Kosten pro Jahr</translation>
    </message>
    <message>
      <source>Sensitivity</source>
      <translation>Sensitivität</translation>
    </message>
    <message>
      <source>base</source>
      <translation>Basis</translation>
    </message>
    <message>
      <source>Utilisation sensitivity</source>
      <translation>Auslastungs-Sensitivität</translation>
    </message>
    <message>
      <source>GPU utilisation [%]</source>
      <translation>GPU-Auslastung [%]</translation>
    </message>
    <message>
      <source>cost per 1M tokens</source>
      <translation>Kosten pro 1 Mio. Token</translation>
    </message>
    <message>
      <source>Memory per GPU</source>
      <translation>Speicher pro GPU</translation>
    </message>
    <message>
      <source>GiB</source>
      <translation>GiB</translation>
    </message>
    <message>
      <source>this scenario</source>
      <translation>dieses Szenario</translation>
    </message>
    <message>
      <source>weights</source>
      <translation>Gewichte</translation>
    </message>
    <message>
      <source>KV cache</source>
      <translation>KV-Cache</translation>
    </message>
    <message>
      <source>overhead</source>
      <translation>Overhead</translation>
    </message>
    <message numerus="yes">
      <source>+ %Ln more option</source>
      <translation>
        <numerusform>+ %Ln weitere Option</numerusform>
        <numerusform>+ %Ln weitere Optionen</numerusform>
      </translation>
    </message>
    <message>
      <source>cash spent [{0}]</source>
      <translation>gezahlt [{0}]</translation>
    </message>
    <message>
      <source>cost per year [{0}]</source>
      <translation>Kosten pro Jahr [{0}]</translation>
    </message>
    <message>
      <source>Sensitivity of {0} (inputs ± {1} %)</source>
      <translation>Sensitivität von {0} (Eingaben ± {1} %)</translation>
    </message>
    <message>
      <source>cost per 1M tokens [{0}]</source>
      <translation>Kosten pro 1 Mio. Token [{0}]</translation>
    </message>
    <message>
      <source>{0}, API prices falling</source>
      <translation>{0}, sinkende API-Preise</translation>
    </message>
    <message>
      <source>GPU memory {0}</source>
      <translation>GPU-Speicher {0}</translation>
    </message>
    <message>
      <source>payback month {0}: {1} vs {2}</source>
      <translation>Amortisation Monat {0}: {1} ggü. {2}</translation>
    </message>
    <message>
      <source>break-even {0} vs {1}: {2}/day</source>
      <translation>Break-even {0} gegenüber {1}: {2}/Tag</translation>
    </message>
    <message>
      <source>{0} now: over capacity, load {1}</source>
      <translation>{0} jetzt: über der Kapazität, Last {1}</translation>
    </message>
    <message>
      <source>{0} now</source>
      <translation>{0} jetzt</translation>
    </message>
    <message>
      <source>on demand</source>
      <translation>nach Bedarf</translation>
    </message>
    <message>
      <source>service hours</source>
      <translation>Betriebsstunden</translation>
    </message>
    <message>
      <source>always on</source>
      <translation>immer an</translation>
    </message>
    <message>
      <source>One note per line: assumptions, open questions, sources.</source>
      <translation>Eine Notiz pro Zeile: Annahmen, offene Fragen, Quellen.</translation>
    </message>
    <message>
      <source>Give a range (low and high) for this figure: the Monte Carlo run on the Costs page draws it between them</source>
      <translation>Eine Spanne (niedrig und hoch) für diese Zahl angeben: die Monte-Carlo-Simulation auf der Seite Kosten zieht sie dazwischen</translation>
    </message>
    <message>
      <source>Empty: unknown or not used (never counted as 0)</source>
      <translation>Leer: unbekannt oder nicht genutzt (nie als 0 gezählt)</translation>
    </message>
    <message>
      <source>not set</source>
      <translation>nicht gesetzt</translation>
    </message>
    <message>
      <source>low</source>
      <translation>niedrig</translation>
    </message>
    <message>
      <source>high</source>
      <translation>hoch</translation>
    </message>
    <message>
      <source>Remove the range</source>
      <translation>Spanne entfernen</translation>
    </message>
    <message>
      <source>Default: {0}</source>
      <translation>Standard: {0}</translation>
    </message>
    <message>
      <source>Accepted: {0}</source>
      <translation>Erlaubt: {0}</translation>
    </message>
    <message>
      <source>Give a number here.</source>
      <translation>Hier eine Zahl angeben.</translation>
    </message>
    <message>
      <source>{0} from the catalog</source>
      <translation>{0} aus dem Katalog</translation>
    </message>
    <message>
      <source>default {0}</source>
      <translation>Standard {0}</translation>
    </message>
    <message>
      <source>'{0}' is not a number.</source>
      <translation>'{0}' ist keine Zahl.</translation>
    </message>
    <message>
      <source>{0} (from the catalog)</source>
      <translation>{0} (aus dem Katalog)</translation>
    </message>
    <message>
      <source>A {0} range with sd {1}: change it in the scenario file</source>
      <translation>Eine Spanne der Art {0} mit sd {1}: in der Szenariodatei ändern</translation>
    </message>
    <message>
      <source>up to {0}</source>
      <translation>bis {0}</translation>
    </message>
    <message>
      <source>above {0}</source>
      <translation>über {0}</translation>
    </message>
    <message>
      <source>from {0}</source>
      <translation>ab {0}</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
    <message>
      <source>no date</source>
      <translation>ohne Datum</translation>
    </message>
    <message>
      <source>Pay-per-token API</source>
      <translation>API mit Abrechnung pro Token</translation>
    </message>
    <message>
      <source>Cloud GPUs</source>
      <translation>Cloud-GPUs</translation>
    </message>
    <message>
      <source>On-prem servers</source>
      <translation>Eigene Server (On-Prem)</translation>
    </message>
    <message>
      <source>Hybrid: base + overflow</source>
      <translation>Hybrid: Basis + Überlauf</translation>
    </message>
    <message>
      <source>API prices</source>
      <translation>API-Preise</translation>
    </message>
    <message>
      <source>Cloud instances</source>
      <translation>Cloud-Instanzen</translation>
    </message>
    <message>
      <source>Energy</source>
      <translation>Energie</translation>
    </message>
    <message>
      <source>Hardware and shares</source>
      <translation>Hardware und Anteile</translation>
    </message>
    <message>
      <source>added</source>
      <translation>hinzugefügt</translation>
    </message>
    <message>
      <source>removed</source>
      <translation>entfernt</translation>
    </message>
    <message>
      <source>changed</source>
      <translation>geändert</translation>
    </message>
    <message>
      <source>Exchange rates</source>
      <translation>Wechselkurse</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Alter</translation>
    </message>
    <message>
      <source>bundled catalog ({0}), retrieved {1}</source>
      <translation>mitgelieferter Katalog ({0}), abgerufen {1}</translation>
    </message>
    <message>
      <source>bundled catalog ({0})</source>
      <translation>mitgelieferter Katalog ({0})</translation>
    </message>
    <message>
      <source>import of {0} ({1})</source>
      <translation>Import von {0} ({1})</translation>
    </message>
    <message>
      <source>edited in the desktop app</source>
      <translation>in der Desktop-App bearbeitet</translation>
    </message>
    <message>
      <source>Input, per 1M tokens</source>
      <translation>Eingabe, pro 1 Mio. Token</translation>
    </message>
    <message>
      <source>Output, per 1M tokens</source>
      <translation>Ausgabe, pro 1 Mio. Token</translation>
    </message>
    <message>
      <source>Cached input, per 1M tokens</source>
      <translation>Gecachte Eingabe, pro 1 Mio. Token</translation>
    </message>
    <message>
      <source>Per instance-hour</source>
      <translation>Pro Instanzstunde</translation>
    </message>
    <message>
      <source>Low</source>
      <translation>Niedrig</translation>
    </message>
    <message>
      <source>High</source>
      <translation>Hoch</translation>
    </message>
    <message>
      <source>days since the end of the price's period</source>
      <translation>Tage seit dem Ende des Preiszeitraums</translation>
    </message>
    <message>
      <source>Date</source>
      <translation>Datum</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>Quelle</translation>
    </message>
    <message>
      <source>Figure</source>
      <translation>Kennzahl</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>Einheit</translation>
    </message>
    <message>
      <source>Date the price was true</source>
      <translation>Datum, zu dem der Preis galt</translation>
    </message>
    <message>
      <source>Edit price…</source>
      <translation>Preis bearbeiten…</translation>
    </message>
    <message>
      <source>Import…</source>
      <translation>Importieren…</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exportieren…</translation>
    </message>
    <message>
      <source>Rows in red: the price is older than a year or undated.</source>
      <translation>Rote Zeilen: Der Preis ist älter als ein Jahr oder undatiert.</translation>
    </message>
    <message numerus="yes">
      <source>%Ln day</source>
      <translation>
        <numerusform>%Ln Tag</numerusform>
        <numerusform>%Ln Tage</numerusform>
      </translation>
    </message>
    <message>
      <source>Provider</source>
      <translation>Anbieter</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modell</translation>
    </message>
    <message>
      <source>Currency</source>
      <translation>Währung</translation>
    </message>
    <message>
      <source>Instance</source>
      <translation>Instanz</translation>
    </message>
    <message>
      <source>GPUs</source>
      <translation>GPUs</translation>
    </message>
    <message>
      <source>Region</source>
      <translation>Region</translation>
    </message>
    <message>
      <source>Filter: provider, model, GPU, source…</source>
      <translation>Filter: Anbieter, Modell, GPU, Quelle…</translation>
    </message>
    <message>
      <source>Catalog versions</source>
      <translation>Katalogversionen</translation>
    </message>
    <message>
      <source>Edit price: {0}</source>
      <translation>Preis bearbeiten: {0}</translation>
    </message>
    <message>
      <source>give both ends of the range</source>
      <translation>beide Enden der Spanne angeben</translation>
    </message>
    <message>
      <source>Version</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>Created</source>
      <translation>Erstellt</translation>
    </message>
    <message>
      <source>Origin</source>
      <translation>Herkunft</translation>
    </message>
    <message>
      <source>Prices retrieved</source>
      <translation>Preise abgerufen</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Notiz</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Art</translation>
    </message>
    <message>
      <source>Row</source>
      <translation>Zeile</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>Änderung</translation>
    </message>
    <message>
      <source>What changed</source>
      <translation>Was sich geändert hat</translation>
    </message>
    <message>
      <source>What version {0} changed from version {1}:</source>
      <translation>Was Version {0} gegenüber Version {1} geändert hat:</translation>
    </message>
    <message>
      <source>Version {0} is the first: every row is new.</source>
      <translation>Version {0} ist die erste: Jede Zeile ist neu.</translation>
    </message>
    <message>
      <source>'{0}' is not a number</source>
      <translation>'{0}' ist keine Zahl</translation>
    </message>
    <message numerus="yes">
      <source>The cost over %Ln month (depreciated) spreads the price of each server, less its residual value, over its depreciation period and counts only the months of the horizon; the cash spent by month %Ln counts every purchase in full when it is paid. They differ until the servers are written off.</source>
      <translation>
        <numerusform>Die Kosten über %Ln Monat (abgeschrieben) verteilen den Preis je Server abzüglich des Restwerts über die Abschreibungsdauer und zählen nur die Monate des Zeitraums; die bis Monat %Ln gezahlten Beträge zählen jeden Kauf voll, wenn er bezahlt wird. Beide unterscheiden sich, bis die Server abgeschrieben sind.</numerusform>
        <numerusform>Die Kosten über %Ln Monate (abgeschrieben) verteilen den Preis je Server abzüglich des Restwerts über die Abschreibungsdauer und zählen nur die Monate des Zeitraums; die bis Monat %Ln gezahlten Beträge zählen jeden Kauf voll, wenn er bezahlt wird. Beide unterscheiden sich, bis die Server abgeschrieben sind.</numerusform>
      </translation>
    </message>
    <message>
      <source>Item</source>
      <translation>Posten</translation>
    </message>
    <message>
      <source>per year</source>
      <translation>pro Jahr</translation>
    </message>
    <message>
      <source>one-off</source>
      <translation>einmalig</translation>
    </message>
    <message>
      <source>Cash spent over time</source>
      <translation>Gezahlte Beträge</translation>
    </message>
    <message>
      <source>How sure are we</source>
      <translation>Wie sicher sind wir</translation>
    </message>
    <message>
      <source>Utilisation</source>
      <translation>Auslastung</translation>
    </message>
    <message>
      <source>Levers</source>
      <translation>Hebel</translation>
    </message>
    <message>
      <source>Break-even and payback</source>
      <translation>Break-even und Amortisation</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Hinweise</translation>
    </message>
    <message>
      <source>What the cost is for</source>
      <translation>Wofür die Kosten anfallen</translation>
    </message>
    <message numerus="yes">
      <source>{0} carries only {1} of the peak load at its %Ln server</source>
      <translation>
        <numerusform>{0} trägt mit seinem %Ln Server nur {1} der Spitzenlast</numerusform>
        <numerusform>{0} trägt mit seinen %Ln Servern nur {1} der Spitzenlast</numerusform>
      </translation>
    </message>
    <message>
      <source>by year {0}, {1}</source>
      <translation>bis Jahr {0}: {1}</translation>
    </message>
    <message>
      <source>Fine-tuning {0} ({1}) needs {2}: weights {3}, trained states {4}, activations {5}.</source>
      <translation>Fine-Tuning von {0} ({1}) braucht {2}: Gewichte {3}, trainierte Zustände {4}, Aktivierungen {5}.</translation>
    </message>
    <message>
      <source>per month</source>
      <translation>pro Monat</translation>
    </message>
    <message>
      <source>per 1,000 requests</source>
      <translation>pro 1.000 Anfragen</translation>
    </message>
    <message>
      <source>⚠ A price is unknown, so the cost is unknown.</source>
      <translation>⚠ Ein Preis ist unbekannt, daher sind die Kosten unbekannt.</translation>
    </message>
    <message>
      <source>Lever</source>
      <translation>Hebel</translation>
    </message>
    <message>
      <source>Assumption</source>
      <translation>Annahme</translation>
    </message>
    <message>
      <source>not within the horizon</source>
      <translation>nicht innerhalb des Zeitraums</translation>
    </message>
    <message numerus="yes">
      <source>{0} carries only {1} of the peak load at its %Ln instance</source>
      <translation>
        <numerusform>{0} trägt mit seiner %Ln Instanz nur {1} der Spitzenlast</numerusform>
        <numerusform>{0} trägt mit seinen %Ln Instanzen nur {1} der Spitzenlast</numerusform>
      </translation>
    </message>
    <message>
      <source>{0} carries only {1} of the peak load within its rate limit</source>
      <translation>{0} trägt innerhalb seines Ratenlimits nur {1} der Spitzenlast</translation>
    </message>
    <message numerus="yes">
      <source>cost over %Ln month (depreciated)</source>
      <translation>
        <numerusform>Kosten über %Ln Monat (abgeschrieben)</numerusform>
        <numerusform>Kosten über %Ln Monate (abgeschrieben)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>cost over %Ln month</source>
      <translation>
        <numerusform>Kosten über %Ln Monat</numerusform>
        <numerusform>Kosten über %Ln Monate</numerusform>
      </translation>
    </message>
    <message>
      <source>units</source>
      <translation>Einheiten</translation>
    </message>
    <message>
      <source>⚠ Cannot carry the workload: its costs, break-even and payback do not hold.</source>
      <translation>⚠ Trägt die Last nicht: Kosten, Break-even und Amortisation gelten nicht.</translation>
    </message>
    <message>
      <source>Comparison</source>
      <translation>Vergleich</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>Ergebnis</translation>
    </message>
    <message>
      <source>No notes.</source>
      <translation>Keine Hinweise.</translation>
    </message>
    <message>
      <source>Fine-tuning on {0}: fits on {1}, {2} left.</source>
      <translation>Fine-Tuning auf {0}: passt auf {1}, {2} frei.</translation>
    </message>
    <message>
      <source>Fine-tuning on {0}: does not fit on {1}, {2} short.</source>
      <translation>Fine-Tuning auf {0}: passt nicht auf {1}, es fehlen {2}.</translation>
    </message>
    <message>
      <source>(load {0})</source>
      <translation>(Last {0})</translation>
    </message>
    <message>
      <source>⚠ Over capacity: {0}. It cannot serve the workload; its costs, break-even and payback do not hold.</source>
      <translation>⚠ Über der Kapazität: {0}. Die Option kann die Last nicht bedienen; Kosten, Break-even und Amortisation gelten nicht.</translation>
    </message>
    <message>
      <source>— : the lever does not apply to this option</source>
      <translation>— : der Hebel gilt für diese Option nicht</translation>
    </message>
    <message>
      <source>no break-even: {0}</source>
      <translation>kein Break-even: {0}</translation>
    </message>
    <message>
      <source>no break-even in range</source>
      <translation>kein Break-even im Bereich</translation>
    </message>
    <message>
      <source>month {0}</source>
      <translation>Monat {0}</translation>
    </message>
    <message>
      <source> (with API prices falling: {0})</source>
      <translation> (bei sinkenden API-Preisen: {0})</translation>
    </message>
    <message>
      <source>never</source>
      <translation>nie</translation>
    </message>
    <message>
      <source>cash spent by month {0}</source>
      <translation>bis Monat {0} gezahlt</translation>
    </message>
    <message>
      <source>{0}:
saving/year</source>
      <translation>{0}:
Ersparnis/Jahr</translation>
    </message>
    <message>
      <source>Break-even: {0} vs {1}</source>
      <translation>Break-even: {0} gegenüber {1}</translation>
    </message>
    <message>
      <source>Payback: {0} vs {1}</source>
      <translation>Amortisation: {0} gegenüber {1}</translation>
    </message>
    <message>
      <source>{0} cheaper above {1} requests/day</source>
      <translation>{0} günstiger ab {1} Anfragen/Tag</translation>
    </message>
    <message>
      <source>no payback: {0}</source>
      <translation>keine Amortisation: {0}</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Kosten</translation>
    </message>
    <message>
      <source>Data control and compliance</source>
      <translation>Datenhoheit und Compliance</translation>
    </message>
    <message>
      <source>Scalability</source>
      <translation>Skalierbarkeit</translation>
    </message>
    <message>
      <source>Team skills</source>
      <translation>Team-Know-how</translation>
    </message>
    <message>
      <source>Time to launch</source>
      <translation>Zeit bis zum Start</translation>
    </message>
    <message>
      <source>Scored from the yearly cost: the cheapest option that carries the load gets 5.</source>
      <translation>Aus den Jahreskosten bewertet: Die günstigste Option, die die Last trägt, erhält 5.</translation>
    </message>
    <message>
      <source>Where prompts and answers go, who may read them, which law applies.</source>
      <translation>Wohin Prompts und Antworten gehen, wer sie lesen darf, welches Recht gilt.</translation>
    </message>
    <message>
      <source>How easily the option follows a growing or bursty load.</source>
      <translation>Wie leicht die Option wachsender oder schwankender Last folgt.</translation>
    </message>
    <message>
      <source>How well your team can run it (5: no new skills needed).</source>
      <translation>Wie gut Ihr Team sie betreiben kann (5: kein neues Wissen nötig).</translation>
    </message>
    <message>
      <source>How soon it can serve users (5: days, 1: many months).</source>
      <translation>Wie bald sie Nutzer bedienen kann (5: Tage, 1: viele Monate).</translation>
    </message>
    <message>
      <source>How much each criterion weighs (0 to 5)</source>
      <translation>Gewicht jedes Kriteriums (0 bis 5)</translation>
    </message>
    <message>
      <source>Scores 0 to 5 (double-click to change a non-cost score)</source>
      <translation>Bewertungen 0 bis 5 (Doppelklick ändert eine Nicht-Kosten-Bewertung)</translation>
    </message>
    <message>
      <source>Recommendation</source>
      <translation>Empfehlung</translation>
    </message>
    <message>
      <source>Export the PDF proposal…</source>
      <translation>PDF-Vorschlag exportieren…</translation>
    </message>
    <message>
      <source>Summary, requirements, costs with charts, levers, criteria and every assumption with its source and date (Ctrl+P)</source>
      <translation>Zusammenfassung, Anforderungen, Kosten mit Diagrammen, Hebel, Kriterien und jede Annahme mit Quelle und Datum (Strg+P)</translation>
    </message>
    <message>
      <source>No option can be recommended.</source>
      <translation>Keine Option kann empfohlen werden.</translation>
    </message>
    <message>
      <source>Option</source>
      <translation>Option</translation>
    </message>
    <message>
      <source>Weighted total</source>
      <translation>Gewichtete Summe</translation>
    </message>
    <message>
      <source>Score {0}</source>
      <translation>Bewertung {0}</translation>
    </message>
    <message>
      <source>Weight of {0}</source>
      <translation>Gewicht von {0}</translation>
    </message>
    <message>
      <source>Recommended: &lt;b&gt;{0}&lt;/b&gt;</source>
      <translation>Empfohlen: &lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Parameter</translation>
    </message>
    <message>
      <source>Active</source>
      <translation>Aktiv</translation>
    </message>
    <message>
      <source>Sizes</source>
      <translation>Größen</translation>
    </message>
    <message>
      <source>Quantization</source>
      <translation>Quantisierung</translation>
    </message>
    <message>
      <source>Engine</source>
      <translation>Engine</translation>
    </message>
    <message>
      <source>Fits on</source>
      <translation>Passt auf</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>Gewichte</translation>
    </message>
    <message>
      <source>Headroom</source>
      <translation>Reserve</translation>
    </message>
    <message>
      <source>Max KV tokens</source>
      <translation>Max. KV-Token</translation>
    </message>
    <message>
      <source>Tokens/s per user</source>
      <translation>Token/s pro Nutzer</translation>
    </message>
    <message>
      <source>Tokens/s in all</source>
      <translation>Token/s gesamt</translation>
    </message>
    <message>
      <source>Requests/hour</source>
      <translation>Anfragen/Stunde</translation>
    </message>
    <message>
      <source>Quality loss</source>
      <translation>Qualitätsverlust</translation>
    </message>
    <message>
      <source>A GPU from the catalog</source>
      <translation>Eine GPU aus dem Katalog</translation>
    </message>
    <message>
      <source>Probed hardware</source>
      <translation>Erfasste Hardware</translation>
    </message>
    <message>
      <source>No hardware probed yet.</source>
      <translation>Noch keine Hardware erfasst.</translation>
    </message>
    <message>
      <source>Run an option on it…</source>
      <translation>Eine Option darauf betreiben…</translation>
    </message>
    <message>
      <source>Size a cloud or on-prem option on these GPUs: the chosen catalog GPU and count, or the probed profile's GPUs and free memory (kept in the scenario)</source>
      <translation>Eine Cloud- oder On-Prem-Option auf diese GPUs auslegen: die gewählte Katalog-GPU und Anzahl oder die GPUs und der freie Speicher des erfassten Profils (im Szenario gespeichert)</translation>
    </message>
    <message>
      <source>GPUs to plan on</source>
      <translation>GPUs für die Planung</translation>
    </message>
    <message>
      <source>Use this model for a self-hosted option…</source>
      <translation>Dieses Modell für eine selbst betriebene Option verwenden…</translation>
    </message>
    <message>
      <source>For every self-hosted option, or for one of them</source>
      <translation>Für jede selbst betriebene Option oder für eine davon</translation>
    </message>
    <message>
      <source>no GPU</source>
      <translation>keine GPU</translation>
    </message>
    <message>
      <source>billions of parameters</source>
      <translation>Milliarden Parameter</translation>
    </message>
    <message>
      <source>billions of parameters one token uses (mixture of experts: the experts it is routed to)</source>
      <translation>Milliarden Parameter, die ein Token nutzt (Mixture-of-Experts-Modelle: die Experten, zu denen es geleitet wird)</translation>
    </message>
    <message>
      <source>estimate: the model's configuration names a feature the planner does not size exactly (see the notes below the chart)</source>
      <translation>Schätzung: Die Konfiguration des Modells nennt ein Merkmal, das der Planer nicht exakt berechnet (siehe die Hinweise unter dem Diagramm)</translation>
    </message>
    <message numerus="yes">
      <source>%Ln GPU</source>
      <translation>
        <numerusform>%Ln GPU</numerusform>
        <numerusform>%Ln GPUs</numerusform>
      </translation>
    </message>
    <message>
      <source>GPUs needed: the fewest of the set that hold it</source>
      <translation>Benötigte GPUs: die wenigsten der Gruppe, die es fassen</translation>
    </message>
    <message>
      <source>weights as stored, decimal GB</source>
      <translation>Gewichte wie gespeichert, dezimale GB</translation>
    </message>
    <message>
      <source>memory left per GPU after weights, KV cache and overhead (GiB)</source>
      <translation>Restspeicher pro GPU nach Gewichten, KV-Cache und Overhead (GiB)</translation>
    </message>
    <message>
      <source>tokens of KV cache that fit in the memory left</source>
      <translation>KV-Cache-Token, die in den Restspeicher passen</translation>
    </message>
    <message>
      <source>steady decode speed of one stream</source>
      <translation>stetige Decode-Geschwindigkeit eines Streams</translation>
    </message>
    <message>
      <source>decode speed of all concurrent streams together</source>
      <translation>Decode-Geschwindigkeit aller gleichzeitigen Streams zusammen</translation>
    </message>
    <message>
      <source>requests of the workload's size served per hour at this concurrency</source>
      <translation>Anfragen in der Größe der Last pro Stunde bei dieser Parallelität</translation>
    </message>
    <message>
      <source>perplexity increase against 16-bit weights</source>
      <translation>Anstieg der Perplexität gegenüber 16-Bit-Gewichten</translation>
    </message>
    <message numerus="yes">
      <source> GPU</source>
      <translation>
        <numerusform> GPU</numerusform>
        <numerusform> GPUs</numerusform>
      </translation>
    </message>
    <message>
      <source>Probe this machine</source>
      <translation>Diesen Rechner erfassen</translation>
    </message>
    <message>
      <source>Probe a server over SSH…</source>
      <translation>Server über SSH erfassen…</translation>
    </message>
    <message>
      <source>Open a profile file…</source>
      <translation>Profildatei öffnen…</translation>
    </message>
    <message numerus="yes">
      <source> token</source>
      <translation>
        <numerusform> Token</numerusform>
        <numerusform> Token</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source> request</source>
      <translation>
        <numerusform> Anfrage</numerusform>
        <numerusform> Anfragen</numerusform>
      </translation>
    </message>
    <message>
      <source>Filter: model, quantization, engine…</source>
      <translation>Filter: Modell, Quantisierung, Engine…</translation>
    </message>
    <message>
      <source>Context</source>
      <translation>Kontext</translation>
    </message>
    <message>
      <source>Concurrent requests</source>
      <translation>Gleichzeitige Anfragen</translation>
    </message>
    <message>
      <source>exact</source>
      <translation>exakt</translation>
    </message>
    <message>
      <source>estimate</source>
      <translation>Schätzung</translation>
    </message>
    <message>
      <source>Near-lossless only (≤ {0} % quality loss)</source>
      <translation>Nur nahezu verlustfrei (≤ {0} % Qualitätsverlust)</translation>
    </message>
    <message>
      <source>{0}, taken {1}: {2}</source>
      <translation>{0}, erfasst am {1}: {2}</translation>
    </message>
    <message>
      <source>{0} free of {1}</source>
      <translation>{0} frei von {1}</translation>
    </message>
    <message>
      <source>Architecture: {0}.</source>
      <translation>Architektur: {0}.</translation>
    </message>
    <message>
      <source>Estimate, not an exact size: {0}.</source>
      <translation>Schätzung, keine exakte Größe: {0}.</translation>
    </message>
    <message>
      <source>{0} {1} on {2} × {3} ({4}): {5} in all, {6} headroom per GPU.</source>
      <translation>{0} {1} auf {2} × {3} ({4}): {5} insgesamt, {6} Reserve pro GPU.</translation>
    </message>
    <message>
      <source>Where the data may be processed, one per line: eu, onprem (your own premises), us, uk, ch or the two-letter code of a country outside the EU (no, jp...). Options elsewhere, or whose region is unknown, are costed and never recommended. Empty: no rule.</source>
      <translation>Wo die Daten verarbeitet werden dürfen, eine Angabe pro Zeile: eu, onprem (eigene Räume), us, uk, ch oder der zweistellige Code eines Landes außerhalb der EU (etwa jp für Japan). Optionen anderswo oder mit unbekannter Region werden berechnet, aber nie empfohlen. Leer: keine Vorgabe.</translation>
    </message>
    <message>
      <source>The relative load in each clock hour, 24 numbers from 0:00 to 23:00 (0: closed), e.g. 0 for the night and 1 for a busy hour. It sets the service hours and the peak over average load (their own fields are emptied) and what the overflow of a hybrid carries. Empty: none.</source>
      <translation>Die relative Last in jeder Stunde des Tages, 24 Zahlen von 0:00 bis 23:00 Uhr (0: geschlossen), z. B. 0 für die Nacht und 1 für eine volle Stunde. Daraus folgen die Betriebsstunden und die Spitzen- über Durchschnittslast (deren eigene Felder werden geleert) und was der Überlauf eines Hybrids trägt. Leer: keines.</translation>
    </message>
    <message>
      <source>scenario currency</source>
      <translation>Szenariowährung</translation>
    </message>
    <message>
      <source>classifier</source>
      <translation>Klassifikator</translation>
    </message>
    <message>
      <source>none: 24 numbers, one per clock hour</source>
      <translation>keines: 24 Zahlen, eine pro Stunde</translation>
    </message>
    <message>
      <source>Workload</source>
      <translation>Last</translation>
    </message>
    <message>
      <source>Requests</source>
      <translation>Anfragen</translation>
    </message>
    <message>
      <source>Prompt per request</source>
      <translation>Prompt pro Anfrage</translation>
    </message>
    <message>
      <source>Answer per request</source>
      <translation>Antwort pro Anfrage</translation>
    </message>
    <message>
      <source>Tokens per word</source>
      <translation>Token pro Wort</translation>
    </message>
    <message>
      <source>tokens/word</source>
      <translation>Token/Wort</translation>
    </message>
    <message>
      <source>Service hours</source>
      <translation>Betriebsstunden</translation>
    </message>
    <message>
      <source>hours/day</source>
      <translation>Stunden/Tag</translation>
    </message>
    <message>
      <source>Service days</source>
      <translation>Betriebstage</translation>
    </message>
    <message>
      <source>days/year</source>
      <translation>Tage/Jahr</translation>
    </message>
    <message>
      <source>Peak over average load</source>
      <translation>Spitze über Durchschnittslast</translation>
    </message>
    <message>
      <source>×</source>
      <translation>×</translation>
    </message>
    <message>
      <source>Growth</source>
      <translation>Wachstum</translation>
    </message>
    <message>
      <source>share/year</source>
      <translation>Anteil/Jahr</translation>
    </message>
    <message>
      <source>Time to first token target</source>
      <translation>Ziel Zeit bis zum ersten Token</translation>
    </message>
    <message>
      <source>s</source>
      <translation>s</translation>
    </message>
    <message>
      <source>Decode speed per user</source>
      <translation>Decode-Geschwindigkeit pro Nutzer</translation>
    </message>
    <message>
      <source>tokens/s</source>
      <translation>Token/s</translation>
    </message>
    <message>
      <source>Batch per replica</source>
      <translation>Batch pro Replika</translation>
    </message>
    <message>
      <source>requests</source>
      <translation>Anfragen</translation>
    </message>
    <message>
      <source>Payload per request</source>
      <translation>Nutzdaten pro Anfrage</translation>
    </message>
    <message>
      <source>bytes</source>
      <translation>Bytes</translation>
    </message>
    <message>
      <source>Hourly load profile</source>
      <translation>Lastprofil pro Stunde</translation>
    </message>
    <message>
      <source>Model for self-hosted options</source>
      <translation>Modell für selbst betriebene Optionen</translation>
    </message>
    <message>
      <source>KV cache type</source>
      <translation>KV-Cache-Typ</translation>
    </message>
    <message>
      <source>Nominal parameters</source>
      <translation>Nominelle Parameter</translation>
    </message>
    <message>
      <source>parameters</source>
      <translation>Parameter</translation>
    </message>
    <message>
      <source>Plan</source>
      <translation>Plan</translation>
    </message>
    <message>
      <source>Description</source>
      <translation>Beschreibung</translation>
    </message>
    <message>
      <source>Horizon</source>
      <translation>Zeitraum</translation>
    </message>
    <message>
      <source>months</source>
      <translation>Monate</translation>
    </message>
    <message>
      <source>API price decline</source>
      <translation>Rückgang der API-Preise</translation>
    </message>
    <message>
      <source>Sensitivity range</source>
      <translation>Sensitivitätsbereich</translation>
    </message>
    <message>
      <source>± %</source>
      <translation>± %</translation>
    </message>
    <message>
      <source>Data residency</source>
      <translation>Datenstandort</translation>
    </message>
    <message>
      <source>One per line, e.g. eu and onprem; empty: no rule</source>
      <translation>Einer pro Zeile, z. B. eu und onprem; leer: keine Vorgabe</translation>
    </message>
    <message>
      <source>Self-hosting (cloud GPUs and on-prem)</source>
      <translation>Selbst betreiben (Cloud-GPUs und On-Prem)</translation>
    </message>
    <message>
      <source>Staff</source>
      <translation>Personal</translation>
    </message>
    <message>
      <source>FTE</source>
      <translation>VZÄ</translation>
    </message>
    <message>
      <source>Cost of one FTE</source>
      <translation>Kosten eines VZÄ</translation>
    </message>
    <message>
      <source>Fine-tuning runs</source>
      <translation>Fine-Tuning-Läufe</translation>
    </message>
    <message>
      <source>Cost per fine-tuning run</source>
      <translation>Kosten pro Fine-Tuning-Lauf</translation>
    </message>
    <message>
      <source>Cost of capital</source>
      <translation>Kapitalkosten</translation>
    </message>
    <message>
      <source>Lever assumptions</source>
      <translation>Annahmen der Hebel</translation>
    </message>
    <message>
      <source>Small model (cascade)</source>
      <translation>Kleines Modell (Kaskade)</translation>
    </message>
    <message>
      <source>Small over large API price</source>
      <translation>API-Preis klein zu groß</translation>
    </message>
    <message>
      <source>ratio</source>
      <translation>Verhältnis</translation>
    </message>
    <message>
      <source>Answered by the small model</source>
      <translation>Vom kleinen Modell beantwortet</translation>
    </message>
    <message>
      <source>share</source>
      <translation>Anteil</translation>
    </message>
    <message>
      <source>Prompt cache hits</source>
      <translation>Prompt-Cache-Treffer</translation>
    </message>
    <message>
      <source>Prompt tokens saved</source>
      <translation>Eingesparte Prompt-Token</translation>
    </message>
    <message>
      <source>Output tokens saved</source>
      <translation>Eingesparte Ausgabe-Token</translation>
    </message>
    <message>
      <source>Cheaper quantization</source>
      <translation>Günstigere Quantisierung</translation>
    </message>
    <message>
      <source>Larger batch</source>
      <translation>Größerer Batch</translation>
    </message>
    <message>
      <source>Batch API share</source>
      <translation>Anteil Batch-API</translation>
    </message>
    <message>
      <source>shipped: the checkpoint's own format</source>
      <translation>wie ausgeliefert: das eigene Format des Checkpoints</translation>
    </message>
    <message>
      <source>per day</source>
      <translation>pro Tag</translation>
    </message>
    <message>
      <source>per service hour</source>
      <translation>pro Betriebsstunde</translation>
    </message>
    <message>
      <source>tokens</source>
      <translation>Token</translation>
    </message>
    <message>
      <source>words</source>
      <translation>Wörter</translation>
    </message>
    <message>
      <source>Recommend: the best that fits each option's GPUs</source>
      <translation>Empfehlen: das beste, das auf die GPUs der jeweiligen Option passt</translation>
    </message>
    <message>
      <source>{0}/year</source>
      <translation>{0}/Jahr</translation>
    </message>
    <message>
      <source>none</source>
      <translation>keine</translation>
    </message>
    <message>
      <source>default for the quantization</source>
      <translation>Standard für die Quantisierung</translation>
    </message>
    <message>
      <source>{cur} per 1M tokens</source>
      <translation>{cur} pro 1 Mio. Token</translation>
    </message>
    <message>
      <source>e.g. eu, de, us, onprem, eu-central-1</source>
      <translation>z. B. eu, de, us, onprem, eu-central-1</translation>
    </message>
    <message>
      <source>Integration</source>
      <translation>Integration</translation>
    </message>
    <message>
      <source>{cur}, one-off</source>
      <translation>{cur}, einmalig</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Price source</source>
      <translation>Preisquelle</translation>
    </message>
    <message>
      <source>Price date</source>
      <translation>Preisdatum</translation>
    </message>
    <message>
      <source>YYYY-MM-DD, YYYY-MM or YYYY</source>
      <translation>JJJJ-MM-TT, JJJJ-MM oder JJJJ</translation>
    </message>
    <message>
      <source>Can be recommended</source>
      <translation>Kann empfohlen werden</translation>
    </message>
    <message>
      <source>FTE; empty: the self-hosting staff</source>
      <translation>VZÄ; leer: Personal für Selbstbetrieb</translation>
    </message>
    <message>
      <source>Catalog price</source>
      <translation>Katalogpreis</translation>
    </message>
    <message>
      <source>Input price</source>
      <translation>Eingabepreis</translation>
    </message>
    <message>
      <source>Output price</source>
      <translation>Ausgabepreis</translation>
    </message>
    <message>
      <source>Cached input price</source>
      <translation>Preis gecachte Eingabe</translation>
    </message>
    <message>
      <source>Cache hits</source>
      <translation>Cache-Treffer</translation>
    </message>
    <message>
      <source>share of input</source>
      <translation>Anteil der Eingabe</translation>
    </message>
    <message>
      <source>Cache write price</source>
      <translation>Preis für Cache-Schreiben</translation>
    </message>
    <message>
      <source>Written to the cache</source>
      <translation>In den Cache geschrieben</translation>
    </message>
    <message>
      <source>Batch API discount</source>
      <translation>Rabatt der Batch-API</translation>
    </message>
    <message>
      <source>Sent through the batch API</source>
      <translation>Über die Batch-API gesendet</translation>
    </message>
    <message>
      <source>Long-context threshold</source>
      <translation>Schwelle für langen Kontext</translation>
    </message>
    <message>
      <source>prompt tokens</source>
      <translation>Prompt-Token</translation>
    </message>
    <message>
      <source>Long-context input price</source>
      <translation>Eingabepreis langer Kontext</translation>
    </message>
    <message>
      <source>Long-context output price</source>
      <translation>Ausgabepreis langer Kontext</translation>
    </message>
    <message>
      <source>Fine-tuning price</source>
      <translation>Fine-Tuning-Preis</translation>
    </message>
    <message>
      <source>Training tokens per run</source>
      <translation>Trainings-Token pro Lauf</translation>
    </message>
    <message>
      <source>Rate limit</source>
      <translation>Ratenlimit</translation>
    </message>
    <message>
      <source>tokens/minute</source>
      <translation>Token/Minute</translation>
    </message>
    <message>
      <source>Fine-tuned model</source>
      <translation>Feinabgestimmtes Modell</translation>
    </message>
    <message>
      <source>Fine-tuned input price</source>
      <translation>Eingabepreis, feinabgestimmt</translation>
    </message>
    <message>
      <source>Fine-tuned output price</source>
      <translation>Ausgabepreis, feinabgestimmt</translation>
    </message>
    <message>
      <source>Fine-tuned hosting</source>
      <translation>Hosting, feinabgestimmt</translation>
    </message>
    <message>
      <source>{cur} per hour, 24 h a day</source>
      <translation>{cur} pro Stunde, 24 h am Tag</translation>
    </message>
    <message>
      <source>FTE; empty: none</source>
      <translation>VZÄ; leer: keins</translation>
    </message>
    <message>
      <source>Catalog instance</source>
      <translation>Katalog-Instanz</translation>
    </message>
    <message>
      <source>GPU</source>
      <translation>GPU</translation>
    </message>
    <message>
      <source>GPUs per instance</source>
      <translation>GPUs pro Instanz</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Preis</translation>
    </message>
    <message>
      <source>{cur} per instance-hour</source>
      <translation>{cur} pro Instanzstunde</translation>
    </message>
    <message>
      <source>Price per second</source>
      <translation>Preis pro Sekunde</translation>
    </message>
    <message>
      <source>{cur} per instance-second</source>
      <translation>{cur} pro Instanzsekunde</translation>
    </message>
    <message>
      <source>Billing</source>
      <translation>Abrechnung</translation>
    </message>
    <message>
      <source>Billing granularity</source>
      <translation>Abrechnungstakt</translation>
    </message>
    <message>
      <source>Reserved or spot discount</source>
      <translation>Rabatt für Reservierung oder Spot</translation>
    </message>
    <message>
      <source>Busy time per request</source>
      <translation>Belegzeit pro Anfrage</translation>
    </message>
    <message>
      <source>instance-s</source>
      <translation>Instanz-s</translation>
    </message>
    <message>
      <source>Minimum replicas</source>
      <translation>Mindestzahl Repliken</translation>
    </message>
    <message>
      <source>Spare replicas</source>
      <translation>Reserve-Repliken</translation>
    </message>
    <message>
      <source>N+k</source>
      <translation>N+k</translation>
    </message>
    <message>
      <source>Quota</source>
      <translation>Kontingent</translation>
    </message>
    <message>
      <source>instances</source>
      <translation>Instanzen</translation>
    </message>
    <message>
      <source>Transfer per request</source>
      <translation>Transfer pro Anfrage</translation>
    </message>
    <message>
      <source>{cur}</source>
      <translation>{cur}</translation>
    </message>
    <message>
      <source>Transfer per GB</source>
      <translation>Transfer pro GB</translation>
    </message>
    <message>
      <source>{cur}/GB</source>
      <translation>{cur}/GB</translation>
    </message>
    <message>
      <source>Storage</source>
      <translation>Speicherplatz</translation>
    </message>
    <message>
      <source>GB</source>
      <translation>GB</translation>
    </message>
    <message>
      <source>Storage price</source>
      <translation>Speicherpreis</translation>
    </message>
    <message>
      <source>{cur} per GB-month</source>
      <translation>{cur} pro GB-Monat</translation>
    </message>
    <message>
      <source>GPUs per server</source>
      <translation>GPUs pro Server</translation>
    </message>
    <message>
      <source>Server price</source>
      <translation>Serverpreis</translation>
    </message>
    <message>
      <source>{cur} per server</source>
      <translation>{cur} pro Server</translation>
    </message>
    <message>
      <source>Servers already owned</source>
      <translation>Server schon vorhanden</translation>
    </message>
    <message>
      <source>Book value</source>
      <translation>Buchwert</translation>
    </message>
    <message>
      <source>{cur}, owned servers</source>
      <translation>{cur}, vorhandene Server</translation>
    </message>
    <message>
      <source>Remaining life</source>
      <translation>Restnutzungsdauer</translation>
    </message>
    <message>
      <source>years, owned servers</source>
      <translation>Jahre, vorhandene Server</translation>
    </message>
    <message>
      <source>Servers (fixed)</source>
      <translation>Server (fest)</translation>
    </message>
    <message>
      <source>empty: sized from the load</source>
      <translation>leer: aus der Last bemessen</translation>
    </message>
    <message>
      <source>Minimum servers</source>
      <translation>Mindestzahl Server</translation>
    </message>
    <message>
      <source>Spare servers</source>
      <translation>Reserveserver</translation>
    </message>
    <message>
      <source>Fine-tuning servers</source>
      <translation>Fine-Tuning-Server</translation>
    </message>
    <message>
      <source>server-s</source>
      <translation>Server-s</translation>
    </message>
    <message>
      <source>GPU power</source>
      <translation>GPU-Leistung</translation>
    </message>
    <message>
      <source>W per GPU</source>
      <translation>W pro GPU</translation>
    </message>
    <message>
      <source>Host power</source>
      <translation>Host-Leistung</translation>
    </message>
    <message>
      <source>W per server</source>
      <translation>W pro Server</translation>
    </message>
    <message>
      <source>GPU idle power</source>
      <translation>GPU-Leistung im Leerlauf</translation>
    </message>
    <message>
      <source>Host idle power</source>
      <translation>Host-Leistung im Leerlauf</translation>
    </message>
    <message>
      <source>Switched on</source>
      <translation>Eingeschaltet</translation>
    </message>
    <message>
      <source>Average load</source>
      <translation>Durchschnittslast</translation>
    </message>
    <message>
      <source>PUE</source>
      <translation>PUE</translation>
    </message>
    <message>
      <source>Electricity</source>
      <translation>Strom</translation>
    </message>
    <message>
      <source>{cur}/kWh</source>
      <translation>{cur}/kWh</translation>
    </message>
    <message>
      <source>Depreciation</source>
      <translation>Abschreibung</translation>
    </message>
    <message>
      <source>years</source>
      <translation>Jahre</translation>
    </message>
    <message>
      <source>Residual value</source>
      <translation>Restwert</translation>
    </message>
    <message>
      <source>Maintenance</source>
      <translation>Wartung</translation>
    </message>
    <message>
      <source>share of hardware/year</source>
      <translation>Anteil der Hardware/Jahr</translation>
    </message>
    <message>
      <source>Maintenance per server</source>
      <translation>Wartung pro Server</translation>
    </message>
    <message>
      <source>{cur} per server-year, instead of the share</source>
      <translation>{cur} pro Server und Jahr, statt des Anteils</translation>
    </message>
    <message>
      <source>Licences</source>
      <translation>Lizenzen</translation>
    </message>
    <message>
      <source>{cur} per GPU-year</source>
      <translation>{cur} pro GPU-Jahr</translation>
    </message>
    <message>
      <source>Colocation</source>
      <translation>Colocation</translation>
    </message>
    <message>
      <source>{cur} per kW-month</source>
      <translation>{cur} pro kW-Monat</translation>
    </message>
    <message>
      <source>Rack</source>
      <translation>Rack</translation>
    </message>
    <message>
      <source>{cur} per server-month</source>
      <translation>{cur} pro Server-Monat</translation>
    </message>
    <message>
      <source>Installation</source>
      <translation>Installation</translation>
    </message>
    <message>
      <source>Base</source>
      <translation>Basis</translation>
    </message>
    <message>
      <source>carries the load up to its capacity</source>
      <translation>trägt die Last bis zu ihrer Kapazität</translation>
    </message>
    <message>
      <source>Overflow</source>
      <translation>Überlauf</translation>
    </message>
    <message>
      <source>takes the rest</source>
      <translation>übernimmt den Rest</translation>
    </message>
    <message>
      <source>Add option</source>
      <translation>Option hinzufügen</translation>
    </message>
    <message>
      <source>API from the price catalog…</source>
      <translation>API aus dem Preiskatalog…</translation>
    </message>
    <message>
      <source>Cloud GPUs from the price catalog…</source>
      <translation>Cloud-GPUs aus dem Preiskatalog…</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>Entfernen</translation>
    </message>
    <message>
      <source>Duplicate</source>
      <translation>Duplizieren</translation>
    </message>
    <message>
      <source>A copy of this option, to change one thing in it</source>
      <translation>Eine Kopie dieser Option, um darin etwas zu ändern</translation>
    </message>
    <message>
      <source>Add on-prem option</source>
      <translation>On-Prem-Option hinzufügen</translation>
    </message>
    <message>
      <source>Hybrid option</source>
      <translation>Hybride Option</translation>
    </message>
    <message>
      <source>Options to compare</source>
      <translation>Zu vergleichende Optionen</translation>
    </message>
    <message>
      <source>Price from the catalog:</source>
      <translation>Preis aus dem Katalog:</translation>
    </message>
    <message>
      <source>A hybrid combines two options of this scenario: a base of on-prem servers or cloud GPUs kept running (billing always on or service hours), and an overflow: an API or cloud GPUs billed on demand. Add the missing one first.</source>
      <translation>Ein Hybrid kombiniert zwei Optionen dieses Szenarios: eine Basis aus eigenen Servern oder dauerhaft laufenden Cloud-GPUs (Abrechnung „immer an“ oder „Betriebsstunden“) und einen Überlauf: eine API oder Cloud-GPUs, die nach Bedarf abgerechnet werden. Fügen Sie zuerst die fehlende Option hinzu.</translation>
    </message>
    <message>
      <source>From the catalog entry {0}: {1}, {2}</source>
      <translation>Aus dem Katalogeintrag {0}: {1}, {2}</translation>
    </message>
    <message>
      <source>Add option {0}</source>
      <translation>Option {0} hinzufügen</translation>
    </message>
    <message>
      <source>Duplicate option {0}</source>
      <translation>Option {0} duplizieren</translation>
    </message>
    <message>
      <source>Remove option {0}</source>
      <translation>Option {0} entfernen</translation>
    </message>
    <message>
      <source>{0} (copy)</source>
      <translation>{0} (Kopie)</translation>
    </message>
    <message>
      <source>the scenario's model</source>
      <translation>das Modell des Szenarios</translation>
    </message>
    <message>
      <source>Cash spent over the horizon: median and P10-P90</source>
      <translation>Ausgegebenes Geld über den Zeitraum: Median und P10–P90</translation>
    </message>
    <message>
      <source>cash spent</source>
      <translation>ausgegebenes Geld</translation>
    </message>
    <message>
      <source>Probability of being the cheapest</source>
      <translation>Wahrscheinlichkeit, am günstigsten zu sein</translation>
    </message>
    <message>
      <source>share of samples</source>
      <translation>Anteil der Stichproben</translation>
    </message>
    <message>
      <source>share of the spread</source>
      <translation>Anteil an der Streuung</translation>
    </message>
    <message>
      <source>Run with the speed model's error</source>
      <translation>Mit dem Fehler des Geschwindigkeitsmodells rechnen</translation>
    </message>
    <message>
      <source>Without ranges, the only spread is the measured error of the speed model behind each self-hosted option</source>
      <translation>Ohne Spannen ist die einzige Streuung der gemessene Fehler des Geschwindigkeitsmodells hinter jeder selbst betriebenen Option</translation>
    </message>
    <message>
      <source>What drives the spread</source>
      <translation>Was die Streuung treibt</translation>
    </message>
    <message>
      <source>What drives the spread over the horizon</source>
      <translation>Was die Streuung über den Zeitraum treibt</translation>
    </message>
    <message>
      <source>Give a range to a figure that is uncertain (the ± button next to it on the Inputs and Options pages: low and high, the figure being the likely value). The plan is then priced in thousands of samples, and this tab says how sure it is: the chance that each option is the cheapest, and what drives it.</source>
      <translation>Geben Sie einer unsicheren Zahl eine Spanne (die Schaltfläche ± daneben auf den Seiten Eingaben und Optionen: niedrig und hoch, die Zahl selbst ist der wahrscheinlichste Wert). Der Plan wird dann in Tausenden Stichproben berechnet, und dieser Reiter sagt, wie sicher er ist: die Wahrscheinlichkeit, dass jede Option am günstigsten ist, und was sie treibt.</translation>
    </message>
    <message>
      <source>Drawing the samples…</source>
      <translation>Die Stichproben werden gezogen…</translation>
    </message>
    <message>
      <source>Drawing the samples again; the figures shown are of the last run.</source>
      <translation>Die Stichproben werden neu gezogen; die gezeigten Zahlen sind die der letzten Simulation.</translation>
    </message>
    <message>
      <source>pays back</source>
      <translation>amortisiert</translation>
    </message>
    <message>
      <source>PDF proposal</source>
      <translation>PDF-Vorschlag</translation>
    </message>
    <message>
      <source>Organisation</source>
      <translation>Organisation</translation>
    </message>
    <message>
      <source>Author</source>
      <translation>Autor</translation>
    </message>
    <message>
      <source>Paper</source>
      <translation>Papier</translation>
    </message>
    <message>
      <source>Language of the proposal</source>
      <translation>Sprache des Vorschlags</translation>
    </message>
    <message>
      <source>bundled example</source>
      <translation>mitgeliefertes Beispiel</translation>
    </message>
    <message>
      <source>new</source>
      <translation>neu</translation>
    </message>
    <message>
      <source>duplicate</source>
      <translation>Kopie</translation>
    </message>
    <message>
      <source>restored after a delete</source>
      <translation>nach dem Löschen wiederhergestellt</translation>
    </message>
    <message>
      <source>Restore this revision</source>
      <translation>Diese Revision wiederherstellen</translation>
    </message>
    <message>
      <source>imported from {0}</source>
      <translation>importiert aus {0}</translation>
    </message>
    <message>
      <source>Search scenarios…</source>
      <translation>Szenarien suchen…</translation>
    </message>
    <message>
      <source>Restoring a revision saves it as the newest; the history in between is kept.</source>
      <translation>Eine wiederhergestellte Revision wird als neueste gespeichert; der Verlauf dazwischen bleibt erhalten.</translation>
    </message>
    <message>
      <source>Scenario</source>
      <translation>Szenario</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>Gespeichert</translation>
    </message>
    <message>
      <source>New</source>
      <translation>Neu</translation>
    </message>
    <message>
      <source>A new scenario (Ctrl+N)</source>
      <translation>Ein neues Szenario (Strg+N)</translation>
    </message>
    <message>
      <source>A copy of this scenario</source>
      <translation>Eine Kopie dieses Szenarios</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>Umbenennen</translation>
    </message>
    <message>
      <source>Rename this scenario</source>
      <translation>Dieses Szenario umbenennen</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Delete it (can be undone)</source>
      <translation>Löschen (rückgängig machbar)</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Verlauf</translation>
    </message>
    <message>
      <source>Saved revisions</source>
      <translation>Gespeicherte Revisionen</translation>
    </message>
    <message>
      <source>History of {0}</source>
      <translation>Verlauf von {0}</translation>
    </message>
    <message>
      <source>Revision</source>
      <translation>Revision</translation>
    </message>
    <message>
      <source>Catalog version</source>
      <translation>Katalogversion</translation>
    </message>
    <message>
      <source>Syncing with the team database…</source>
      <translation>Abgleich mit der Team-Datenbank…</translation>
    </message>
    <message>
      <source>Sync with team database</source>
      <translation>Mit der Team-Datenbank abgleichen</translation>
    </message>
    <message>
      <source>This computer: {0}</source>
      <translation>Dieser Rechner: {0}</translation>
    </message>
    <message>
      <source>Team database</source>
      <translation>Team-Datenbank</translation>
    </message>
    <message>
      <source>Work on the team database directly</source>
      <translation>Direkt in der Team-Datenbank arbeiten</translation>
    </message>
    <message>
      <source>Otherwise the app works on this computer's file, exchanged with the team database by File → Sync with team database. No password here: PostgreSQL reads it from ~/.pgpass (PGPASSFILE) or a service file (?service=NAME). The change applies when the app starts next.</source>
      <translation>Sonst arbeitet die App in der Datei dieses Rechners, die über Datei → Mit Team-Datenbank abgleichen mit der Team-Datenbank ausgetauscht wird. Kein Passwort hier: PostgreSQL liest es aus ~/.pgpass (PGPASSFILE) oder einer Servicedatei (?service=NAME). Die Änderung gilt beim nächsten Start der App.</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>Adresse</translation>
    </message>
    <message>
      <source>Team database: {0}</source>
      <translation>Team-Datenbank: {0}</translation>
    </message>
    <message>
      <source>the settings file</source>
      <translation>der Einstellungsdatei</translation>
    </message>
    <message>
      <source>This computer's file is open instead of the team database:

{0}</source>
      <translation>Statt der Team-Datenbank ist die Datei dieses Rechners geöffnet:

{0}</translation>
    </message>
    <message>
      <source>The address must start with postgresql://</source>
      <translation>Die Adresse muss mit postgresql:// beginnen</translation>
    </message>
    <message>
      <source>unsaved scenario</source>
      <translation>ungespeichertes Szenario</translation>
    </message>
    <message>
      <source>Unsaved edits found</source>
      <translation>Ungespeicherte Änderungen gefunden</translation>
    </message>
    <message>
      <source>Bring back unsaved edits</source>
      <translation>Ungespeicherte Änderungen zurückholen</translation>
    </message>
    <message>
      <source>Unsaved edits brought back; save to keep them.</source>
      <translation>Ungespeicherte Änderungen zurückgeholt; speichern, um sie zu behalten.</translation>
    </message>
    <message numerus="yes">
      <source>Oldest price: %Ln day</source>
      <translation>
        <numerusform>Ältester Preis: %Ln Tag</numerusform>
        <numerusform>Ältester Preis: %Ln Tage</numerusform>
      </translation>
    </message>
    <message>
      <source>Prices: no dates</source>
      <translation>Preise: ohne Datum</translation>
    </message>
    <message>
      <source>The language changes when the app starts again.</source>
      <translation>Die Sprache ändert sich beim nächsten Start.</translation>
    </message>
    <message>
      <source>Every price is younger than a year.</source>
      <translation>Jeder Preis ist jünger als ein Jahr.</translation>
    </message>
    <message>
      <source>Updating the plan…</source>
      <translation>Plan wird aktualisiert…</translation>
    </message>
    <message>
      <source>The figures shown are those of the last plan until the new one is computed.</source>
      <translation>Die angezeigten Zahlen stammen aus dem letzten Plan, bis der neue berechnet ist.</translation>
    </message>
    <message>
      <source>Plans LLM deployments offline: fit, speed, cost, decision.</source>
      <translation>Plant LLM-Einsätze offline: Passung, Geschwindigkeit, Kosten, Entscheidung.</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>Datenbank</translation>
    </message>
    <message>
      <source>The app closed with unsaved edits to '{0}' (kept {1}). Bring them back?</source>
      <translation>Das Programm wurde mit ungespeicherten Änderungen an „{0}“ beendet (gesichert {1}). Zurückholen?</translation>
    </message>
    <message>
      <source>About {0}</source>
      <translation>Über {0}</translation>
    </message>
    <message>
      <source>Catalog version {0}</source>
      <translation>Katalogversion {0}</translation>
    </message>
    <message>
      <source>Not recomputed: {0}. The figures show the last valid plan.</source>
      <translation>Nicht neu berechnet: {0}. Die Zahlen zeigen den letzten gültigen Plan.</translation>
    </message>
    <message>
      <source>The database could not be opened:

{0}</source>
      <translation>Die Datenbank konnte nicht geöffnet werden:

{0}</translation>
    </message>
    <message>
      <source> (version {0} is newer)</source>
      <translation> (Version {0} ist neuer)</translation>
    </message>
    <message>
      <source>computed in {0} ms</source>
      <translation>berechnet in {0} ms</translation>
    </message>
    <message>
      <source>Opening the scenarios and the price catalog…</source>
      <translation>Szenarien und Preiskatalog werden geöffnet…</translation>
    </message>
    <message>
      <source>Undo delete</source>
      <translation>Löschen rückgängig</translation>
    </message>
    <message>
      <source>Export scenario file</source>
      <translation>Szenariodatei exportieren</translation>
    </message>
    <message>
      <source>Export table</source>
      <translation>Tabelle exportieren</translation>
    </message>
    <message>
      <source>Writing the PDF proposal…</source>
      <translation>PDF-Vorschlag wird geschrieben…</translation>
    </message>
    <message>
      <source>Export the PDF proposal</source>
      <translation>PDF-Vorschlag exportieren</translation>
    </message>
    <message>
      <source>Import prices</source>
      <translation>Preise importieren</translation>
    </message>
    <message>
      <source>Export prices</source>
      <translation>Preise exportieren</translation>
    </message>
    <message>
      <source>Import scenario file</source>
      <translation>Szenariodatei importieren</translation>
    </message>
    <message>
      <source>Scenarios (*.llmplan.json *.json)</source>
      <translation>Szenarien (*.llmplan.json *.json)</translation>
    </message>
    <message>
      <source>Scenarios (*.llmplan.json)</source>
      <translation>Szenarien (*.llmplan.json)</translation>
    </message>
    <message>
      <source>This page has no table to export; the hardware, costs (levers), decision and catalog pages have.</source>
      <translation>Diese Seite hat keine Tabelle zum Exportieren; die Seiten Hardware, Kosten (Hebel), Entscheidung und Katalog haben eine.</translation>
    </message>
    <message>
      <source>Export table as CSV</source>
      <translation>Tabelle als CSV exportieren</translation>
    </message>
    <message>
      <source>CSV (*.csv)</source>
      <translation>CSV (*.csv)</translation>
    </message>
    <message>
      <source>PDF (*.pdf)</source>
      <translation>PDF (*.pdf)</translation>
    </message>
    <message>
      <source>Price files (*.json *.csv *.jsonl);;All files (*)</source>
      <translation>Preisdateien (*.json *.csv *.jsonl);;Alle Dateien (*)</translation>
    </message>
    <message>
      <source>JSON (*.json);;CSV (*.csv)</source>
      <translation>JSON (*.json);;CSV (*.csv)</translation>
    </message>
    <message>
      <source>Exported to {0}</source>
      <translation>Exportiert nach {0}</translation>
    </message>
    <message>
      <source>Wrote the PDF proposal to {0}</source>
      <translation>PDF-Vorschlag gespeichert unter {0}</translation>
    </message>
    <message>
      <source>The file changes no price.</source>
      <translation>Die Datei ändert keinen Preis.</translation>
    </message>
    <message numerus="yes">
      <source>Catalog version {0}: %Ln change</source>
      <translation>
        <numerusform>Katalogversion {0}: %Ln Änderung</numerusform>
        <numerusform>Katalogversion {0}: %Ln Änderungen</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>(%Ln row undated: the file gives no date; it shows in red)</source>
      <translation>
        <numerusform>(%Ln Zeile ohne Datum: die Datei nennt keines; sie erscheint rot)</numerusform>
        <numerusform>(%Ln Zeilen ohne Datum: die Datei nennt keines; sie erscheinen rot)</numerusform>
      </translation>
    </message>
    <message>
      <source>Reading {0}…</source>
      <translation>{0} wird gelesen…</translation>
    </message>
    <message>
      <source>The scenario has an invalid value ({0}); the proposal would show the last valid plan. Correct the value first.</source>
      <translation>Das Szenario enthält einen ungültigen Wert ({0}); der Vorschlag zeigte den letzten gültigen Plan. Bitte zuerst den Wert korrigieren.</translation>
    </message>
    <message>
      <source>Every self-hosted option</source>
      <translation>Jede selbst betriebene Option</translation>
    </message>
    <message>
      <source>Reading this machine's GPUs…</source>
      <translation>GPUs dieses Rechners werden gelesen…</translation>
    </message>
    <message>
      <source>Probe over SSH</source>
      <translation>Per SSH erfassen</translation>
    </message>
    <message>
      <source>the self-hosted options</source>
      <translation>die selbst betriebenen Optionen</translation>
    </message>
    <message>
      <source>Probe</source>
      <translation>Erfassen</translation>
    </message>
    <message>
      <source>Probe a server over SSH</source>
      <translation>Server über SSH erfassen</translation>
    </message>
    <message>
      <source>Host ([user@]name; your SSH keys and ~/.ssh/config are used):</source>
      <translation>Host ([Nutzer@]Name; Ihre SSH-Schlüssel und ~/.ssh/config werden verwendet):</translation>
    </message>
    <message>
      <source>Open a hardware profile</source>
      <translation>Hardwareprofil öffnen</translation>
    </message>
    <message>
      <source>Profiles (*.json)</source>
      <translation>Profile (*.json)</translation>
    </message>
    <message>
      <source>Run an option on it</source>
      <translation>Eine Option darauf betreiben</translation>
    </message>
    <message>
      <source>The scenario has no cloud or on-prem option to run on this hardware.</source>
      <translation>Das Szenario hat keine Cloud- oder On-Prem-Option, die auf dieser Hardware laufen kann.</translation>
    </message>
    <message>
      <source>Use this model</source>
      <translation>Dieses Modell verwenden</translation>
    </message>
    <message numerus="yes">
      <source>Probed {0}: %Ln GPU</source>
      <translation>
        <numerusform>{0} erfasst: %Ln GPU</numerusform>
        <numerusform>{0} erfasst: %Ln GPUs</numerusform>
      </translation>
    </message>
    <message>
      <source>Reading the GPUs of {0} over SSH…</source>
      <translation>GPUs von {0} werden über SSH gelesen…</translation>
    </message>
    <message>
      <source>Run {0} on {1}</source>
      <translation>{0} auf {1} betreiben</translation>
    </message>
    <message>
      <source>Use {0} {1}</source>
      <translation>{0} {1} verwenden</translation>
    </message>
    <message>
      <source>{0} now run {1} {2} on {3}</source>
      <translation>{0}: jetzt {1} {2} auf {3}</translation>
    </message>
    <message>
      <source>No GPU could be read: {0}</source>
      <translation>Keine GPU konnte gelesen werden: {0}</translation>
    </message>
    <message>
      <source>Option sized on {0}:</source>
      <translation>Auf {0} ausgelegte Option:</translation>
    </message>
    <message>
      <source>Run {0} {1} on:</source>
      <translation>{0} {1} betreiben auf:</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>&amp;Datei</translation>
    </message>
    <message>
      <source>&amp;Save scenario</source>
      <translation>Szenario &amp;speichern</translation>
    </message>
    <message>
      <source>&amp;New scenario</source>
      <translation>&amp;Neues Szenario</translation>
    </message>
    <message>
      <source>&amp;Import scenario file…</source>
      <translation>Szenariodatei &amp;importieren…</translation>
    </message>
    <message>
      <source>&amp;Export scenario file…</source>
      <translation>Szenariodatei &amp;exportieren…</translation>
    </message>
    <message>
      <source>Export this &amp;table as CSV…</source>
      <translation>Diese &amp;Tabelle als CSV exportieren…</translation>
    </message>
    <message>
      <source>Export the &amp;PDF proposal…</source>
      <translation>&amp;PDF-Vorschlag exportieren…</translation>
    </message>
    <message>
      <source>Team &amp;database…</source>
      <translation>Team-&amp;Datenbank…</translation>
    </message>
    <message>
      <source>S&amp;ync with team database</source>
      <translation>Mit Team-Datenbank &amp;abgleichen</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Beenden</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>&amp;Ansicht</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>&amp;Farbschema</translation>
    </message>
    <message>
      <source>&amp;Language (after a restart)</source>
      <translation>&amp;Sprache (nach Neustart)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Hilfe</translation>
    </message>
    <message>
      <source>&amp;About</source>
      <translation>&amp;Über</translation>
    </message>
    <message>
      <source>&amp;Undo</source>
      <translation>&amp;Rückgängig</translation>
    </message>
    <message>
      <source>&amp;Redo</source>
      <translation>&amp;Wiederholen</translation>
    </message>
    <message>
      <source>System</source>
      <translation>System</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>Hell</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>Dunkel</translation>
    </message>
    <message>
      <source>Workload &amp;&amp; model</source>
      <translation>Last &amp;&amp; Modell</translation>
    </message>
    <message>
      <source>Options</source>
      <translation>Optionen</translation>
    </message>
    <message>
      <source>Hardware &amp;&amp; fit</source>
      <translation>Hardware &amp;&amp; Passung</translation>
    </message>
    <message>
      <source>Costs</source>
      <translation>Kosten</translation>
    </message>
    <message>
      <source>Decision</source>
      <translation>Entscheidung</translation>
    </message>
    <message>
      <source>Price catalog</source>
      <translation>Preiskatalog</translation>
    </message>
    <message>
      <source>Scenarios</source>
      <translation>Szenarien</translation>
    </message>
    <message>
      <source>Unsaved changes</source>
      <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
      <source>Rename scenario</source>
      <translation>Szenario umbenennen</translation>
    </message>
    <message>
      <source>New name:</source>
      <translation>Neuer Name:</translation>
    </message>
    <message>
      <source>Save scenario</source>
      <translation>Szenario speichern</translation>
    </message>
    <message>
      <source>New scenario</source>
      <translation>Neues Szenario</translation>
    </message>
    <message>
      <source>Open scenario</source>
      <translation>Szenario öffnen</translation>
    </message>
    <message>
      <source>Save the changes to '{0}' first?</source>
      <translation>Die Änderungen an '{0}' zuerst speichern?</translation>
    </message>
    <message>
      <source>Saved {0} (revision {1})</source>
      <translation>{0} gespeichert (Revision {1})</translation>
    </message>
    <message>
      <source>Delete scenario</source>
      <translation>Szenario löschen</translation>
    </message>
    <message>
      <source>Undo delete of '{0}'</source>
      <translation>Löschen von '{0}' rückgängig</translation>
    </message>
    <message>
      <source>Deleted {0}</source>
      <translation>{0} gelöscht</translation>
    </message>
    <message>
      <source>Restore revision</source>
      <translation>Revision wiederherstellen</translation>
    </message>
    <message>
      <source>Fix this first, nothing was saved: {0}</source>
      <translation>Zuerst beheben, nichts wurde gespeichert: {0}</translation>
    </message>
    <message>
      <source>The copy keeps every assumption of '{0}' (growth, API price decline, cache hits, levers, notes); New starts from the defaults.</source>
      <translation>Die Kopie übernimmt alle Annahmen von „{0}“ (Wachstum, Rückgang der API-Preise, Cache-Treffer, Hebel, Notizen); Neu beginnt mit den Standardwerten.</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
    <message>
      <source>average requests per service hour</source>
      <translation>durchschnittliche Anfragen pro Betriebsstunde</translation>
    </message>
    <message>
      <source>requests per service day</source>
      <translation>Anfragen pro Betriebstag</translation>
    </message>
    <message>
      <source>prompt tokens per request</source>
      <translation>Prompt-Token pro Anfrage</translation>
    </message>
    <message>
      <source>generated tokens per request</source>
      <translation>erzeugte Token pro Anfrage</translation>
    </message>
    <message>
      <source>prompt words per request</source>
      <translation>Prompt-Wörter pro Anfrage</translation>
    </message>
    <message>
      <source>generated words per request</source>
      <translation>erzeugte Wörter pro Anfrage</translation>
    </message>
    <message>
      <source>tokens per word (English about 1.33; seed 004 uses 2)</source>
      <translation>Token pro Wort (Englisch etwa 1,33; Seed 004 rechnet mit 2)</translation>
    </message>
    <message>
      <source>peak load over average load</source>
      <translation>Spitzenlast im Verhältnis zur Durchschnittslast</translation>
    </message>
    <message>
      <source>service hours per day</source>
      <translation>Betriebsstunden pro Tag</translation>
    </message>
    <message>
      <source>service days per year</source>
      <translation>Betriebstage pro Jahr</translation>
    </message>
    <message>
      <source>volume growth per year (0.2 = +20%)</source>
      <translation>Wachstum des Volumens pro Jahr (0,2 = +20 %)</translation>
    </message>
    <message>
      <source>time to first token target, seconds</source>
      <translation>Ziel für die Zeit bis zum ersten Token, Sekunden</translation>
    </message>
    <message>
      <source>decode speed each user should see</source>
      <translation>Ausgabegeschwindigkeit, die jeder Nutzer sehen soll</translation>
    </message>
    <message>
      <source>requests one replica serves at once (continuous batching)</source>
      <translation>Anfragen, die ein Replikat gleichzeitig bedient (Continuous Batching)</translation>
    </message>
    <message>
      <source>bytes transferred per request (default: 4 bytes per token)</source>
      <translation>übertragene Bytes pro Anfrage (Standard: 4 Bytes pro Token)</translation>
    </message>
    <message>
      <source>relative load in each of the 24 clock hours (0: closed); sets the service hours and the peak over average. Default: a linear load-duration curve from the peak down over the service hours</source>
      <translation>relative Last in jeder der 24 Uhrzeitstunden (0: geschlossen); legt die Betriebsstunden und das Verhältnis von Spitzen- zu Durchschnittslast fest. Standard: eine lineare Dauerlinie von der Spitze abwärts über die Betriebsstunden</translation>
    </message>
    <message>
      <source>catalog model id, or 'recommend'</source>
      <translation>Modell-ID aus dem Katalog oder 'recommend'</translation>
    </message>
    <message>
      <source>quantization, as in `llmplan fit --quant`</source>
      <translation>Quantisierung, wie bei `llmplan fit --quant`</translation>
    </message>
    <message>
      <source>inference engine (default by quantization)</source>
      <translation>Inferenz-Engine (Standard je nach Quantisierung)</translation>
    </message>
    <message>
      <source>round parameter count a source uses (seed 004: 70e9) instead of the exact one</source>
      <translation>gerundete Parameterzahl einer Quelle (Seed 004: 70e9) statt der genauen</translation>
    </message>
    <message>
      <source>share of parameters trained (LoRA about 0.1%)</source>
      <translation>Anteil der trainierten Parameter (LoRA etwa 0,1 %)</translation>
    </message>
    <message>
      <source>serving memory over weights + adapter</source>
      <translation>Speicher im Betrieb im Verhältnis zu Gewichten + Adapter</translation>
    </message>
    <message>
      <source>full-time staff running the service</source>
      <translation>Vollzeitkräfte für den Betrieb des Dienstes</translation>
    </message>
    <message>
      <source>yearly cost of one FTE</source>
      <translation>jährliche Kosten einer Vollzeitkraft</translation>
    </message>
    <message>
      <source>compute and work per fine-tuning run</source>
      <translation>Rechenzeit und Arbeit pro Fine-Tuning-Lauf</translation>
    </message>
    <message>
      <source>yearly interest on capital (0.08 = 8%), on-prem only</source>
      <translation>jährliche Kapitalverzinsung (0,08 = 8 %), nur für eigene Server</translation>
    </message>
    <message>
      <source>currency of this option's prices</source>
      <translation>Währung der Preise dieser Option</translation>
    </message>
    <message>
      <source>catalog API model id to take missing prices from</source>
      <translation>API-Modell-ID im Katalog, aus der fehlende Preise kommen</translation>
    </message>
    <message>
      <source>input tokens, per 1M</source>
      <translation>Eingabe-Token, pro 1 Mio.</translation>
    </message>
    <message>
      <source>output tokens, per 1M</source>
      <translation>Ausgabe-Token, pro 1 Mio.</translation>
    </message>
    <message>
      <source>cached input tokens, per 1M</source>
      <translation>gecachte Eingabe-Token, pro 1 Mio.</translation>
    </message>
    <message>
      <source>share of input tokens read from cache</source>
      <translation>Anteil der Eingabe-Token, die aus dem Cache gelesen werden</translation>
    </message>
    <message>
      <source>input tokens written to the prompt cache, per 1M</source>
      <translation>in den Prompt-Cache geschriebene Eingabe-Token, pro 1 Mio.</translation>
    </message>
    <message>
      <source>share of input tokens written to the cache</source>
      <translation>Anteil der Eingabe-Token, die in den Cache geschrieben werden</translation>
    </message>
    <message>
      <source>discount of the batch API (0.5 = half)</source>
      <translation>Rabatt der Batch-API (0,5 = halber Preis)</translation>
    </message>
    <message>
      <source>share of requests sent through the batch API</source>
      <translation>Anteil der Anfragen, die über die Batch-API laufen</translation>
    </message>
    <message>
      <source>prompt tokens above which the long-context prices apply to the whole prompt</source>
      <translation>Prompt-Token, ab denen die Langkontext-Preise für den ganzen Prompt gelten</translation>
    </message>
    <message>
      <source>fine-tuning, per 1M training tokens</source>
      <translation>Fine-Tuning, pro 1 Mio. Trainings-Token</translation>
    </message>
    <message>
      <source>a fine-tuned model: inference at the fine-tuned prices</source>
      <translation>ein feinabgestimmtes Modell: Inferenz zu den Preisen für feinabgestimmte Modelle</translation>
    </message>
    <message>
      <source>input tokens to a fine-tuned model, per 1M</source>
      <translation>Eingabe-Token an ein feinabgestimmtes Modell, pro 1 Mio.</translation>
    </message>
    <message>
      <source>output tokens from a fine-tuned model, per 1M</source>
      <translation>Ausgabe-Token eines feinabgestimmten Modells, pro 1 Mio.</translation>
    </message>
    <message>
      <source>hosting fee of a fine-tuned deployment, per hour, 24 h a day (0 where none is charged)</source>
      <translation>Hosting-Gebühr eines feinabgestimmten Modells, pro Stunde, 24 h am Tag (0, wo keine anfällt)</translation>
    </message>
    <message>
      <source>where the data is processed: a jurisdiction (eu, us, onprem, a country code) or a provider region</source>
      <translation>wo die Daten verarbeitet werden: ein Rechtsraum (eu, us, onprem, ein Ländercode) oder eine Region des Anbieters</translation>
    </message>
    <message>
      <source>staff operating this option (default: the self-hosting staff; 0 for an API)</source>
      <translation>Personal für den Betrieb dieser Option (Standard: das Personal für den Selbstbetrieb; 0 bei einer API)</translation>
    </message>
    <message>
      <source>one-off integration work, spread over the horizon</source>
      <translation>einmalige Integrationsarbeit, über den Zeitraum verteilt</translation>
    </message>
    <message>
      <source>where the prices come from</source>
      <translation>woher die Preise stammen</translation>
    </message>
    <message>
      <source>when the prices were true (YYYY-MM-DD)</source>
      <translation>wann die Preise galten (JJJJ-MM-TT)</translation>
    </message>
    <message>
      <source>non-cost scores 0-5</source>
      <translation>Bewertungen jenseits der Kosten, 0–5</translation>
    </message>
    <message>
      <source>false: priced and compared, never recommended (e.g. a fine-tuning job next to serving options)</source>
      <translation>aus: berechnet und verglichen, nie empfohlen (z. B. ein Fine-Tuning-Auftrag neben Optionen für den Betrieb)</translation>
    </message>
    <message>
      <source>catalog instance id to take missing figures from</source>
      <translation>Instanz-ID im Katalog, aus der fehlende Werte kommen</translation>
    </message>
    <message>
      <source>GPU name, for the capacity check</source>
      <translation>GPU-Name, für die Kapazitätsprüfung</translation>
    </message>
    <message>
      <source>probed hardware (a key of `hardware`) whose GPUs and free memory replace gpu and the GPU count</source>
      <translation>erfasste Hardware (ein Schlüssel von `hardware`), deren GPUs und freier Speicher GPU und GPU-Anzahl ersetzen</translation>
    </message>
    <message>
      <source>per instance-hour</source>
      <translation>pro Instanzstunde</translation>
    </message>
    <message>
      <source>per instance-second</source>
      <translation>pro Instanzsekunde</translation>
    </message>
    <message>
      <source>on_demand: billed only while serving; service_hours: up during service hours; always_on: 24 h a day</source>
      <translation>nach Bedarf: nur während der Bedienung abgerechnet; Betriebsstunden: in den Betriebsstunden aktiv; immer an: 24 h am Tag</translation>
    </message>
    <message>
      <source>reserved or spot discount (0.3 = 30% off)</source>
      <translation>Rabatt für Reservierung oder Spot (0,3 = 30 % günstiger)</translation>
    </message>
    <message>
      <source>instance-seconds busy per request, measured (default: from the fit engine)</source>
      <translation>gemessene belegte Instanzsekunden pro Anfrage (Standard: aus der Passungsberechnung)</translation>
    </message>
    <message>
      <source>extra replicas for availability (N+k)</source>
      <translation>zusätzliche Replikate für die Verfügbarkeit (N+k)</translation>
    </message>
    <message>
      <source>quota: most instances you can get</source>
      <translation>Kontingent: die meisten Instanzen, die Sie bekommen können</translation>
    </message>
    <message>
      <source>the model this option runs (default: the scenario's model)</source>
      <translation>das Modell dieser Option (Standard: das Modell des Szenarios)</translation>
    </message>
    <message>
      <source>GPU name, for capacity and power</source>
      <translation>GPU-Name, für Kapazität und Leistungsaufnahme</translation>
    </message>
    <message>
      <source>probed hardware (a key of `hardware`) whose GPUs and free memory replace gpu and gpus_per_server</source>
      <translation>erfasste Hardware (ein Schlüssel von `hardware`), deren GPUs und freier Speicher GPU und GPUs pro Server ersetzen</translation>
    </message>
    <message>
      <source>one server with its GPUs</source>
      <translation>ein Server mit seinen GPUs</translation>
    </message>
    <message>
      <source>per GPU (default: the catalog TDP)</source>
      <translation>pro GPU (Standard: die TDP laut Katalog)</translation>
    </message>
    <message>
      <source>CPUs, memory, fans, network per server</source>
      <translation>CPUs, Speicher, Lüfter, Netzwerk pro Server</translation>
    </message>
    <message>
      <source>fixed count (default: sized from the load)</source>
      <translation>feste Anzahl (Standard: aus der Last bemessen)</translation>
    </message>
    <message>
      <source>cluster size (seed 003: three machines)</source>
      <translation>Clustergröße (Seed 003: drei Maschinen)</translation>
    </message>
    <message>
      <source>fallback servers (seed 003: at least one)</source>
      <translation>Ausweichserver (Seed 003: mindestens einer)</translation>
    </message>
    <message>
      <source>a separate fine-tuning server (seed 003)</source>
      <translation>ein eigener Server für das Fine-Tuning (Seed 003)</translation>
    </message>
    <message>
      <source>server-seconds busy per request, measured</source>
      <translation>gemessene belegte Serversekunden pro Anfrage</translation>
    </message>
    <message>
      <source>value left after depreciation</source>
      <translation>Restwert nach der Abschreibung</translation>
    </message>
    <message>
      <source>average GPU load for power (default: from load)</source>
      <translation>durchschnittliche GPU-Last für den Strom (Standard: aus der Last)</translation>
    </message>
    <message>
      <source>power usage effectiveness</source>
      <translation>Power Usage Effectiveness: Strom des Rechenzentrums im Verhältnis zum Strom der IT-Geräte</translation>
    </message>
    <message>
      <source>per kW of server power per month</source>
      <translation>pro kW Serverleistung und Monat</translation>
    </message>
    <message>
      <source>of the hardware price per year</source>
      <translation>des Hardwarepreises pro Jahr</translation>
    </message>
    <message>
      <source>one-off, at month 0</source>
      <translation>einmalig, in Monat 0</translation>
    </message>
    <message>
      <source>servers already owned: nothing bought, the count is fixed (servers) and a hard ceiling</source>
      <translation>bereits vorhandene Server: nichts wird gekauft, die Anzahl ist fest (Server) und eine harte Obergrenze</translation>
    </message>
    <message>
      <source>owned: remaining book value, written off over the remaining life</source>
      <translation>vorhanden: verbleibender Buchwert, über die Restnutzungsdauer abgeschrieben</translation>
    </message>
    <message>
      <source>owned: years of service left</source>
      <translation>vorhanden: verbleibende Nutzungsjahre</translation>
    </message>
    <message>
      <source>per GPU when idle (default: the catalog's measured idle draw)</source>
      <translation>pro GPU im Leerlauf (Standard: der gemessene Leerlaufverbrauch laut Katalog)</translation>
    </message>
    <message>
      <source>per server when idle (default: host_watts)</source>
      <translation>pro Server im Leerlauf (Standard: Host-Leistung)</translation>
    </message>
    <message>
      <source>when the servers are switched on</source>
      <translation>wann die Server eingeschaltet sind</translation>
    </message>
    <message>
      <source>per server a year, instead of the share of the hardware price</source>
      <translation>pro Server und Jahr, statt des Anteils am Hardwarepreis</translation>
    </message>
    <message>
      <source>name of an on-prem or kept-running cloud option of this scenario</source>
      <translation>Name einer Option dieses Szenarios mit eigenen Servern oder dauerhaft laufenden Cloud-GPUs</translation>
    </message>
    <message>
      <source>name of an API or on-demand cloud option of this scenario</source>
      <translation>Name einer API-Option oder einer Cloud-Option nach Bedarf in diesem Szenario</translation>
    </message>
    <message>
      <source>not used: the parts carry the prices</source>
      <translation>nicht genutzt: die Teile tragen die Preise</translation>
    </message>
    <message>
      <source>where in the plan's JSON, e.g. options/NAME/per_year</source>
      <translation>Stelle im JSON des Plans, z. B. options/NAME/per_year</translation>
    </message>
    <message>
      <source>why the quoted figure differs, when it does</source>
      <translation>warum der zitierte Wert abweicht, wenn er abweicht</translation>
    </message>
    <message>
      <source>catalog model a cascade or downsizing uses on self-hosted options</source>
      <translation>Katalogmodell, das eine Kaskade oder ein kleineres Modell bei selbst betriebenen Optionen nutzt</translation>
    </message>
    <message>
      <source>small over large API price (gpt-4o-mini vs gpt-4o input, 0.15/2.50, 2025)</source>
      <translation>API-Preis des kleinen im Verhältnis zum großen Modell (gpt-4o-mini gegenüber gpt-4o, Eingabe, 0,15/2,50, 2025)</translation>
    </message>
    <message>
      <source>share of requests the small model answers</source>
      <translation>Anteil der Anfragen, die das kleine Modell beantwortet</translation>
    </message>
    <message>
      <source>share of prompt tokens served from cache</source>
      <translation>Anteil der Prompt-Token, die aus dem Cache kommen</translation>
    </message>
    <message>
      <source>prompt tokens saved by managing the context (seed 002: 7,000 -&gt; 3,000 tokens)</source>
      <translation>durch Kontextverwaltung eingesparte Prompt-Token (Seed 002: 7.000 -&gt; 3.000 Token)</translation>
    </message>
    <message>
      <source>output tokens saved by limits and structured output</source>
      <translation>durch Längenbegrenzung und strukturierte Ausgabe eingesparte Ausgabe-Token</translation>
    </message>
    <message>
      <source>quantization that needs fewer GPUs</source>
      <translation>Quantisierung, die weniger GPUs braucht</translation>
    </message>
    <message>
      <source>requests per replica with more batching</source>
      <translation>Anfragen pro Replikat mit größerem Batch</translation>
    </message>
    <message>
      <source>share of API requests that can wait for the batch API</source>
      <translation>Anteil der API-Anfragen, die auf die Batch-API warten können</translation>
    </message>
    <message>
      <source>days in a month (default 365/12)</source>
      <translation>Tage eines Monats (Standard 365/12)</translation>
    </message>
    <message>
      <source>units per EUR, overriding the catalog</source>
      <translation>Einheiten pro EUR, statt des Katalogs</translation>
    </message>
    <message>
      <source>yearly fall of API prices (0.3 = -30%)</source>
      <translation>jährlicher Rückgang der API-Preise (0,3 = −30 %)</translation>
    </message>
    <message>
      <source>weight of each decision criterion, 0-5 (a criterion left out weighs 0)</source>
      <translation>Gewicht jedes Entscheidungskriteriums, 0–5 (ein fehlendes Kriterium wiegt 0)</translation>
    </message>
    <message>
      <source>probed hardware profiles (llmplan probe), by the name options use</source>
      <translation>erfasste Hardwareprofile (llmplan probe), unter dem Namen, den Optionen verwenden</translation>
    </message>
    <message>
      <source>where data may be processed (e.g. eu, onprem); options elsewhere are costed and never recommended</source>
      <translation>wo Daten verarbeitet werden dürfen (z. B. eu, onprem); Optionen anderswo werden berechnet und nie empfohlen</translation>
    </message>
    <message>
      <source>ranges of inputs and how the Monte Carlo run draws them (ranges are written in place of a number: {"low", "likely", "high"})</source>
      <translation>Spannen von Eingaben und wie die Monte-Carlo-Simulation sie zieht (eine Spanne steht anstelle einer Zahl: {"low", "likely", "high"})</translation>
    </message>
  </context>
</TS>
