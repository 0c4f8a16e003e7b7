"""Demo guideline pages for the ``ntnu.casemgmt:demo`` profile.

Four pages, each in Norwegian bokmål (``-nb``) and English (``-en``). They summarise,
in our own words, the procedures in ``seeds/``: reporting a deviation, the faculty's
handling of deviations, notifying censurable conditions, and the guide for faculty
notification units. The HTML uses only h2, h3, p, ul, ol, li and strong.
"""

GUIDELINES = [
    # ------------------------------------------------------------------
    # 1. Report a deviation
    # ------------------------------------------------------------------
    {
        "id": "report-deviation-nb",
        "language": "nb",
        "title": "Slik melder du avvik i utdanning og læringsmiljø",
        "description": "Veiledning for studenter og ansatte som vil melde et avvik i utdanningskvalitet eller læringsmiljø i portalen.",
        "decided_by": "Leder for Avdeling for utdanningskvalitet",
        "valid_from": "2025-01-01",
        "other_language": "report-deviation-en",
        "text": """<h2>Hva er et avvik?</h2>
<p>Et avvik er noe i undervisning, veiledning, vurdering, studieprogram, informasjon eller læringsmiljø som ikke fungerer slik det skal etter gjeldende krav og rutiner. Når du melder avvik, får fakultetet mulighet til å rette opp feilen og hindre at den skjer igjen.</p>
<p><strong>Merk:</strong> Mobbing, trakassering, seksuell trakassering, vold og trusler skal ikke meldes som avvik. Slike forhold varsles som kritikkverdige forhold, se siden om varsling.</p>
<h2>Prøv de vanlige kanalene først</h2>
<p>De fleste problemer løses raskest der de oppstår. Før du melder avvik, bør du ha tatt saken opp på lavest mulig nivå:</p>
<ul>
<li><strong>Studenter</strong> kan ta kontakt med faglærer eller emneansvarlig, svare på emneevalueringer eller be studenttillitsvalgt eller studieveileder om råd.</li>
<li><strong>Ansatte</strong> kan ta opp behov for endringer i fagmiljøet, i studieprogramrådet eller i evalueringsrapporter.</li>
</ul>
<p>Fører ikke dette fram, kan du melde avvik.</p>
<h2>Slik melder du</h2>
<ol>
<li>Logg inn i portalen og klikk på knappen <strong>«Meld avvik»</strong>.</li>
<li>Velg kategorien som passer best.</li>
<li>Beskriv så konkret som mulig hva som skjedde, hvor og når. Oppgi gjerne emnekode.</li>
<li>Fortell kort hva du allerede har gjort for å løse saken gjennom de vanlige kanalene. Dette feltet er obligatorisk.</li>
<li>Foreslå gjerne tiltak som kan rette opp forholdet.</li>
<li>Send inn skjemaet.</li>
</ol>
<p>Ikke skriv sensitive personopplysninger, for eksempel om helse, i meldingen.</p>
<h2>Kvittering og oppfølging</h2>
<p>Meldingen går automatisk til fakultetet du tilhører. Kort tid etter innsending får du en kvittering på e-post med saksnummer og forventet behandlingstid.</p>
<p>På siden <strong>«Mine saker»</strong> kan du når som helst se status, frist og eventuelle kommentarer for sakene du har meldt.</p>
<h2>Hva skjer videre?</h2>
<ul>
<li>Meldingsansvarlig på fakultetet vurderer meldingen. Saken tildeles en behandler, eller den overføres til fakultetet som har ansvaret.</li>
<li>Behandleren setter en frist for når saken skal være ferdig. Normalt er fristen rundt fire uker, i tråd med forvaltningsloven § 11a om å svare uten ugrunnet opphold.</li>
<li>Tar behandlingen lengre tid, skal du få et foreløpig svar.</li>
<li>Når saken lukkes, får du e-post med en avsluttende kommentar.</li>
<li>Avvises meldingen, får du e-post med begrunnelsen.</li>
</ul>""",
    },
    {
        "id": "report-deviation-en",
        "language": "en",
        "title": "How to report a deviation in education and learning environment",
        "description": "Guidance for students and staff who want to report a deviation in education quality or learning environment in the portal.",
        "decided_by": "Head of the Education Quality Division",
        "valid_from": "2025-01-01",
        "other_language": "report-deviation-nb",
        "text": """<h2>What is a deviation?</h2>
<p>A deviation is something in teaching, supervision, assessment, a study programme, information or the learning environment that does not work the way current requirements and routines say it should. Reporting it gives the faculty a chance to correct the problem and keep it from happening again.</p>
<p><strong>Note:</strong> Bullying, harassment, sexual harassment, violence and threats are not deviations. Report such matters as censurable conditions instead; see the page on notification.</p>
<h2>Try the ordinary channels first</h2>
<p>Most problems are solved fastest close to where they arise. Before you report a deviation, you should have raised the matter at the lowest possible level:</p>
<ul>
<li><strong>Students</strong> can talk to the teacher or course coordinator, answer course evaluations, or ask a student representative or student advisor for help.</li>
<li><strong>Staff</strong> can raise the need for change within the academic community, in the study programme council or in evaluation reports.</li>
</ul>
<p>If this does not lead anywhere, you may report a deviation.</p>
<h2>How to report</h2>
<ol>
<li>Log in to the portal and click the <strong>"Report a deviation"</strong> button.</li>
<li>Choose the category that fits best.</li>
<li>Describe as concretely as you can what happened, where and when. Add the course code if relevant.</li>
<li>Briefly explain what you have already done to solve the matter through the ordinary channels. This field is required.</li>
<li>If you can, suggest measures that would put things right.</li>
<li>Submit the form.</li>
</ol>
<p>Do not include sensitive personal data, such as health information, in your report.</p>
<h2>Receipt and follow-up</h2>
<p>Your report is routed automatically to the faculty you belong to. Shortly after submitting, an e-mail receipt arrives stating your case number and the expected processing time.</p>
<p>On the <strong>"My cases"</strong> page you can check the status, deadline and any comments on the cases you have reported at any time.</p>
<h2>What happens next?</h2>
<ul>
<li>The faculty's reception officer assesses the report. The case is either given to a case worker or transferred to the faculty that is responsible.</li>
<li>The case worker sets a deadline for completing the case. It is normally about four weeks, in line with the Public Administration Act (Forvaltningsloven) § 11a on answering without undue delay.</li>
<li>If processing takes longer, you will receive a preliminary reply.</li>
<li>When the case is closed, you receive an e-mail with a closing comment.</li>
<li>If the report is rejected, you receive an e-mail explaining why.</li>
</ul>""",
    },
    # ------------------------------------------------------------------
    # 2. Handle a deviation (faculty side)
    # ------------------------------------------------------------------
    {
        "id": "handle-deviation-nb",
        "language": "nb",
        "title": "Slik håndterer fakultetene avviksmeldinger",
        "description": "Fremgangsmåte for meldingsansvarlig og behandler når et avvik i utdanning eller læringsmiljø er meldt til fakultetet.",
        "decided_by": "Leder for Avdeling for utdanningskvalitet",
        "valid_from": "2025-01-01",
        "other_language": "handle-deviation-en",
        "text": """<h2>Roller</h2>
<ul>
<li><strong>Meldingsansvarlig</strong> tar imot alle avviksmeldinger til fakultetet på vegne av linjeleder og bestemmer hvordan de skal behandles.</li>
<li><strong>Behandler</strong> får saken tildelt, utreder den, følger opp tiltak og lukker den.</li>
<li><strong>Linjeleder</strong> får beskjed når et nytt avvik er meldt inn.</li>
</ul>
<h2>Vurdering ved mottak</h2>
<p>Når et avvik kommer inn, får meldingsansvarlig en e-post med lenke til saken i portalen. Først vurderes det om meldingen faktisk gjelder et avvik, om den inneholder sensitive personopplysninger, og om den egentlig handler om kritikkverdige forhold. Deretter velger meldingsansvarlig ett av fire utfall:</p>
<ol>
<li><strong>Godkjenn</strong>: Saken behandles ved eget fakultet. Velg behandler. Velges ingen, blir meldingsansvarlig selv behandler.</li>
<li><strong>Overfør</strong>: Saken hører hjemme ved et annet fakultet. Den flyttes dit med saksnummer og historikk, og mottaket der blir varslet.</li>
<li><strong>Avvis</strong>: Meldingen er ikke et avvik. Skriv en begrunnelse. Den sendes til melder.</li>
<li><strong>Avvis som varslingssak</strong>: Meldingen gjelder mobbing, trakassering eller andre alvorlige forhold. Portalen oppretter en varslingssak hos det sentrale varslingsmottaket, fjerner fritekst fra avvikssaken og forklarer melder hva som har skjedd.</li>
</ol>
<p>Ved behov kan meldingsansvarlig samarbeide med andre enheter om saken.</p>
<h2>Behandlers oppgaver</h2>
<ul>
<li>Gå gjennom meldingen og hent inn opplysninger som mangler.</li>
<li>Dokumenter saksbehandlingen i saken, men uten sensitive personopplysninger.</li>
<li>Opprett <strong>tiltak</strong> med ansvarlig person og frist. Tiltakene kan være korrigerende eller forebyggende.</li>
<li>Start en <strong>høringsrunde</strong> hvis andre bør delta i vurderingen, for eksempel for å velge tiltak, avklare med linjeleder eller avtale gjennomføring med den som skal utføre tiltaket. Deltakerne har tilgang til saken bare mens høringen er åpen.</li>
<li>Følg med på at tiltakene faktisk blir gjennomført.</li>
<li><strong>Lukk</strong> saken med en avsluttende kommentar, som sendes til melder. Som hovedregel er det behandler som lukker, med mindre annet er avtalt med meldingsansvarlig.</li>
</ul>
<h2>Frister</h2>
<p>Fristen settes automatisk til fire uker etter mottak, jf. forvaltningsloven § 11a. Behandler kan justere den. Går fristen ut før saken er lukket, sender portalen en påminnelse til behandler og meldingsansvarlig.</p>
<p>Kan fristen ikke overholdes, skal melder få et <strong>foreløpig svar</strong> som forklarer årsaken og sier når saken ventes avsluttet. Bruk brevmalen for foreløpig svar i saken.</p>
<p>Et avvik som blir liggende uten oppfølging i urimelig lang tid, kan i seg selv bli varslet som et kritikkverdig forhold.</p>""",
    },
    {
        "id": "handle-deviation-en",
        "language": "en",
        "title": "How faculties handle deviation reports",
        "description": "Procedure for reception officers and case workers when a deviation in education or learning environment has been reported to the faculty.",
        "decided_by": "Head of the Education Quality Division",
        "valid_from": "2025-01-01",
        "other_language": "handle-deviation-nb",
        "text": """<h2>Roles</h2>
<ul>
<li>The <strong>reception officer</strong> receives every deviation report sent to the faculty on behalf of the line manager and decides how it is to be handled.</li>
<li>The <strong>case worker</strong> is assigned the case, looks into it, follows up measures and closes it.</li>
<li>The <strong>line manager</strong> is notified whenever a new deviation is reported.</li>
</ul>
<h2>Assessment on receipt</h2>
<p>When a deviation arrives, the reception officer gets an e-mail with a link to the case in the portal. The first step is to check whether the report really concerns a deviation, whether it contains sensitive personal data, and whether it is actually about censurable conditions. The reception officer then chooses one of four outcomes:</p>
<ol>
<li><strong>Approve</strong>: The case is handled at this faculty. Choose a case worker. If none is chosen, the reception officer becomes the case worker.</li>
<li><strong>Transfer</strong>: The case belongs to another faculty. It is moved there with its case number and history, and that faculty's reception is notified.</li>
<li><strong>Reject</strong>: The report is not a deviation. Write a reason; it is sent to the reporter.</li>
<li><strong>Reject as notification case</strong>: The report concerns bullying, harassment or other serious conditions. The portal creates a notification case at the central notification reception, removes the free text from the deviation and explains to the reporter what has happened.</li>
</ol>
<p>Where needed, the reception officer may work with other units on the case.</p>
<h2>The case worker's tasks</h2>
<ul>
<li>Go through the report and obtain any missing information.</li>
<li>Document the processing in the case, leaving out sensitive personal data.</li>
<li>Create <strong>measures</strong> with a responsible person and a due date. Measures may be corrective or preventive.</li>
<li>Open a <strong>hearing round</strong> if others should take part in the assessment, for example to choose measures, clarify them with the line manager or agree on implementation with whoever will carry them out. Participants can see the case only while the hearing is open.</li>
<li>Make sure the measures are actually carried out.</li>
<li><strong>Close</strong> the case with a closing comment, which is sent to the reporter. As a rule the case worker closes the case unless something else has been agreed with the reception officer.</li>
</ul>
<h2>Deadlines</h2>
<p>The deadline is set automatically to four weeks after receipt, in line with the Public Administration Act (Forvaltningsloven) § 11a. The case worker may adjust it. If the deadline passes before the case is closed, the portal sends a reminder to the case worker and the reception officer.</p>
<p>If the deadline cannot be met, the reporter must receive a <strong>preliminary reply</strong> that gives the reason and says when the case is expected to be finished. Use the preliminary reply letter template in the case.</p>
<p>A deviation left without follow-up for an unreasonably long time may itself be notified as a censurable condition.</p>""",
    },
    # ------------------------------------------------------------------
    # 3. Notify censurable conditions
    # ------------------------------------------------------------------
    {
        "id": "notify-nb",
        "language": "nb",
        "title": "Varsling om kritikkverdige forhold",
        "description": "Hvordan studenter, ansatte og andre kan varsle om mobbing, trakassering og andre alvorlige forhold, og hvilke rettigheter de har.",
        "decided_by": "Prorektor for utdanning",
        "valid_from": "2025-01-01",
        "other_language": "notify-en",
        "text": """<h2>Hva kan du varsle om?</h2>
<p>Alle studenter, ansatte og eksterne har rett til å si fra om alvorlige, kritikkverdige forhold ved universitetet. Du kan varsle om noe du selv har opplevd, eller om noe som rammer andre. Eksempler er:</p>
<ul>
<li>mobbing</li>
<li>trakassering og seksuell trakassering</li>
<li>vold, trusler og grovt forstyrrende oppførsel</li>
<li>gjengjeldelse etter et tidligere varsel</li>
<li>korrupsjon og annen økonomisk kriminalitet</li>
</ul>
<p>Mindre alvorlige forhold hører ikke hjemme her. Misnøye med undervisning eller studiekvalitet meldes som avvik. Små uenigheter mellom studenter løser man som regel selv, og uenighet om faglige prioriteringer eller lederbeslutninger tas opp med nærmeste leder.</p>
<h2>Slik varsler du</h2>
<p>Bruk varslingsskjemaet i portalen. Jo mer presis beskrivelsen er, desto lettere er saken å følge opp. Ta gjerne med:</p>
<ul>
<li>hva som har skjedd</li>
<li>hvor og når det skjedde</li>
<li>hvem som er involvert, og om noen var vitner</li>
<li>om du kjenner til lignende saker tidligere</li>
</ul>
<p>Du kan også varsle muntlig eller skriftlig til noen med taushetsplikt, men skjemaet gir best vern av personopplysningene. Vil du snakke med noen før du bestemmer deg, kan du kontakte en samtalepartner med taushetsplikt. Du velger selv hvor mye du forteller.</p>
<p>Mottaket vurderer varselet og sender det til den enheten som skal følge det opp. Saksbehandleren der tar kontakt og forteller hva som skjer videre. Innlogget kan du se status på siden <strong>«Mine saker»</strong>.</p>
<h2>Anonym varsling</h2>
<p>Du kan sende inn skjemaet uten navn. Da får du en <strong>kvitteringskode</strong>, og den vises bare én gang. Ta godt vare på den: med koden kan du på kvitteringssiden følge status og utveksle meldinger med saksbehandler. Anonyme varsler blir behandlet, men de er vanskeligere å undersøke og fører sjelden til reaksjoner alene.</p>
<h2>Dine rettigheter</h2>
<h3>Hvis du er part i saken</h3>
<ul>
<li>Du blir innkalt til samtale for å legge fram din versjon.</li>
<li>Du kan ta med deg en person du stoler på.</li>
<li>Du holdes orientert om behandlingen og utfallet så langt taushetsplikten overfor andre tillater.</li>
</ul>
<h3>Hvis du ikke er part</h3>
<ul>
<li>Du får beskjed når varselet er mottatt og når saken er avsluttet.</li>
<li>Du kan bli kontaktet hvis saksbehandler trenger flere opplysninger.</li>
<li>Du får ikke vite utfallet eller hvilke tiltak som er satt i verk.</li>
</ul>
<h2>Konfidensialitet</h2>
<p>Varsler er taushetsbelagte og unntatt offentlighet. Navnet ditt blir bare kjent for dem som trenger det for å behandle saken. Den som varselet gjelder, har likevel som hovedregel rett til innsyn i sakens dokumenter. Det er forbudt å gjengjelde mot noen som har varslet, og gjengjeldelse kan i seg selv varsles.</p>""",
    },
    {
        "id": "notify-en",
        "language": "en",
        "title": "Notifying censurable conditions",
        "description": "How students, staff and others can notify bullying, harassment and other serious conditions, and what rights they have.",
        "decided_by": "Pro-Rector for Education",
        "valid_from": "2025-01-01",
        "other_language": "notify-nb",
        "text": """<h2>What can you notify?</h2>
<p>Every student and employee, and anyone from outside, has the right to speak up about serious, censurable conditions at the university. You may notify something you have experienced yourself or something that affects others. Examples include:</p>
<ul>
<li>bullying</li>
<li>harassment and sexual harassment</li>
<li>violence, threats and grossly disruptive behaviour</li>
<li>retaliation after an earlier notification</li>
<li>corruption and other financial crime</li>
</ul>
<p>Less serious matters do not belong here. Dissatisfaction with teaching or study quality is reported as a deviation. Minor disagreements between students are usually settled by those involved, and disagreement about academic priorities or management decisions is taken up with your immediate superior.</p>
<h2>How to notify</h2>
<p>Use the notification form in the portal. The more precise your description, the easier the case is to follow up. Try to include:</p>
<ul>
<li>what happened</li>
<li>where and when it happened</li>
<li>who is involved, and whether anyone witnessed it</li>
<li>whether you know of similar cases earlier</li>
</ul>
<p>You may also notify orally or in writing to someone with a duty of confidentiality, but the form gives your personal data the best protection. If you would like to talk to someone before deciding, you can contact a confidential adviser. You decide how much you share.</p>
<p>The reception assesses the notification and passes it to the unit that will follow it up. The case officer there will contact you and explain what happens next. When logged in, you can see the status on the <strong>"My cases"</strong> page.</p>
<h2>Anonymous notification</h2>
<p>You can submit the form without giving your name. You then get a <strong>receipt code</strong>, shown only once. Keep it safe: with the code you can follow the status and exchange messages with the case officer on the receipt code page. Anonymous notifications are processed, but they are harder to investigate and rarely lead to sanctions on their own.</p>
<h2>Your rights</h2>
<h3>If the case concerns you directly (you are a party)</h3>
<ul>
<li>You are invited to an interview to give your account.</li>
<li>You may bring a person you trust.</li>
<li>You are kept informed about the processing and the outcome as far as confidentiality towards others allows.</li>
</ul>
<h3>If you are not a party</h3>
<ul>
<li>You are told when the notification has been received and when the case has been closed.</li>
<li>The case officer may get in touch if further details are needed.</li>
<li>You are not told the outcome or which measures were taken.</li>
</ul>
<h2>Confidentiality</h2>
<p>Notifications are confidential and exempt from public access. Your name is known only to those who need it to process the case. The person the notification concerns does, as a rule, have a right of access to the case documents. Retaliation against anyone who has notified is prohibited, and retaliation can itself be notified.</p>""",
    },
    # ------------------------------------------------------------------
    # 4. Guide for faculty notification units
    # ------------------------------------------------------------------
    {
        "id": "notification-units-nb",
        "language": "nb",
        "title": "Veileder for fakultetenes varslingsmottak",
        "description": "Veiledning for fakultetenes varslingsmottak i saker om mobbing, trakassering og grovt forstyrrende oppførsel mellom studenter.",
        "decided_by": "Prorektor for utdanning",
        "valid_from": "2025-01-01",
        "other_language": "notification-units-en",
        "text": """<h2>Formål og ansvar</h2>
<p>Veilederen gjelder varslingssaker der både den som varsler og den som varselet gjelder, er studenter. Saker med ansatte som part følger egne rutiner. Dekanen har ansvaret for varslingsbehandlingen på fakultetet og skal sikre at mottaket har kompetanse fra både studie- og HR-siden. Beslutninger om tiltak kan ikke delegeres lavere enn til ansvarlig leder på nivå 3.</p>
<h2>Fra sentralt mottak til fakultet</h2>
<ul>
<li>Varsler fra portalen kommer først til det sentrale varslingsmottaket, som gjør en første vurdering.</li>
<li>Saken sendes til fakultetet der den anklagede studenten har sin hovedtilknytning, også når studentene tilhører ulike fakulteter. Det skal skje snarest og senest innen <strong>fem virkedager</strong>.</li>
<li>Varsler om seksuell trakassering går først til en ekstern komité for utredning og råd.</li>
<li>Det sentrale mottaket gir ingen informasjon til partene. Det er fakultetets oppgave.</li>
</ul>
<p>Varsleren skal innen <strong>en uke</strong> få skriftlig bekreftelse med informasjon om sine rettigheter og navnet på saksbehandleren. Portalen lager dette brevet når fakultetet kvitterer ut saken.</p>
<h2>De fire fasene</h2>
<h3>1. Innledende samtaler og undersøkelse</h3>
<ul>
<li>Vurder innhold og alvorlighetsgrad, og avklar hvem som er parter.</li>
<li>Sett inn strakstiltak hvis læringsmiljøet krever det.</li>
<li>Kall inn varsleren (hvis part) og deretter den anklagede. Innkallingen skal vise til varselet, forklare formålet, nevne retten til å ha med seg en person og si hvem som møter fra fakultetet.</li>
<li>Skriv referat som deltakerne får kommentere.</li>
<li>Vurder om saken gir grunn til tvil om skikkethet, og meld i så fall fra til den som har ansvaret for skikkethetsvurdering.</li>
</ul>
<h3>2. Vurdering og planlegging</h3>
<p>Sørg for at saken er godt nok opplyst, og innhent mer ved behov. Skriv en oppsummering og drøft mulige reaksjoner med ansvarlig leder.</p>
<h3>3. Tiltak og reaksjoner</h3>
<p>Vurder alltid lavterskeltiltak først. Mulige reaksjoner er:</p>
<ul>
<li>avklaring av rettigheter og plikter</li>
<li>veiledning eller utvidet rådgivning</li>
<li>skriftlig advarsel, gitt av dekanen</li>
<li>bortvisning fra deler av universitetet i inntil ett år ved gjentatt atferd etter advarsel</li>
<li>utestenging dersom bortvisningen ikke respekteres</li>
<li>stenging av tilgang til IT-tjenester</li>
</ul>
<p>Bortvisning og utestenging avgjøres av klagenemnda etter at fakultetet har forberedt saken. Fra skriftlig advarsel har den anklagede rett til advokat på universitetets regning.</p>
<h3>4. Oppfølging og avslutning</h3>
<p>Følg opp at vedtatte tiltak blir gjennomført, også tiltak som skal beskytte varsleren. Lukk saken og informer partene om utfallet. En varsler som ikke er part, får bare vite at saken er avsluttet.</p>
<h2>Innsyn og dokumentasjon</h2>
<ul>
<li>Lagre referater, notater og bevis i saken i portalen fortløpende.</li>
<li>Partene har som hovedregel innsyn i sakens dokumenter, også selve varselet.</li>
<li>Interne vurderinger kan unntas fra partsinnsyn, men faktiske opplysninger skal gis. Merk slike dokumenter som interne.</li>
<li>Varslerens navn kan holdes tilbake når det er reell fare for gjengjeldelse.</li>
</ul>""",
    },
    {
        "id": "notification-units-en",
        "language": "en",
        "title": "Guide for faculty notification units",
        "description": "Guidance for the faculties' notification units in cases of bullying, harassment and grossly disruptive behaviour between students.",
        "decided_by": "Pro-Rector for Education",
        "valid_from": "2025-01-01",
        "other_language": "notification-units-nb",
        "text": """<h2>Purpose and responsibility</h2>
<p>This guide covers notification cases in which both the notifier and the accused are students. Cases where employees are involved follow separate routines. The dean is responsible for handling notifications at the faculty and must make sure the unit has expertise from both the education and the HR side. Decisions on measures cannot be delegated below the responsible manager at level 3.</p>
<h2>From central reception to faculty</h2>
<ul>
<li>Notifications submitted in the portal first reach the central notification reception, which makes an initial assessment.</li>
<li>The case goes on to the accused student's home faculty (main affiliation), also when the students belong to different faculties. This must happen within <strong>five working days</strong> at the latest.</li>
<li>Notifications of sexual harassment go first to an external committee for investigation and advice.</li>
<li>The central reception does not inform the parties. That is the faculty's task.</li>
</ul>
<p>Within <strong>one week</strong>, the notifier must receive written confirmation with information about their rights and the name of the case officer. The portal produces this letter when the faculty acknowledges the case.</p>
<h2>The four stages</h2>
<h3>1. Initial interviews and investigation</h3>
<ul>
<li>Assess the content and severity, and clarify who the parties are.</li>
<li>Put immediate measures in place if the learning environment requires it.</li>
<li>Invite the notifier (if a party) and then the accused student. The invitation must refer to the notification, explain the purpose, mention the right to bring a companion and say who will attend from the faculty.</li>
<li>Write minutes that the participants may comment on.</li>
<li>If the case raises doubt about suitability, report it to those responsible for suitability assessment.</li>
</ul>
<h3>2. Assessment and planning</h3>
<p>Make sure the case is well enough investigated and gather more if needed. Then write a summary and discuss possible responses with the responsible manager.</p>
<h3>3. Measures and sanctions</h3>
<p>Always consider low-threshold measures first. Possible responses are:</p>
<ul>
<li>clarifying the student's rights and duties</li>
<li>guidance or extended counselling</li>
<li>a written warning, issued by the dean</li>
<li>expulsion from parts of the university for up to one year after repeated behaviour following a warning</li>
<li>exclusion if the expulsion is not respected</li>
<li>withdrawal of access to IT services</li>
</ul>
<p>Expulsion and exclusion are decided by the appeals committee after the faculty has prepared the case. From the written warning onwards, the accused student is entitled to a lawyer at the university's expense.</p>
<h3>4. Follow-up and closure</h3>
<p>Check that the measures decided are carried out, including those meant to protect the notifier. Close the case and inform the parties of the outcome. A notifier who is not a party is told only that the case has been closed.</p>
<h2>Access and documentation</h2>
<ul>
<li>Store minutes, notes and evidence in the case in the portal as you go.</li>
<li>As a rule, the parties have access to the case documents, including the notification itself.</li>
<li>Internal assessments may be withheld from a party, but factual information must be shared. Mark such documents as internal.</li>
<li>The notifier's name may be withheld if retaliation is a genuine danger.</li>
</ul>""",
    },
]
