# ruff: noqa: E501  (message ids are whole Dutch sentences, one literal each, so that they can be found)
"""English translations of the rules' texts: Dutch message id -> English (see `samen.rules.i18n`).

Placeholders (`{day}`, `{party}`...) are the same in both; citations keep the agreement's own form
("art. 14 lid 3"). `tests/rules/test_i18n.py` checks that every message id in `samen.rules` is here,
that nothing here is unused, and that the placeholders match.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # explain.py
    "Gekozen lezing: {description} (instelling {key} = {value}).": "Reading applied: {description} (setting {key} = {value}).",
    "aan": "on",
    "uit": "off",
    # conclusions.py: deadline status and shared steps
    "Deze datum is verstreken: {day} ligt vóór de peildatum {as_of}": "This date has passed: {day} is before the reference date {as_of}",
    "Deze datum is nog niet verstreken op de peildatum {as_of}": "This date has not yet passed on the reference date {as_of}",
    "Gehaald: {done} op {done_on}, op of vóór {day}": "Met: {done} on {done_on}, on or before {day}",
    "Te laat: {done} op {done_on}, na {day}": "Late: {done} on {done_on}, after {day}",
    "De termijn verstreek op {day} zonder dat {awaits}; later, op {done_on}: {done}": (
        "The period ended on {day} without it being recorded that {awaits}; later, on {done_on}: {done}"
    ),
    "Over tijd: de termijn verstreek op {day} en op de peildatum {as_of} is nog niet vastgelegd dat {awaits}": (
        "Overdue: the period ended on {day} and on the reference date {as_of} it has not been recorded that {awaits}"
    ),
    "Nog open: op de peildatum {as_of} is nog niet vastgelegd dat {awaits}; dat kan tot en met {day}": (
        "Open: on the reference date {as_of} it has not been recorded that {awaits}; there is time until {day} inclusive"
    ),
    "; daarvóór gold {value}": "; before that it was {value}",
    ", aangenomen op {day}": ", adopted on {day}",
    "De waarde {value} ({unit}) van {key} komt uit wijziging {amendment}{adopted}, van kracht vanaf {valid_from}{was}": (
        "The value {value} ({unit}) of {key} comes from amendment {amendment}{adopted}, in force from {valid_from}{was}"
    ),
    "Geen verschuiving naar de eerstvolgende werkdag": "No moving to the next working day",
    "{plain} is een {reason}; de termijn loopt door tot en met {weekday} {day}": (
        "{plain} is not a working day ({reason}); the period runs on until {weekday} {day} inclusive"
    ),
    "{weekday} {plain} is geen zaterdag, zondag of feestdag; de termijn verschuift niet": (
        "{weekday} {plain} is not a Saturday, Sunday or public holiday; the period does not move"
    ),
    # periods.py: Algemene termijnenwet holidays and weekend days
    "Nieuwjaarsdag": "New Year's Day",
    "Goede Vrijdag": "Good Friday",
    "tweede Paasdag": "Easter Monday",
    "Hemelvaartsdag": "Ascension Day",
    "tweede Pinksterdag": "Whit Monday",
    "Koningsdag": "King's Day",
    "5 mei (Bevrijdingsdag)": "5 May (Liberation Day)",
    "eerste Kerstdag": "Christmas Day",
    "tweede Kerstdag": "Boxing Day",
    "zaterdag": "Saturday",
    "zondag": "Sunday",
    # procedures/term.py
    "De overeenkomst gaat in op {start} voor een periode van {years} jaar; de laatste dag is {end}": (
        "The agreement takes effect on {start} for a period of {years} years; the last day is {end}"
    ),
    "Wijziging {amendment} is op {adopted} door alle partijen aangenomen; de looptijd eindigt nu op {end}": (
        "Amendment {amendment} was adopted by all parties on {adopted}; the term now ends on {end}"
    ),
    "Na uiterlijk twee jaar vindt een evaluatie plaats; afhankelijk van de uitkomst wordt de samenwerking verlengd": (
        "An evaluation takes place after two years at the latest; depending on its outcome the cooperation is extended"
    ),
    "{years} jaar na de start van de overeenkomst op {start}: {day}": "{years} years after the start of the agreement on {start}: {day}",
    "de evaluatie is uitgevoerd": "the evaluation has been carried out",
    "De evaluatie is uitgevoerd op {day}": "The evaluation was carried out on {day}",
    "De evaluatie is uitgevoerd op {day}, na de uiterste datum {due}.": (
        "The evaluation was carried out on {day}, after the deadline of {due}."
    ),
    "De evaluatie had uiterlijk op {due} moeten plaatsvinden en is niet vastgelegd.": (
        "The evaluation should have taken place by {due} at the latest and has not been recorded."
    ),
    "Op {as_of} is geen evaluatie vastgelegd": "On {as_of} no evaluation has been recorded",
    "De evaluatie moet uiterlijk op {due} plaatsvinden.": "The evaluation must take place by {due} at the latest.",
    "Op {as_of} is nog geen evaluatie vastgelegd": "On {as_of} no evaluation has been recorded yet",
    "De looptijd is geëindigd op {end}; variabele bijdragen kunnen ook daarna nog ontstaan (art. 7 lid 4).": (
        "The term ended on {end}; variable contributions can still arise after that (art. 7 lid 4)."
    ),
    "De looptijd eindigt op {end}; verlenging vraagt een wijziging met instemming van alle partijen.": (
        "The term ends on {end}; an extension needs an amendment with the consent of all parties."
    ),
    # procedures/dispute.py
    "{weeks} weken na ontvangst van de melding op {received}: {day}": "{weeks} weeks after receipt of the notification on {received}: {day}",
    "{months} maanden nadat de mediation is aangevangen op {started}: {day}": "{months} months after the mediation started on {started}: {day}",
    "het geschil is opgelost": "the dispute was resolved",
    "de mediation is begonnen": "the mediation started",
    "het geschil is voorgelegd aan Gedeputeerde Staten": "the dispute was submitted to the Provincial Executive (GS)",
    "het geschil is opgelost of de mediation is begonnen": "the dispute was resolved or the mediation started",
    "het geschil is opgelost of aan Gedeputeerde Staten is voorgelegd": (
        "the dispute was resolved or submitted to the Provincial Executive (GS)"
    ),
    "{by} meldde schriftelijk een geschil met {against}; de melding is ontvangen op {received}": (
        "{by} notified a dispute with {against} in writing; the notification was received on {received}"
    ),
    "Er is bij ontvangst geen gekozen voorzitter van het bestuurlijk overleg bekend; de voorzitter geldt niet als partij": (
        "No elected chair of the board is known at receipt; the chair does not count as a party"
    ),
    "De voorzitter van het bestuurlijk overleg vertegenwoordigt {party} (gekozen {elected}) en is daarmee zelf partij bij het geschil": (
        "The chair of the board represents {party} (elected {elected}) and is therefore a party to the dispute"
    ),
    "De voorzitter van het bestuurlijk overleg vertegenwoordigt {party} (gekozen {elected}) en is niet daarmee zelf partij bij het geschil": (
        "The chair of the board represents {party} (elected {elected}) and is therefore not a party to the dispute"
    ),
    "De fase onder leiding van de voorzitter vervalt; de gastheerorganisatie draagt het geschil voor aan een mediator": (
        "The phase led by the chair is skipped; the host organisation refers the dispute to a mediator"
    ),
    "Op {day} is een oplossing vastgelegd en aan alle partijen bekendgemaakt": (
        "On {day} a solution was recorded and made known to all parties"
    ),
    "{by} legde het geschil op {day} voor aan Gedeputeerde Staten van Overijssel": (
        "{by} submitted the dispute to the Provincial Executive (GS) of Overijssel on {day}"
    ),
    "De mediation loopt sinds {day}": "The mediation has been running since {day}",
    "De mediation heeft niet binnen de termijn tot een oplossing geleid; een partij kan het geschil voorleggen aan Gedeputeerde Staten": (
        "The mediation did not lead to a solution within the period; a party may submit the dispute to the Provincial Executive (GS)"
    ),
    "De mediation is nog niet begonnen": "The mediation has not started yet",
    "De voorzitter probeert tot en met {day} met de betrokken partijen tot een oplossing te komen": (
        "The chair tries to reach a solution with the parties involved until {day} inclusive"
    ),
    "Het overleg onder leiding van de voorzitter heeft niet binnen zes weken tot overeenstemming geleid; de mediation is nog niet begonnen": (
        "The consultation led by the chair did not reach agreement within six weeks; the mediation has not started yet"
    ),
    "Geschil {ref}: de voorzitter moet de gastheerorganisatie verzoeken het geschil aan een erkend mediator voor te dragen.": (
        "Dispute {ref}: the chair must ask the host organisation to refer the dispute to a recognised mediator."
    ),
    "zonder dat er een mediation is begonnen": "without any mediation having started",
    "terwijl de mediation nog tot en met {day} liep": "while the mediation was still running until {day} inclusive",
    "Geschil {ref} is op {day} aan Gedeputeerde Staten voorgelegd {premature}; een partij kan dat pas doen als de mediation niet binnen drie maanden tot een oplossing heeft geleid.": (
        "Dispute {ref} was submitted to the Provincial Executive (GS) on {day} {premature}; a party may do so only once "
        "the mediation has not led to a solution within three months."
    ),
    "Geschil {ref}: de provincie is zelf partij, terwijl het college van Gedeputeerde Staten van Overijssel over het geschil beslist; beoordeel de onpartijdigheid (beroep staat open bij de bestuursrechter).": (
        "Dispute {ref}: the province is itself a party, while the Provincial Executive (GS) of Overijssel decides the "
        "dispute; assess the impartiality (an appeal lies to the administrative court)."
    ),
    "Mediationkosten voor geschil {ref} in {year}: {total}, gelijk gedeeld door de {count} betrokken partijen ({parties}); aandeel {party}: {share}": (
        "Mediation costs for dispute {ref} in {year}: {total}, shared equally by the {count} parties involved "
        "({parties}); share of {party}: {share}"
    ),
    "Elke partij draagt daarnaast haar eigen kosten van de procedure": "Each party also bears its own costs of the procedure",
    # procedures/withdrawal.py
    "Het bestuurlijk overleg stemde op {day} in met de uittreding van {party}": (
        "The board consented to the withdrawal of {party} on {day}"
    ),
    "Opzegtermijn van {months} maanden na de instemming op {consented}: uittreding op {day}": (
        "Notice period of {months} months after the consent on {consented}: exit on {day}"
    ),
    "Er zijn desintegratiekosten vastgesteld voor {party}, maar er is geen opzegging bekend.": (
        "Disintegration costs have been set for {party}, but no notice of withdrawal is known."
    ),
    "Desintegratiekosten horen bij een uittreding": "Disintegration costs belong to a withdrawal",
    "{party} zegde de overeenkomst op op {day}": "{party} gave notice of withdrawal on {day}",
    "Uittreding kan alleen met instemming van het bestuurlijk overleg; die instemming is er nog niet": (
        "Withdrawal is possible only with the consent of the board; that consent has not been given yet"
    ),
    "De opzegtermijn is verstreken; {party} is geen partij meer": "The notice period has ended; {party} is no longer a party",
    "Tot de uittreding blijven de financiële verplichtingen voor de planperiode in beginsel ongewijzigd": (
        "Until the exit, the financial obligations for the planning period in principle remain unchanged"
    ),
    "Het bestuurlijk overleg stemde op {consented} in met de uittreding van {party}, vóór de opzegging op {notified}; de opzegtermijn loopt vanaf de instemming.": (
        "The board consented to the withdrawal of {party} on {consented}, before the notice on {notified}; the notice "
        "period runs from the consent."
    ),
    "Instemming met de uittreding van {party} is vastgelegd zonder opzegging.": (
        "Consent to the withdrawal of {party} has been recorded without a notice of withdrawal."
    ),
    "De uittreding van {party} gaat in op {day}, na het einde van de looptijd op {end}.": (
        "The withdrawal of {party} takes effect on {day}, after the end of the term on {end}."
    ),
    # procedures/amendment.py
    " met als nieuwe einddatum {end}": " with {end} as the new end date",
    "{by} verzocht op {day} om wijziging {amendment}{extension}": "{by} requested amendment {amendment} on {day}{extension}",
    "Het besluit van {party} van {day} ({decision}) is vervangen door een later besluit van die partij; het laatste besluit telt": (
        "The decision of {party} of {day} ({decision}) was replaced by a later decision of that party; the latest decision counts"
    ),
    "de partij was bij het verzoek al uitgetreden (op {day})": "the party had already withdrawn when the amendment was requested (on {day})",
    "het kwam na de aanneming; een aangenomen wijziging kan alleen door een nieuwe wijziging worden teruggedraaid": (
        "it came after the adoption; an adopted amendment can only be undone by a new amendment"
    ),
    "Het besluit van {party} van {day} telt niet mee: {why}": "The decision of {party} of {day} does not count: {why}",
    "Een wijziging vereist instemming van alle partijen; {names} stemde(n) niet in, dus de wijziging is verworpen": (
        "An amendment needs the consent of all parties; {names} did not consent, so the amendment is rejected"
    ),
    "Alle {count} partijen stemden in; aangenomen op {day} (datum van het laatste instemmingsbesluit)": (
        "All {count} parties consented; adopted on {day} (the date of the last decision to consent)"
    ),
    "{consented} van de {count} partijen stemden in; de wijziging wacht nog op het besluit van {awaiting}": (
        "{consented} of the {count} parties consented; the amendment still awaits the decision of {awaiting}"
    ),
    "Een verlenging van de samenwerking wijzigt de overeenkomst en volgt dus art. 12": (
        "An extension of the cooperation amends the agreement and therefore follows art. 12"
    ),
    "de in de wijziging genoemde ingangsdatum": "the effective date stated in the amendment",
    "de datum van aanneming": "the date of adoption",
    "Vanaf {day} ({source}) gelden de gewijzigde parameters: {changed}; perioden daarvóór worden met de oude waarden berekend": (
        "From {day} ({source}) the amended parameters apply: {changed}; periods before that are calculated with the old values"
    ),
    " vanaf {day}": " from {day}",
    "De wijziging zou{when} deze parameters wijzigen: {changed}; zolang zij niet is aangenomen gelden de oude waarden": (
        "The amendment would change these parameters{when}: {changed}; as long as it has not been adopted the old values apply"
    ),
    "Wijziging {amendment} wacht op het instemmingsbesluit van {count} partij(en): {parties}.": (
        "Amendment {amendment} awaits the decision to consent of {count} party(ies): {parties}."
    ),
    # budget.py
    "Elk kalenderjaar stelt de gastheerorganisatie de begroting op voor het volgende jaar en legt die ter instemming voor; de begroting voor {year} moet dus vóór {first} zijn ingestemd: uiterlijk {day}": (
        "Every calendar year the host organisation draws up the budget for the next year and submits it for consent; "
        "the budget for {year} must therefore be consented to before {first}: by {day} at the latest"
    ),
    "De gastheerorganisatie stelde de begroting voor {year} op op {day}": "The host organisation drew up the budget for {year} on {day}",
    "De gremia van de overeenkomst stemden op {day} in met de begroting voor {year}": (
        "The bodies of the agreement consented to the budget for {year} on {day}"
    ),
    "De gemeenteraad van de gastheerorganisatie stelde op {day} de programmabegroting vast waarin het budget voor {year} is opgenomen": (
        "The municipal council of the host organisation adopted the programme budget that includes the budget for {year} on {day}"
    ),
    "Het budget moet nog worden opgenomen in de door de gemeenteraad vast te stellen programmabegroting": (
        "The budget still has to be included in the programme budget to be adopted by the municipal council"
    ),
    "De begroting voor {year} wacht op instemming van de gremia van de overeenkomst": (
        "The budget for {year} awaits the consent of the bodies of the agreement"
    ),
    "Op {day} is van de begroting voor {year} nog niets vastgelegd": "On {day} nothing has been recorded yet about the budget for {year}",
    "Het budget voor {year} is op {day} in de programmabegroting vastgesteld zonder dat de gremia van de overeenkomst eerst hadden ingestemd.": (
        "The budget for {year} was adopted in the programme budget on {day} without the bodies of the agreement having consented first."
    ),
    "De begroting wordt eerst ter instemming voorgelegd en daarna in de programmabegroting opgenomen": (
        "The budget is first submitted for consent and then included in the programme budget"
    ),
    "De begroting voor {year} valt buiten de jaren van de looptijd; er geldt geen instemmingstermijn (art. 6).": (
        "The budget for {year} falls outside the years of the term; no consent deadline applies (art. 6)."
    ),
    "de gremia van de overeenkomst met de begroting voor {year} hebben ingestemd": (
        "the bodies of the agreement have consented to the budget for {year}"
    ),
    "de gremia van de overeenkomst stemden in met de begroting voor {year}": (
        "the bodies of the agreement consented to the budget for {year}"
    ),
    "De begroting voor {year} is pas op {day} ingestemd, na het begin van het jaar.": (
        "The budget for {year} was not consented to until {day}, after the start of the year."
    ),
    "Instemming op {day}": "Consent on {day}",
    "Het jaar {year} is begonnen zonder ingestemde begroting.": "The year {year} started without a consented budget.",
    "Op {day} is geen instemming met de begroting voor {year} vastgelegd": "On {day} no consent to the budget for {year} has been recorded",
    "De begroting voor {year} moet uiterlijk op {day} zijn ingestemd.": "The budget for {year} must be consented to by {day} at the latest.",
    # finance.py
    "Het kostenniveau per fte voor {year} is genegeerd: {year} valt buiten de looptijd (art. 7 lid 1, art. 11 lid 1).": (
        "The cost per FTE for {year} was ignored: {year} falls outside the term (art. 7 lid 1, art. 11 lid 1)."
    ),
    "Jaarbijdrage {year}: {fte} fte per deelnemer tegen het kostenniveau per fte (inclusief overhead) van de gastheerorganisatie van {cost}: {fte} × {cost} = {amount}": (
        "Annual contribution {year}: {fte} FTE per participant at the host organisation's cost per FTE (including "
        "overhead) of {cost}: {fte} × {cost} = {amount}"
    ),
    "De jaarbijdrage wordt in één termijn in rekening gebracht en betaald": "The annual contribution is invoiced and paid in one instalment",
    "{party} treedt uit op {day}; tot dan blijven de financiële verplichtingen ongewijzigd": (
        "{party} exits on {day}; until then its financial obligations remain unchanged"
    ),
    "Capaciteit niet geleverd door {party} in {year} is genegeerd: {year} valt buiten de looptijd (art. 7 lid 3).": (
        "Capacity not supplied by {party} in {year} was ignored: {year} falls outside the term (art. 7 lid 3)."
    ),
    "Geen tweede capaciteitsbijdrage voor {party} in {year}: de bijdrage is volgens de gekozen lezing eenmalig (art. 7 lid 3).": (
        "No second capacity contribution for {party} in {year}: under the reading applied the contribution is charged once (art. 7 lid 3)."
    ),
    "{party} heeft in {year} geen personele capaciteit ingezet voor de kerngroep, de Twentebrede beleidsoverleggen en projectgroepen en betaalt daarom {amount}": (
        "{party} did not supply staff capacity in {year} for the core group, the Twente-wide policy meetings and "
        "project groups and therefore pays {amount}"
    ),
    "Extra kosten voor {year} zijn genegeerd: {year} ligt vóór de start van de overeenkomst (art. 7 lid 4).": (
        "Extra costs for {year} were ignored: {year} is before the start of the agreement (art. 7 lid 4)."
    ),
    "Extra kosten voor {year} zijn niet verdeeld: er is in {year} geen partij meer (art. 7 lid 4).": (
        "Extra costs for {year} were not shared: there is no party left in {year} (art. 7 lid 4)."
    ),
    "in oplopende volgorde van hun code": "in ascending order of their code",
    "in de volgorde van de overeenkomst": "in the order of the agreement",
    "Extra kosten van de gastheer in {year}: {breakdown}; totaal {total}": "Extra costs of the host in {year}: {breakdown}; total {total}",
    "Gelijk verdeeld over alle {count} partijen (ongeveer {base} elk, in hele centen; de resterende {leftover} cent(en) gaan één voor één naar de partijen {order}): aandeel {party} {share}": (
        "Shared equally by all {count} parties (about {base} each, in whole cents; the remaining {leftover} cent(s) "
        "go one by one to the parties {order}): share of {party} {share}"
    ),
    "De variabele bijdrage {year} is verdeeld zonder {parties}: uitgetreden vóór {year} (art. 7 lid 4, art. 9 lid 3).": (
        "The variable contribution {year} was shared without {parties}: withdrawn before {year} (art. 7 lid 4, art. 9 lid 3)."
    ),
    "De uittredende partij {party} draagt de desintegratiekosten van haar uittreding alleen": (
        "The withdrawing party {party} alone bears the disintegration costs of its withdrawal"
    ),
    "De gastheerorganisatie en {party} hebben de reële kosten op {day} vastgesteld op {amount}": (
        "The host organisation and {party} set the actual costs at {amount} on {day}"
    ),
    # meetings.py
    "Het bestuurlijk overleg komt in elk geval {per_year} keer per jaar bijeen; {year} telt {months} maand(en) van de looptijd, dus minimaal {needed} vergadering(en)": (
        "The board meets at least {per_year} times a year; {year} has {months} month(s) of the term, so at least {needed} meeting(s)"
    ),
    "In {year} zijn tot en met {day} {held} vergadering(en) van het bestuurlijk overleg vastgelegd": (
        "In {year}, up to and including {day}, {held} meeting(s) of the board have been recorded"
    ),
    "Het bestuurlijk overleg kwam in {year} {held} keer bijeen; het minimum was {needed}.": (
        "The board met {held} time(s) in {year}; the minimum was {needed}."
    ),
    "Geteld: gehouden {held_list}; gepland en nog te houden {planned_list}": "Counted: held {held_list}; planned and still to come {planned_list}",
    "geen": "none",
    "Het bestuurlijk overleg komt in {year} met {held} gehouden en {planned} geplande vergadering(en) niet aan het minimum van {needed}; plan er nog {missing}.": (
        "With {held} held and {planned} planned meeting(s) the board does not reach the minimum of {needed} in {year}; plan {missing} more."
    ),
    "Het bestuurlijk overleg kwam in {year} tot nu toe {held} keer bijeen; naar rato van de verstreken maanden zouden dat er {expected} zijn (minimaal {needed} dit jaar).": (
        "The board has met {held} time(s) in {year} so far; in proportion to the months passed that would be "
        "{expected} (at least {needed} this year)."
    ),
    # core_group.py
    "Op {day} is de kerngroep samengesteld met {count} partij(en): {parties}": (
        "On {day} the core group was composed with {count} party(ies): {parties}"
    ),
    "; {parties} is/zijn inmiddels uitgetreden": "; {parties} has/have since withdrawn",
    "De kerngroep bestaat uit de voorzitter, de secretaris en minimaal {minimum} deelnemende partijen": (
        "The core group consists of the chair, the secretary and at least {minimum} participating parties"
    ),
    "De kerngroep telt {count} deelnemende partij(en); minimaal {minimum} zijn vereist.": (
        "The core group has {count} participating party(ies); at least {minimum} are required."
    ),
    # signatures.py
    "{signed} van de {count} partijen hebben ondertekend": "{signed} of the {count} parties have signed",
    "; nog niet: {parties}": "; not yet: {parties}",
    "De overeenkomst is nog niet door alle partijen ondertekend: {missing} van de {count} ontbreken ({parties}).": (
        "The agreement has not yet been signed by all parties: {missing} of the {count} are missing ({parties})."
    ),
    "Partijen zijn de colleges van de veertien Twentse gemeenten en van de Provincie Overijssel": (
        "The parties are the executives of the fourteen Twente municipalities and of the Province of Overijssel"
    ),
    # scenario.py: notes, states and names for render_text / render_check
    " en {count} meer": " and {count} more",
    "{count} feit(en) gedateerd na de peildatum {as_of} zijn nog niet bekend en genegeerd: {listed}{more}.": (
        "{count} fact(s) dated after the reference date {as_of} are not known yet and were ignored: {listed}{more}."
    ),
    "nog niet begonnen": "not started yet",
    "loopt": "running",
    "geëindigd": "ended",
    "volledig": "complete",
    "onvolledig": "incomplete",
    "wacht op besluiten": "awaiting decisions",
    "aangenomen": "adopted",
    "verworpen": "rejected",
    "opgezegd": "notice given",
    "ingestemd, in opzegtermijn": "consented, in the notice period",
    "uitgetreden": "exited",
    "overleg onder leiding van de voorzitter": "consultation led by the chair",
    "wacht op mediation": "awaiting mediation",
    "mediation": "mediation",
    "mediation zonder resultaat": "mediation without result",
    "voorgelegd aan Gedeputeerde Staten": "submitted to the Provincial Executive (GS)",
    "opgelost": "resolved",
    "ontbreekt": "missing",
    "opgesteld (ontwerp)": "drawn up (draft)",
    "ingestemd": "consented",
    "vastgesteld in de programmabegroting": "adopted in the programme budget",
    "Looptijd": "Term",
    "Ondertekening": "Signatures",
    "Wijziging": "Amendment",
    "Uittreding": "Withdrawal",
    "Geschil": "Dispute",
    "Begroting": "Budget",
    "jaarbijdrage": "annual contribution",
    "capaciteitsbijdrage": "capacity contribution",
    "variabele bijdrage": "variable contribution",
    "mediationkosten": "mediation costs",
    "desintegratiekosten": "disintegration costs",
    "FOUT": "ERROR",
    "LET OP": "NOTE",
    "INFO": "INFO",
    "evaluatie uiterlijk": "evaluation due",
    "einde looptijd": "end of term",
    "einde overleg onder leiding van de voorzitter": "end of the consultation led by the chair",
    "einde mediationtermijn": "end of the mediation period",
    "uittreding": "exit",
    "instemming begroting uiterlijk": "budget consent due",
    "nog open": "open",
    "OVER TIJD": "OVERDUE",
    "gehaald": "met",
    "te laat gehaald": "met late",
    "verstreken": "passed",
    "Peildatum: {day}": "Reference date: {day}",
    "Termijnen": "Deadlines",
    "Procedures": "Procedures",
    "Bedragen": "Amounts",
    "Bevindingen": "Findings",
    "Opmerkingen": "Notes",
    "  (geen)": "  (none)",
    "vandaag": "today",
    "nog {n} dagen": "{n} days to go",
    "{n} dagen geleden": "{n} days ago",
    "Stand op {day}": "Status on {day}",
    "Bevindingen: {error} fout, {warning} let op, {info} info": "Findings: {error} error, {warning} note, {info} info",
    "  (geen: de overeenkomst wordt nageleefd)": "  (none: the agreement is being kept)",
    "Termijnen die nog aandacht vragen": "Deadlines that still need attention",
    "Lopende procedures": "Running procedures",
    "{count} bedragen en alle toelichtingen: samen check --json, of de uitleg in de webapplicatie.": (
        "{count} amounts and all explanations: samen check --json, or the explanation in the web application."
    ),
    "Opmerking: {note}": "Note: {note}",
    # --- the budget consented by the parties' decisions (budget.py, reading budget_consent_by) ---
    "Alle {count} partijen stemden in met de begroting voor {year}; ingestemd op {day} (datum van het laatste instemmingsbesluit)": (
        "All {count} parties consented to the budget for {year}; consented on {day} (the date of the last consent)"
    ),
    "De begroting voor {year} is nog niet ingestemd: daarvoor is de instemming van alle partijen nodig": (
        "The budget for {year} has not been consented yet: that takes the consent of every party"
    ),
    "De begroting voor {year} wacht op het instemmingsbesluit van {count} partij(en): {parties}.": (
        "The budget for {year} awaits the decision on consent of {count} party(ies): {parties}."
    ),
    "De besluiten van de partijen over de begroting (budget-decided) tellen niet mee: met de lezing budget_consent_by = board telt "
    "alleen de vastgelegde instemming van de gremia (art. 6).": (
        "The parties' decisions on the budget (budget-decided) do not count: with the reading budget_consent_by = board only "
        "the recorded consent of the bodies counts (art. 6)."
    ),
    "De besluitvorming vindt plaats bij de afzonderlijke partijen: de gremia van de overeenkomst stemmen in met de begroting voor "
    "{year} als alle {count} partijen hebben ingestemd": (
        "Decisions are taken by each party separately: the bodies of the agreement consent to the budget for {year} when all "
        "{count} parties have consented"
    ),
    "Niet ingestemd met de begroting voor {year}: {parties}.": "Refused consent to the budget for {year}: {parties}.",
    "Voor {year} zijn zowel een vastgelegde instemming als de besluiten van alle partijen bekend; de vroegste instemming telt: "
    "{which} op {day}": (
        "For {year} both a recorded consent and the decisions of all parties are known; the earliest consent counts: {which} on {day}"
    ),
    "alle partijen stemden in met de begroting voor {year} (het laatste instemmingsbesluit)": (
        "all parties consented to the budget for {year} (the last consent)"
    ),
    "de instemming van alle partijen": "the consent of all parties",
    "wacht op instemming van alle partijen": "awaiting the consent of all parties",
    "de partij was vóór {year} al uitgetreden (op {day})": "the party had left before {year} (on {day})",
    "de vastgelegde instemming van de gremia": "the recorded consent of the bodies",
    "het kwam na de instemming van alle partijen; die blijft staan": "it came after the consent of all parties, which stands",
    "nog geen besluit van {names}": "no decision yet from {names}",
    "{consented} van de {count} partijen stemden in met de begroting voor {year}": (
        "{consented} of the {count} parties consented to the budget for {year}"
    ),
    "{names} stemde(n) niet in; zolang dat hun laatste besluit is, is er geen instemming": (
        "{names} refused; as long as that is their latest decision, there is no consent"
    ),
    # issue 9, the rules' gaps: roll-forward for long periods (conclusions.deadline_after)
    "De termijn is langer dan drie maanden; de Algemene termijnenwet geldt niet voor zulke termijnen (art. 4), dus {plain} verschuift niet": (
        "The period is longer than three months; the Algemene termijnenwet does not apply to such periods (art. 4), so {plain} does not move"
    ),
    "{plain} is de dag waarop iets eindigt, geen laatste dag om iets te doen; die verschuift niet naar een werkdag": (
        "{plain} is the day on which something ends, not a last day for doing something; it does not move to a working day"
    ),
    # issue 9, the rules' gaps: withdrawal and the plan period (art. 9 lid 2, art. 1 sub j)
    "Geen jaarbijdrage {year} voor {party}: {why}.": "No annual contribution {year} for {party}: {why}.",
    "Geen capaciteitsbijdrage {year} voor {party}: {why}.": "No capacity contribution {year} for {party}: {why}.",
    " Het besluit van {day} stelt {party} daarvan (deels) vrij.": " The decision of {day} releases {party} from (part of) them.",
    "Het besluit van {day} dat nakoming niet langer kan worden gevorderd, stelt {party} niet vrij van deze bijdrage": (
        "The decision of {day} that performance can no longer be demanded does not release {party} from this contribution"
    ),
    "het besluit van {day} stelt {party} vrij van deze financiële verplichting, omdat nakoming in redelijkheid en billijkheid niet langer kan worden gevorderd (art. 9 lid 2)": (
        "the decision of {day} releases {party} from this financial obligation, since performance can no longer reasonably be demanded (art. 9 lid 2)"
    ),
    "{party} is uitgetreden op {day} en betaalt geen bijdrage meer voor jaren daarna (art. 9 lid 3)": (
        "{party} withdrew on {day} and pays no contribution for the years after that (art. 9 lid 3)"
    ),
    "{party} is uitgetreden op {day} en de planperiode waarin {party} opzegde eindigde op {end}; voor jaren daarna betaalt {party} geen bijdrage meer (art. 9 lid 2 en 3)": (
        "{party} withdrew on {day} and the plan period in which {party} gave notice ended on {end}; {party} pays no contribution for the years after that (art. 9 lid 2 and 3)"
    ),
    "{party} zegde op binnen de planperiode van {start} tot en met {end}; die periode eindigt vóór de uittreding, dus tot de uittreding blijven de financiële verplichtingen ongewijzigd.{released}": (
        "{party} gave notice within the plan period from {start} to {end} inclusive; that period ends before the exit, so the financial obligations stay unchanged until the exit.{released}"
    ),
    "{party} zegde op binnen de planperiode van {start} tot en met {end}; het tussentijds opzeggen verandert in beginsel niets aan de financiële verplichtingen die {party} voor die periode is aangegaan: de jaarlijkse bijdragen blijven verschuldigd tot en met {end_year}, ook na de uittreding.{released}": (
        "{party} gave notice within the plan period from {start} to {end} inclusive; giving notice within it does not in principle change the financial obligations {party} entered into for that period: the yearly contributions stay due up to and including {end_year}, also after the exit.{released}"
    ),
    "{party} zegde op {notice} op binnen de planperiode van {start} tot en met {end} en is uitgetreden op {day}; het tussentijds opzeggen verandert in beginsel niets aan de financiële verplichtingen die {party} voor die periode is aangegaan, dus ook over {year} is deze bijdrage verschuldigd": (
        "{party} gave notice on {notice} within the plan period from {start} to {end} inclusive and withdrew on {day}; giving notice within it does not in principle change the financial obligations {party} entered into for that period, so this contribution is also due for {year}"
    ),
    # issue 9, the rules' gaps: a yearly parameter changed mid-year (conclusions.yearly_decimal)
    "{value} vanaf {day} (wijziging {amendment})": "{value} from {day} (amendment {amendment})",
    "{value} van {start} tot en met {end} ({days} dagen)": "{value} from {start} to {end} inclusive ({days} days)",
    "{key} wijzigde in de loop van {year}: {listed}; voor {year} geldt de waarde op {first}, {value} ({unit}); de nieuwe waarde telt vanaf {next_year}": (
        "{key} changed during {year}: {listed}; for {year} the value on {first} applies, {value} ({unit}); the new value counts from {next_year}"
    ),
    "{key} wijzigde in de loop van {year}: {listed}; naar rato van de dagen: {parts}; gewogen over {total} dagen: {value} ({unit})": (
        "{key} changed during {year}: {listed}; pro rata by day: {parts}; weighted over {total} days: {value} ({unit})"
    ),
    # issue 9, the rules' gaps: a cancelled board meeting (meetings.py)
    "{text}; afgelast (telt niet) {cancelled_list}": "{text}; cancelled (does not count) {cancelled_list}",
    # issue 9, the rules' gaps: input errors of the scenario parser (facts.py) in English
    "is geen geldige UTF-8: {reason}": "is not valid UTF-8: {reason}",
    "is geen geldige JSON: {error}": "is not valid JSON: {error}",
    "is te diep genest: hoogstens {max} lijsten en objecten in elkaar": "is nested too deeply: at most {max} lists and objects inside each other",
    "bevat een ongeldig teken (een losse surrogaat of NUL): geen geldige Unicode-tekst": "contains an invalid character (a lone surrogate or NUL): not valid Unicode text",
    "de naam bevat een ongeldig teken (een losse surrogaat of NUL)": "the name contains an invalid character (a lone surrogate or NUL)",
    "moet een datum zijn in de vorm JJJJ-MM-DD (gekregen: {raw})": "must be a date in the form YYYY-MM-DD (got: {raw})",
    "is geen bestaande datum: {raw}": "is not an existing date: {raw}",
    "moet tussen {min} en {max} liggen (gekregen: {day})": "must lie between {min} and {max} (got: {day})",
    'bedrag als JSON-getal {raw}: geef een tekst met twee decimalen, bijv. "98500.00"': 'an amount as a JSON number {raw}: give a text with two decimals, e.g. "98500.00"',
    'moet een bedrag zijn als tekst met precies twee decimalen, bijv. "98500.00" (gekregen: {raw})': 'must be an amount as a text with exactly two decimals, e.g. "98500.00" (got: {raw})',
    'moet de code van een partij zijn, bijv. "GM0153" (gekregen: {raw})': 'must be the code of a party, e.g. "GM0153" (got: {raw})',
    "{code} is geen partij bij deze overeenkomst; buiten de partijen kan niemand toetreden (art. 8 lid 1)": "{code} is not a party to this agreement; no one outside the parties can join (art. 8 lid 1)",
    "moet een niet-lege lijst van partijcodes zijn": "must be a non-empty list of party codes",
    "noemt een partij meer dan eens": "names a party more than once",
    "moet een lijst van partijcodes zijn (leeg mag)": "must be a list of party codes (may be empty)",
    "moet een kenmerk zijn van letters, cijfers, '.', '_' of '-' (max. 64 tekens; gekregen: {raw})": "must be a reference of letters, digits, '.', '_' or '-' (at most 64 characters; got: {raw})",
    "moet een jaartal zijn als getal, bijv. 2027 (gekregen: {raw})": "must be a year as a number, e.g. 2027 (got: {raw})",
    "moet een van {options} zijn (gekregen: {raw})": "must be one of {options} (got: {raw})",
    "moet een niet-lege lijst van jaartallen zijn, bijv. [2027]": "must be a non-empty list of years, e.g. [2027]",
    "noemt een jaar meer dan eens": "names a year more than once",
    "moet een niet-lege lijst zijn van annual-contribution en/of capacity-contribution": "must be a non-empty list of annual-contribution and/or capacity-contribution",
    "noemt een soort bijdrage meer dan eens": "names a kind of contribution more than once",
    'moet een niet-leeg JSON-object zijn van parameter naar nieuwe waarde, bijv. {"withdrawal.notice_months": 12}': 'must be a non-empty JSON object from parameter to new value, e.g. {"withdrawal.notice_months": 12}',
    "onbekende parameter {key}; bekend zijn: {known}": "unknown parameter {key}; known are: {known}",
    "moet een positief geheel getal zijn ({unit}; gekregen: {value})": "must be a positive whole number ({unit}; got: {value})",
    'waarde als JSON-getal {value}: geef een tekst, bijv. "0.1"': 'a value as a JSON number {value}: give a text, e.g. "0.1"',
    "moet een decimaal getal als tekst zijn ({unit}), bijv. {example} (gekregen: {value})": "must be a decimal number as a text ({unit}), e.g. {example} (got: {value})",
    "moet liggen tussen {min} en {max} ({unit}; gekregen: {value})": "must lie between {min} and {max} ({unit}; got: {value})",
    "moet een JSON-object zijn": "must be a JSON object",
    "ontbreekt: welk soort feit is dit?": "is missing: what kind of fact is this?",
    "onbekend soort feit {kind}; bekend zijn: {known}": "unknown kind of fact {kind}; known are: {known}",
    "is geen veld van een {kind}-feit": "is not a field of a {kind} fact",
    "ontbreekt (verplicht bij een {kind}-feit)": "is missing (required in a {kind} fact)",
    "een partij kan geen geschil met zichzelf hebben (art. 14 lid 1)": "a party cannot have a dispute with itself (art. 14 lid 1)",
    "de nieuwe einddatum moet na de start van de overeenkomst liggen": "the new end date must lie after the start of the agreement",
    "een wijziging kan niet ingaan vóór de start van de overeenkomst": "an amendment cannot take effect before the start of the agreement",
    "onbekende instelling; bekend zijn: {known}": "unknown setting; known are: {known}",
    "moet true of false zijn": "must be true or false",
    "is geen veld van een scenario; bekend zijn: {known}": "is not a field of a scenario; known are: {known}",
    "onbekende overeenkomst {slug}; bekend zijn: {known}": "unknown agreement {slug}; known are: {known}",
    "moet een lijst van feiten zijn": "must be a list of facts",
    "{what} staat al in feit {index}": "{what} is already in fact {index}",
    "geschil {dispute} is al eerder gemeld": "dispute {dispute} was notified before",
    "wijziging {amendment} is al eerder verzocht": "amendment {amendment} was requested before",
    "geschil {dispute} is niet gemeld (geen dispute-notified)": "dispute {dispute} was not notified (no dispute-notified)",
    "ligt vóór de ontvangst van de melding van geschil {dispute}": "lies before the receipt of the notice of dispute {dispute}",
    "een {kind}-feit voor geschil {dispute}": "a {kind} fact for dispute {dispute}",
    "wijziging {amendment} is niet verzocht (geen amendment-requested)": "amendment {amendment} was not requested (no amendment-requested)",
    "ligt vóór het verzoek om wijziging {amendment}": "lies before the request for amendment {amendment}",
    "een besluit van {party} over wijziging {amendment} op dezelfde dag": "a decision of {party} on amendment {amendment} on the same day",
    "een besluit van {party} over de begroting voor {year} op dezelfde dag": "a decision of {party} on the budget for {year} on the same day",
    "een {kind}-feit voor {subject}": "a {kind} fact for {subject}",
    "capaciteit niet geleverd door {party} in {year}": "capacity not supplied by {party} in {year}",
    "een evaluatie": "an evaluation",
    "Ongeldig scenario": "Invalid scenario",
    "ongeldige invoer": "invalid input",
}
