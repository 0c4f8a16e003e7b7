"""Letter templates of the case processes (SPEC §3, ``Letter.template``).

``TEMPLATES[template_id][language]`` is a dict with a ``title`` and a plain
text ``body`` (no HTML), in Norwegian bokmål (``nb``) and English (``en``).
Both are ``string.Template`` texts: ``${name}`` placeholders are filled in
from the case when a letter is created (see ``ntnu.casemgmt.parts.letters``).
Places the writer must complete by hand are written in [square brackets];
the body of a draft letter stays editable until the letter is sent.

Letters of a deviation case, to its reporter:

- ``preliminary_reply``: the four-week target (Forvaltningsloven § 11a)
  cannot be met; why, and when an answer can be expected;
- ``rejection_notice``: the report is not handled as a deviation, and why;
- ``closure_notice``: the case is closed, with the closing comment.

Letters of a notification case (student-student):

- ``receipt_confirmation``: to the notifier; received, case officer, rights
  as party or non-party, confidentiality;
- ``summons_notifier`` / ``summons_accused``: invitation to an interview;
- ``written_warning``: written warning under universitets- og høyskoleloven
  § 4-8 first paragraph;
- ``advance_notice_expulsion``: advance notice (fvl. § 16) that expulsion
  is being considered, with a deadline to comment.

The warning and the advance notice follow the sections of the model letters
in the appendices of the guide for faculty notification units: what the case
is about, the facts, the legal basis, the assessment, the warning or notice,
the recipient's rights, contact. The statutory references are those the
guide itself uses (uhl. § 4-8 first and fifth paragraphs, the university's
study regulations § 3-5). The 2024 revision of universitets- og
høyskoleloven renumbers its provisions, so the writer should check the
references against the law in force before a letter is sent.

Placeholders used (and no others): case_number, case_title, faculty, date,
recipient_name, deadline, new_deadline, closing_comment, rejection_reason,
case_worker_name, case_officer_name, responsible_manager_name, received,
category, summary, outcome, immediate_measures.
"""

TEMPLATES = {
    # ------------------------------------------------------------------
    # Notification case: receipt confirmation to the notifier
    # ------------------------------------------------------------------
    "receipt_confirmation": {
        "nb": {
            "title": "Bekreftelse på mottatt varsel – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}
Unntatt offentlighet, jf. offl. § 13

${recipient_name}

BEKREFTELSE PÅ MOTTATT VARSEL

Vi bekrefter at ${faculty} har mottatt varselet ditt. Varselet kom inn ${received}, er registrert i kategorien ${category} og har referansen ${case_number}. Oppgi referansen når du kontakter oss om saken.

Saksbehandler
${case_officer_name} er saksbehandler og din kontaktperson i saken. Ansvarlig leder er ${responsible_manager_name}.

Konfidensialitet
Varselet og dokumentene i saken er unntatt offentlighet. Hvem du er, og hva du har varslet om, blir bare kjent for dem som trenger det for å behandle saken. Det er forbudt å utsette noen for gjengjeldelse fordi de har varslet. Opplever du negative reaksjoner etter varselet, ber vi deg si fra til saksbehandler eller melde det gjennom SpeakUp.

Dine rettigheter
[Behold avsnittet som gjelder deg, og slett det andre.]

Du er part i saken, fordi varselet gjelder noe du selv har opplevd. Du vil bli innkalt til en samtale der du kan utdype varselet, og du kan ta med deg en person du har tillit til. Du får lese referatet og komme med merknader. Vi holder deg orientert om behandlingen og utfallet så langt taushetsplikten overfor andre gjør det mulig. Du har rett til innsyn i sakens dokumenter etter forvaltningsloven § 18 flg., men fakultetets interne vurderinger kan unntas. Den det er varslet om, har som hovedregel også rett til innsyn og kan få vite hvem som har varslet. Er det reell fare for gjengjeldelse, kan navnet ditt holdes tilbake, jf. forvaltningsloven § 19.

Du er ikke part i saken, fordi varselet gjelder noe andre har opplevd. Du deltar derfor ikke i den videre behandlingen, og vi tar bare kontakt dersom vi trenger flere opplysninger fra deg. Du får beskjed når saken er avsluttet, men ikke om utfallet eller hvilke tiltak som er satt i verk.

Trenger du noen å snakke med, kan du kontakte [studenthelsetjenesten / rådgivningstjenesten].

Med vennlig hilsen
${faculty}

${case_officer_name}
saksbehandler
""",
        },
        "en": {
            "title": "Confirmation of receipt of notification – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}
Exempt from public disclosure, cf. offl. § 13

${recipient_name}

CONFIRMATION OF RECEIPT OF YOUR NOTIFICATION

We confirm that ${faculty} has received your notification. It came in on ${received}, is registered in the category ${category} and has the reference ${case_number}. Please quote this reference whenever you contact us about the case.

Case officer
${case_officer_name} is the case officer and your contact person in this case. The responsible manager is ${responsible_manager_name}.

Confidentiality
The notification and the case documents are exempt from public disclosure. Your identity and what you have reported are made known only to those who need them to process the case. It is prohibited to retaliate against anyone because they have submitted a notification. If you experience negative reactions after notifying, please tell the case officer or report it through SpeakUp.

Your rights
[Keep the paragraph that applies and delete the other.]

You are a party to the case, because the notification concerns something you have experienced yourself. You will be invited to an interview where you can elaborate on the notification, and you may bring a person you trust. You will be able to read the minutes and comment on them. We will keep you informed about the handling and the outcome as far as the duty of confidentiality towards others allows. You have the right to access the case documents under the Public Administration Act (forvaltningsloven) § 18 et seq., but the faculty's internal assessments may be exempted. As a rule, the person the notification concerns also has a right of access and may learn who submitted it. If there is a genuine danger that you could face retaliation, your name may be withheld, cf. the Public Administration Act § 19.

You are not a party to the case, because the notification concerns something others have experienced. You will therefore not take part in the further handling, and we will only contact you if we need more information from you. You will be told when the case has been closed, but not its outcome or which measures have been taken.

If you need someone to talk to, you can contact [student health service / counselling service].

Yours sincerely
${faculty}

${case_officer_name}
Case officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Notification case: summons of the notifier to an interview
    # ------------------------------------------------------------------
    "summons_notifier": {
        "nb": {
            "title": "Innkalling til samtale – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}
Unntatt offentlighet, jf. offl. § 13

${recipient_name}

INNKALLING TIL SAMTALE OM VARSELET DITT

Vi viser til varselet ditt, som ${faculty} mottok ${received}, og til [telefonsamtalen med deg dd.mm.åååå]. Vi ønsker å snakke med deg om det du har varslet om.

Formålet med samtalen
I samtalen får du fortelle med egne ord hva som har skjedd, når og hvor det skjedde, og hvem som var involvert. Vi vil også høre hvordan situasjonen påvirker studiene og studiehverdagen din, og sammen med deg se på hva som kan gjøres for at du skal ha et trygt læringsmiljø. Har du dokumentasjon, for eksempel e-poster, meldinger eller bilder, ber vi deg ta den med.

Tid og sted
[dato og klokkeslett]
[sted eller lenke til digitalt møte]

Til stede fra fakultetet
${case_officer_name}, saksbehandler
[navn og rolle]

Du har rett til å ta med deg én person du har tillit til, for eksempel en venn eller en annen støtteperson. Gi oss beskjed på forhånd om du tar med noen, og om du har behov for tolk.

Referat og konfidensialitet
Det blir skrevet referat fra samtalen. Du får lese referatet og komme med rettelser og merknader før det legges i saken. Opplysningene behandles konfidensielt og deles bare med dem som trenger dem i saksbehandlingen. Den det er varslet om, har som hovedregel rett til innsyn i sakens dokumenter, jf. forvaltningsloven § 18 flg. I samtalen forklarer vi hva dette betyr for deg.

Vi ber deg bekrefte innen [dato] at du kommer. Passer ikke tidspunktet, kan du kontakte ${case_officer_name} på [e-post / telefon].

Har du behov for støtte underveis, kan du kontakte [studenthelsetjenesten / rådgivningstjenesten].

Med vennlig hilsen
${faculty}

${case_officer_name}
saksbehandler
""",
        },
        "en": {
            "title": "Invitation to an interview – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}
Exempt from public disclosure, cf. offl. § 13

${recipient_name}

INVITATION TO AN INTERVIEW ABOUT YOUR NOTIFICATION

We refer to your notification, which ${faculty} received on ${received}, and to [our telephone conversation on dd.mm.yyyy]. We would like to talk to you about what you have reported.

Purpose of the interview
In the interview you can tell us in your own words what happened, when and where it happened, and who was involved. We would also like to hear how the situation affects your studies and your everyday life as a student, and to consider with you what can be done to give you a safe learning environment. If you have documentation, such as e-mails, messages or pictures, please bring it.

Time and place
[date and time]
[place or link to online meeting]

Present from the faculty
${case_officer_name}, case officer
[name and role]

You have the right to bring one person you trust, for example a friend or another support person. Please let us know in advance if you are bringing someone, and whether you need an interpreter.

Minutes and confidentiality
Minutes will be taken of the interview. You will be able to read them and make corrections and comments before they are filed in the case. The information is treated confidentially and shared only with those who need it to process the case. As a rule, the person the notification concerns has a right to access the case documents, cf. the Public Administration Act (forvaltningsloven) § 18 et seq. We will explain at the interview what this means for you.

Please confirm by [date] that you will attend. If the time does not suit you, please contact ${case_officer_name} at [e-mail / telephone].

If you need support along the way, you can contact [student health service / counselling service].

Yours sincerely
${faculty}

${case_officer_name}
Case officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Notification case: summons of the accused student to an interview
    # ------------------------------------------------------------------
    "summons_accused": {
        "nb": {
            "title": "Innkalling til samtale om varsel – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}
Unntatt offentlighet, jf. offl. § 13

${recipient_name}

INNKALLING TIL SAMTALE OM ET VARSEL SOM GJELDER DEG

Vi viser til [telefonsamtalen med deg dd.mm.åååå]. ${faculty} mottok ${received} et varsel som gjelder deg. Varselet er registrert i kategorien ${category} og handler kort fortalt om dette: [kort beskrivelse av innholdet i varselet].

Formålet med samtalen
Du har rett til å uttale deg før fakultetet vurderer saken videre. I samtalen får du legge fram din versjon av det som har skjedd, og vi stiller spørsmål for at saken skal bli så godt opplyst som mulig. Vi vil også snakke om hvordan alle involverte kan sikres et trygt læringsmiljø.

Tid og sted
[dato og klokkeslett]
[sted eller lenke til digitalt møte]

Til stede fra fakultetet
${case_officer_name}, saksbehandler
[navn og rolle]

Du har rett til å ta med deg én person du har tillit til. Gi oss beskjed på forhånd om du tar med noen, og om du har behov for tolk.

Referat og innsyn
Det blir skrevet referat, som du får lese og komme med merknader til. Du har rett til innsyn i sakens dokumenter etter forvaltningsloven § 18 flg., med unntak av fakultetets interne vurderinger. Opplysninger om andre som du får kjennskap til, kan du bruke for å ivareta dine interesser i saken, men ikke spre videre.

Mulige konsekvenser
Ingen avgjørelse er tatt. Saken kan likevel få følger for deg, for eksempel en avklaring av rettigheter og plikter, veiledning, skriftlig advarsel, melding om tvil om skikkethet, eller ved gjentatte forhold bortvisning eller utestenging etter universitets- og høyskoleloven § 4-8 første ledd. Brudd på IT-reglementet kan føre til at tilgangen til universitetets IT-tjenester stenges.

Strakstiltak
Inntil saken er avklart, gjelder følgende: ${immediate_measures}

Gjengjeldelse mot den som har varslet, er forbudt. Kontakt fra deg til den som har varslet, kan bli oppfattet som gjengjeldelse.

Vi ber deg bekrefte innen [dato] at du kommer. Passer ikke tidspunktet, kan du kontakte ${case_officer_name} på [e-post / telefon]. Du kan også søke støtte hos [studenthelsetjenesten / rådgivningstjenesten].

Med vennlig hilsen
${faculty}

${case_officer_name}
saksbehandler
""",
        },
        "en": {
            "title": "Invitation to an interview about a notification – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}
Exempt from public disclosure, cf. offl. § 13

${recipient_name}

INVITATION TO AN INTERVIEW ABOUT A NOTIFICATION CONCERNING YOU

We refer to [our telephone conversation on dd.mm.yyyy]. On ${received}, ${faculty} received a notification concerning you. It is registered in the category ${category} and, in brief, is about the following: [short description of the content of the notification].

Purpose of the interview
You have the right to give your view before the faculty assesses the case further. In the interview you can present your account of what happened, and we will ask questions so that the case is clarified as fully as possible. We would also like to discuss how a safe learning environment can be ensured for everyone involved.

Time and place
[date and time]
[place or link to online meeting]

Present from the faculty
${case_officer_name}, case officer
[name and role]

You have the right to bring one person you trust. Please let us know in advance if you are bringing someone, and whether you need an interpreter.

Minutes and access
Minutes will be taken, which you can read and comment on. You have the right to access the case documents under the Public Administration Act (forvaltningsloven) § 18 et seq., except for the faculty's internal assessments. Information about other people that you learn of may be used to protect your interests in the case, but must not be passed on.

Possible consequences
No decision has been made. The case may nevertheless have consequences for you, such as a clarification of rights and duties, counselling, a written warning, a report of doubt about suitability, or, in repeated cases, expulsion or exclusion under the Universities and University Colleges Act (universitets- og høyskoleloven) § 4-8 first paragraph. Breaches of the IT regulations may lead to your access to the university's IT services being closed.

Immediate measures
Until the case has been clarified, the following applies: ${immediate_measures}

Retaliation against the person who submitted the notification is prohibited. Any contact from you with that person may be perceived as retaliation.

Please confirm by [date] that you will attend. If the time does not suit you, please contact ${case_officer_name} at [e-mail / telephone]. You may also seek support from [student health service / counselling service].

Yours sincerely
${faculty}

${case_officer_name}
Case officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Notification case: written warning (structure of the guide's Appendix 1)
    # ------------------------------------------------------------------
    "written_warning": {
        "nb": {
            "title": "Skriftlig advarsel – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}
Unntatt offentlighet, jf. offl. § 13

${recipient_name}
[adresse]

SKRIFTLIG ADVARSEL ETTER UNIVERSITETS- OG HØYSKOLELOVEN § 4-8 FØRSTE LEDD

Hva saken gjelder
Vi viser til vårt brev datert [dato] og til samtalen [dato], der du fikk legge fram ditt syn på hendelsene i varselet som fakultetet mottok ${received} (kategori: ${category}).

Faktiske forhold
Etter å ha gått gjennom samtalene og dokumentasjonen i saken legger fakultetet til grunn følgende:
${summary}

Rettslig grunnlag
Universitets- og høyskoleloven § 4-8 første ledd gir institusjonen adgang til å reagere overfor en student som opptrer grovt forstyrrende for medstudentenes arbeid eller for virksomheten ved institusjonen. En skriftlig advarsel må være gitt før det kan bli aktuelt med bortvisning. Myndigheten til å gi advarsel er lagt til fakultetet ved dekanen, jf. NTNUs studieforskrift § 3-5.

Fakultetets vurdering
Fakultetet ser alvorlig på forholdet. [Konkret vurdering: hvilken atferd som anses som grovt forstyrrende og hvorfor, og hvilke forhold som er tillagt vekt, også det du selv har anført.]

Advarsel
På denne bakgrunn gir fakultetet deg en skriftlig advarsel etter universitets- og høyskoleloven § 4-8 første ledd. Advarselen endrer ikke retten din til å følge undervisning og gå opp til eksamen. Opptrer du på tilsvarende måte etter å ha mottatt denne advarselen, vil fakultetet vurdere å fremme sak om bortvisning fra deler av universitetets område i inntil ett år, og eventuelt utestenging.

Dine rettigheter
Du har rett til å la deg bistå av advokat eller annen fullmektig, og NTNU dekker utgiftene etter statens salærsatser, jf. universitets- og høyskoleloven § 4-8 femte ledd. Du har rett til innsyn i sakens dokumenter etter forvaltningsloven § 18 flg.; interne vurderinger kan være unntatt. Mener du at advarselen bygger på uriktige opplysninger, kan du sende en skriftlig uttalelse innen [frist]. Uttalelsen blir lagt ved saken. [Eventuell klageadgang og klagefrist.]

Vi minner om at gjengjeldelse mot den som har varslet, er forbudt.

Kontakt
Spørsmål om saken kan rettes til saksbehandler ${case_officer_name}, [e-post / telefon]. Oppgi vår referanse.

Med vennlig hilsen
${faculty}

${responsible_manager_name}
[stilling]

${case_officer_name}
saksbehandler
""",
        },
        "en": {
            "title": "Written warning – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}
Exempt from public disclosure, cf. offl. § 13

${recipient_name}
[address]

WRITTEN WARNING, UNIVERSITIES AND UNIVERSITY COLLEGES ACT § 4-8 (1)

What the case is about
We refer to our letter dated [date] and to the interview on [date], where you were able to give your view of the events described in the notification the faculty received on ${received} (category: ${category}).

The facts
Having reviewed the interviews and the documentation in the case, the faculty finds the following facts established:
${summary}

Legal basis
The Universities and University Colleges Act (universitets- og høyskoleloven) § 4-8 first paragraph allows the institution to react to a student whose conduct is seriously disruptive to other students' work or to the institution's activities. A written warning must have been given before expulsion can be considered. The authority to give a warning lies with the faculty through the dean, cf. NTNU's study regulations § 3-5.

The faculty's assessment
The faculty takes this matter seriously. [Specific assessment: which behaviour is considered seriously disruptive and why, and what has been given weight, including your own account.]

Warning
On this basis, the faculty gives you a written warning under the Universities and University Colleges Act § 4-8 first paragraph. The warning does not change your right to attend teaching and to sit examinations. If you behave in a similar way after receiving this warning, the faculty will consider bringing a case of expulsion from parts of the university's premises for up to one year, and possibly exclusion.

Your rights
You have the right to be assisted by a lawyer or another representative, and NTNU covers the costs at the state rates, cf. the Universities and University Colleges Act § 4-8 fifth paragraph. You have the right to access the case documents under the Public Administration Act (forvaltningsloven) § 18 et seq.; internal assessments may be exempted. If you believe the warning is based on incorrect information, you may submit a written statement by [deadline]. Your statement will be added to the case. [Right of appeal and time limit, if any.]

Please note that retaliation against the person who submitted the notification is prohibited.

Contact
Questions about the case may be directed to the case officer, ${case_officer_name}, [e-mail / telephone]. Please quote our reference.

Yours sincerely
${faculty}

${responsible_manager_name}
[position]

${case_officer_name}
Case officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Notification case: advance notice of expulsion (guide's Appendix 2)
    # ------------------------------------------------------------------
    "advance_notice_expulsion": {
        "nb": {
            "title": "Forhåndsvarsel om mulig bortvisning – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}
Unntatt offentlighet, jf. offl. § 13

${recipient_name}
[adresse]

FORHÅNDSVARSEL OM MULIG BORTVISNING ETTER UNIVERSITETS- OG HØYSKOLELOVEN § 4-8 FØRSTE LEDD

Hva saken gjelder
${faculty} viser til den skriftlige advarselen du fikk [dato]. Advarselen ble gitt fordi [kort beskrivelse av forholdet advarselen gjaldt].

Nye forhold etter advarselen
Fakultetet har fått opplysninger om at du også etter advarselen har opptrådt grovt forstyrrende for medstudentenes arbeid eller for virksomheten ved institusjonen. Fakultetet legger foreløpig til grunn følgende:
${summary}

Rettslig grunnlag
Etter universitets- og høyskoleloven § 4-8 første ledd kan en student som gjentatte ganger opptrer grovt forstyrrende til tross for skriftlig advarsel, bortvises fra bestemte deler av institusjonen i inntil ett år. Vedtaket treffes av NTNUs klagenemnd. Fakultetet forbereder saken, og Avdeling for utdanningskvalitet legger den fram for klagenemnda.

Fakultetets vurdering
[Hvorfor vilkårene for bortvisning kan være oppfylt, og hvordan en bortvisning kan påvirke studiene dine, for eksempel tilgangen til laboratorier eller obligatorisk undervisning.]

Forhåndsvarsel
Dette brevet er et forhåndsvarsel etter forvaltningsloven § 16. NTNU vurderer å bortvise deg fra [konkrete bygg, rom eller undervisningsaktiviteter] i [periode, inntil ett år]. Det er ikke truffet noe vedtak. En bortvisning fratar deg ikke retten til å gå opp til eksamen. Blir et vedtak om bortvisning ikke respektert, kan du bli utestengt fra studier ved NTNU og miste retten til å ta eksamen ved institusjoner under universitets- og høyskoleloven i inntil ett år.

Dine rettigheter
Du har rett til å uttale deg før saken avgjøres. Uttalelsen må være mottatt innen [frist] og sendes til [mottaker og adresse]. Du har rett til å la deg bistå av advokat eller annen fullmektig, og NTNU dekker utgiftene etter statens salærsatser, jf. universitets- og høyskoleloven § 4-8 femte ledd. Du har rett til innsyn i sakens dokumenter etter forvaltningsloven § 18 flg. Et eventuelt vedtak om bortvisning kan påklages til den nasjonale klagenemnda (Felles klagenemnd).

Kontakt
Spørsmål om saken kan rettes til saksbehandler ${case_officer_name}, [e-post / telefon]. Oppgi vår referanse.

Med vennlig hilsen
${faculty}

${responsible_manager_name}
[stilling]

${case_officer_name}
saksbehandler
""",
        },
        "en": {
            "title": "Advance notice of possible expulsion – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}
Exempt from public disclosure, cf. offl. § 13

${recipient_name}
[address]

ADVANCE NOTICE OF POSSIBLE EXPULSION, UNIVERSITIES AND UNIVERSITY COLLEGES ACT § 4-8 (1)

What the case is about
${faculty} refers to the written warning you were given on [date]. The warning was given because [short description of the conduct the warning concerned].

New conduct after the warning
The faculty has received information that, even after the warning, you have continued to act in a way that is seriously disruptive to other students' work or to the institution's activities. The faculty provisionally finds the following:
${summary}

Legal basis
Under the Universities and University Colleges Act (universitets- og høyskoleloven) § 4-8 first paragraph, a student who, despite a written warning, keeps acting in a seriously disruptive way may be expelled from certain areas of the institution for a maximum of one year. The decision is made by NTNU's Appeals Committee. The faculty prepares the case, and the Education Quality Division presents it to the committee.

The faculty's assessment
[Why the conditions for expulsion may be met, and how an expulsion may affect your studies, e.g. access to laboratories or compulsory teaching.]

Advance notice
This letter is an advance notice under the Public Administration Act (forvaltningsloven) § 16. NTNU is considering expelling you from [specific buildings, rooms or teaching activities] for [period, up to one year]. No decision has been made. An expulsion does not take away your right to sit examinations. Failure to respect an expulsion may lead to exclusion from your studies at NTNU and loss of the right to sit examinations at institutions under the Act, for up to one year.

Your rights
You have the right to comment before the case is decided. Please send your statement to [recipient and address] by [deadline]. You have the right to be assisted by a lawyer or another representative, and NTNU covers the costs at the state rates, cf. the Universities and University Colleges Act § 4-8 fifth paragraph. You have the right to access the case documents under the Public Administration Act § 18 et seq. If an expulsion decision is made, you can appeal it to the national appeals board (Felles klagenemnd).

Contact
Questions about the case may be directed to the case officer, ${case_officer_name}, [e-mail / telephone]. Please quote our reference.

Yours sincerely
${faculty}

${responsible_manager_name}
[position]

${case_officer_name}
Case officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Deviation case: preliminary reply (Forvaltningsloven § 11a)
    # ------------------------------------------------------------------
    "preliminary_reply": {
        "nb": {
            "title": "Foreløpig svar på avviksmelding – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}

${recipient_name}

FORELØPIG SVAR PÅ AVVIKSMELDINGEN DIN

Sak: ${case_title}
Kategori: ${category}
Mottatt: ${received}

Vi viser til avviksmeldingen din, som ${faculty} mottok ${received}. Meldingen er under behandling, og ${case_worker_name} er behandler i saken.

Fakultetet har som mål å følge opp avviksmeldinger innen fire uker, og fristen i din sak var satt til ${deadline}. Vi ser dessverre at vi ikke rekker å avslutte saken innen denne fristen. Når en henvendelse ikke kan besvares innen rimelig tid, skal den som har henvendt seg, få et foreløpig svar med begrunnelse, jf. forvaltningsloven § 11a. Dette brevet er et slikt svar.

Hvorfor saken tar lengre tid
[Begrunnelse, for eksempel at flere opplysninger må hentes inn, at saken må avklares med andre enheter, eller at den er sendt på høring.]

Når du kan vente svar
Vi regner med å avslutte saken innen ${new_deadline}. Blir det ytterligere forsinkelser, får du beskjed.

Du trenger ikke gjøre noe nå, og du kan følge statusen for saken i portalen. Har du nye opplysninger som kan ha betydning, eller spørsmål om behandlingen, kan du kontakte ${case_worker_name} på [e-post / telefon]. Oppgi vår referanse.

Med vennlig hilsen
${faculty}

${case_worker_name}
behandler
""",
        },
        "en": {
            "title": "Preliminary reply to your deviation report – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}

${recipient_name}

PRELIMINARY REPLY TO YOUR DEVIATION REPORT

Case: ${case_title}
Category: ${category}
Received: ${received}

We refer to your deviation report, which ${faculty} received on ${received}. The report is being processed, and ${case_worker_name} is the case worker.

The faculty aims to follow up deviation reports within four weeks, and the deadline in your case was set to ${deadline}. Unfortunately, we will not be able to conclude the case by that date. When an enquiry cannot be answered within a reasonable time, the person who made it is to receive a preliminary reply with the reasons, cf. the Public Administration Act (forvaltningsloven) § 11a. This letter is such a reply.

Why the case is taking longer
[Reason, for example that more information must be obtained, that the case must be clarified with other units, or that it has been sent for consultation.]

When you can expect an answer
We expect to conclude the case by ${new_deadline}. If there are further delays, we will let you know.

You do not need to do anything now, and you can follow the status of the case in the portal. If you have new information that may be relevant, or questions about the handling of the case, please contact ${case_worker_name} at [e-mail / telephone]. Please quote our reference.

Yours sincerely
${faculty}

${case_worker_name}
Case worker
""",
        },
    },
    # ------------------------------------------------------------------
    # Deviation case: rejection notice
    # ------------------------------------------------------------------
    "rejection_notice": {
        "nb": {
            "title": "Svar på avviksmelding – ikke behandlet som avvik – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}

${recipient_name}

AVVIKSMELDINGEN DIN BEHANDLES IKKE SOM AVVIK

Sak: ${case_title}
Kategori: ${category}
Mottatt: ${received}

Takk for at du meldte fra til ${faculty}. Fakultetets meldingsansvarlig har vurdert meldingen din og kommet til at den ikke skal behandles videre som et avvik.

Begrunnelse
${rejection_reason}

Hva regnes som avvik?
Et avvik er en svikt i kvaliteten på utdanningen eller i læringsmiljøet som ikke har latt seg løse gjennom de ordinære kanalene. Før et avvik meldes, skal saken være forsøkt tatt opp der den hører hjemme, for eksempel med faglærer, emneansvarlig, studieveileder eller studenttillitsvalgt, eller gjennom emneevalueringer.

Hva kan du gjøre nå?
Har du ikke allerede tatt opp saken gjennom disse kanalene, oppfordrer vi deg til å gjøre det. Gjelder saken mobbing, trakassering, seksuell trakassering eller andre alvorlige og kritikkverdige forhold, skal den meldes som varsel og ikke som avvik. [Hvis aktuelt: Meldingen din er derfor registrert som varslingssak og sendt til det sentrale varslingsmottaket, som følger den opp etter reglene for varslingssaker.]

Har du spørsmål om denne vurderingen, kan du kontakte fakultetet på [e-post / telefon]. Oppgi vår referanse.

Med vennlig hilsen
${faculty}

[navn]
meldingsansvarlig
""",
        },
        "en": {
            "title": "Reply to your deviation report – not handled as a deviation – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}

${recipient_name}

YOUR REPORT WILL NOT BE HANDLED AS A DEVIATION

Case: ${case_title}
Category: ${category}
Received: ${received}

Thank you for reporting to ${faculty}. The faculty's reception officer has assessed your report and concluded that it will not be processed further as a deviation.

Reasons
${rejection_reason}

What counts as a deviation?
A deviation is a failure in the quality of education or in the learning environment that could not be resolved through the ordinary channels. Before a deviation is reported, the matter should have been raised where it belongs, for example with the lecturer, the course coordinator, a student adviser or a student representative, or through course evaluations.

What can you do now?
If you have not already raised the matter through these channels, we encourage you to do so. If the matter concerns bullying, harassment, sexual harassment or other serious and censurable conditions, it must be submitted as a notification, not as a deviation. [If applicable: Your report has therefore been registered as a notification case and sent to the central notification reception, which will follow it up under the rules for notification cases.]

If you have questions about this assessment, please contact the faculty at [e-mail / telephone]. Please quote our reference.

Yours sincerely
${faculty}

[name]
Reception officer
""",
        },
    },
    # ------------------------------------------------------------------
    # Deviation case: closure notice
    # ------------------------------------------------------------------
    "closure_notice": {
        "nb": {
            "title": "Avviksmeldingen er ferdig behandlet – ${case_number}",
            "body": """Vår referanse: ${case_number}
Dato: ${date}

${recipient_name}

AVVIKSMELDINGEN DIN ER FERDIG BEHANDLET

Sak: ${case_title}
Kategori: ${category}
Mottatt: ${received}

Vi viser til avviksmeldingen din, som ${faculty} mottok ${received}. Saken er nå ferdig behandlet og lukket.

Avsluttende kommentar
${closing_comment}

Takk for at du meldte fra. Avviksmeldinger viser fakultetet hvor utdanningen og læringsmiljøet kan bli bedre, og gjør det mulig å sette inn tiltak som retter opp svikt og hindrer at den gjentar seg.

Mener du at forholdet ikke er rettet opp, eller oppstår det nye problemer, kan du ta det opp gjennom de ordinære kanalene eller sende en ny avviksmelding. Gjelder det alvorlige og kritikkverdige forhold som mobbing eller trakassering, skal du i stedet sende et varsel.

Har du spørsmål om behandlingen av saken, kan du kontakte ${case_worker_name} på [e-post / telefon]. Oppgi vår referanse.

Med vennlig hilsen
${faculty}

${case_worker_name}
behandler
""",
        },
        "en": {
            "title": "Your deviation report has been processed – ${case_number}",
            "body": """Our reference: ${case_number}
Date: ${date}

${recipient_name}

YOUR DEVIATION REPORT HAS BEEN PROCESSED

Case: ${case_title}
Category: ${category}
Received: ${received}

We refer to your deviation report, which ${faculty} received on ${received}. The case has now been processed and closed.

Closing comment
${closing_comment}

Thank you for reporting. Deviation reports show the faculty where education and the learning environment can be improved, and make it possible to put in place measures that correct failures and prevent them from happening again.

If you believe the matter has not been put right, or if new problems arise, you can raise it through the ordinary channels or submit a new deviation report. If it concerns serious and censurable conditions such as bullying or harassment, please submit a notification instead.

If you have questions about the handling of the case, please contact ${case_worker_name} at [e-mail / telephone]. Please quote our reference.

Yours sincerely
${faculty}

${case_worker_name}
Case worker
""",
        },
    },
}
