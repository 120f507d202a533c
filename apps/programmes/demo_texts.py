"""The best-practice texts of the 2021 pilot "Global Goals & lokale inclusie" (demo content, written
for this platform). Paragraphs are separated by an empty line."""

PILOT_TEXTS = {
    "GM0344": {
        "focus": "Mensen met een beperking: een toegankelijke stad",
        "goals": [10, 11, 3],
        "title": "Utrecht Toegankelijk: van inclusieagenda naar de wijk",
        "text": """Utrecht werkt sinds 2019 met een lokale inclusieagenda, als uitwerking van het VN-verdrag Handicap. In het pilotprogramma hebben we die agenda voor het eerst nadrukkelijk verbonden met de Global Goals. Dat bleek meer dan een nieuw etiket. Doel 10 (minder ongelijkheid) en doel 11 (duurzame steden) gaven ons een gemeenschappelijke taal om collega's van ruimtelijke ordening, werk en inkomen en zorg aan één tafel te krijgen.

We zijn begonnen met een eenvoudige vraag: waar lopen inwoners met een beperking in onze stad het vaakst tegenaan? Samen met de Utrechtse Cliëntenraad en het platform Onbeperkt Utrecht hebben we in vier wijken een schouw gehouden. Ervaringsdeskundigen liepen met beleidsmedewerkers en een wijkregisseur een vaste route: van de bushalte naar het wijkcentrum, de huisarts en de supermarkt. Wat opviel waren niet alleen de bekende drempels, zoals een te hoge stoeprand of een kapotte lift, maar ook onduidelijke bewegwijzering, formulieren die niemand begrijpt en loketten met openingstijden die niet passen bij wie afhankelijk is van vervoer.

De uitkomsten hebben we per Global Goal geordend. Zo werd zichtbaar dat één maatregel vaak aan meerdere doelen bijdraagt. Een toegankelijk wijkcentrum helpt mensen met een beperking, maar ook ouderen, ouders met een kinderwagen en mensen die de Nederlandse taal nog leren. Die bredere winst maakte het gesprek over budget makkelijker: de investering komt niet uit één potje, maar uit het programma waar de opbrengst terechtkomt.

Concreet heeft het pilotjaar drie dingen opgeleverd. Ten eerste een toets 'toegankelijk en inclusief' die we nu gebruiken bij elk nieuw project in de openbare ruimte. Die toets is kort: vijf vragen, ingevuld samen met een ervaringsdeskundige. Ten tweede hebben we onze brieven over bijzondere bijstand en de Wmo herschreven op taalniveau B1, getest met inwoners. Het aantal telefoontjes met vragen over die brieven daalde in het najaar met ongeveer een kwart. Ten derde is er een vaste groep van twaalf ervaringsdeskundigen die de gemeente betaald adviseert. Dat laatste vinden we misschien wel het belangrijkste: inclusie vraagt om mensen die er zelf iets over te zeggen hebben, niet om goede bedoelingen alleen.

Wat hebben we geleerd? Begin klein en concreet, in een wijk, met een route die iedereen kent. Zorg dat de resultaten bij de verantwoordelijke afdeling landen en niet alleen in een rapport. En gebruik de Global Goals als verbindend kader: de doelen helpen om te laten zien dat toegankelijkheid geen zorgonderwerp is, maar over de hele stad gaat.

Voor andere gemeenten: de schouwroute, de vijf vragen van de toets en onze B1-brieven delen we graag. Neem contact op met het team Inclusie van de gemeente Utrecht.""",
        "title_en": "Accessible Utrecht: from inclusion agenda to the neighbourhood",
        "text_en": """Since 2019 Utrecht has worked with a local inclusion agenda, implementing the UN Convention on the Rights of Persons with Disabilities. In the pilot programme we connected that agenda explicitly to the Global Goals for the first time. It turned out to be more than a new label. Goal 10 (reduced inequalities) and goal 11 (sustainable cities) gave us a shared language to bring colleagues from spatial planning, work and income and care to one table.

We started with a simple question: where do residents with a disability run into problems most often in our city? Together with the Utrecht client council and the platform Onbeperkt Utrecht we walked through four neighbourhoods. People with lived experience walked a fixed route with policy officers and a neighbourhood manager: from the bus stop to the community centre, the GP and the supermarket. What stood out were not only the familiar barriers, such as a high kerb or a broken lift, but also unclear signs, forms nobody understands and counters whose opening hours do not suit people who depend on transport.

We ordered the findings by Global Goal. This showed that one measure often contributes to several goals. An accessible community centre helps people with a disability, but also older people, parents with a pram and people who are still learning Dutch. That wider benefit made the conversation about budget easier: the investment does not come from one pot, but from the programme that gains from it.

The pilot year produced three concrete results. First, an 'accessible and inclusive' check that we now use for every new project in public space. It is short: five questions, answered together with someone with lived experience. Second, we rewrote our letters about special assistance and social support in plain language (level B1), tested with residents. Calls with questions about these letters fell by about a quarter in the autumn. Third, there is now a standing group of twelve experts by experience who advise the municipality and are paid for it. That may be the most important result: inclusion needs people who have a say themselves, not good intentions alone.

What did we learn? Start small and concrete, in one neighbourhood, with a route everyone knows. Make sure the results reach the department responsible, not only a report. And use the Global Goals as a connecting frame: they help to show that accessibility is not a care topic but concerns the whole city.

For other municipalities: we are happy to share the walking route, the five questions of the check and our plain-language letters. Contact the Inclusion team of the municipality of Utrecht.""",
    },
    "GM0828": {
        "focus": "Ouderen en digitale inclusie",
        "goals": [10, 4, 17],
        "title": "Oss digitaal voor iedereen: samen met de bibliotheek",
        "text": """Steeds meer contact met de overheid loopt via internet: een parkeervergunning, de aanvraag voor een tegemoetkoming, een afspraak voor een paspoort. In Oss hebben ongeveer achtduizend inwoners moeite met digitale vaardigheden. Een groot deel van hen is ouder dan vijfenzestig. Tijdens het pilotprogramma kozen we daarom voor digitale inclusie van ouderen als focus, gekoppeld aan doel 10 (minder ongelijkheid) en doel 4 (goed onderwijs, ook voor volwassenen).

Ons vertrekpunt was dat de gemeente dit niet alleen kan. De Bibliotheek Oss had al een Informatiepunt Digitale Overheid, de seniorenverenigingen organiseerden computercursussen en de welzijnsorganisatie kende de mensen die nergens op afkwamen. Iedereen deed iets, maar niemand had het overzicht. In de eerste bijeenkomst van het programma hoorden we hoe een andere deelnemer werkte met een vaste netwerktafel. Dat idee hebben we overgenomen.

Sinds mei 2021 komt de netwerktafel Digitaal Meedoen elke zes weken bij elkaar. Aan tafel zitten de bibliotheek, drie seniorenverenigingen, de welzijnsorganisatie, de ouderenadviseurs, de klantcontactafdeling van de gemeente en twee vrijwilligers die zelf pas op latere leeftijd digitaal zijn geworden. De gemeente is trekker en betaalt de ondersteuning, maar de agenda wordt samen gemaakt.

De netwerktafel heeft in korte tijd veel bereikt. Er is één telefoonnummer en één folder met alle hulp die er in Oss te vinden is, van spreekuur tot cursus. Medewerkers van het klantcontactcentrum verwijzen inwoners die vastlopen actief door naar het Informatiepunt, met een warme overdracht in plaats van een folder. In de kernen buiten de stad houden vrijwilligers spreekuren in het dorpshuis, omdat de bibliotheek voor veel ouderen te ver weg is. In het eerste halfjaar kwamen ruim vierhonderd inwoners naar een spreekuur of cursus.

Wat we ook leerden: digitale inclusie gaat niet alleen over vaardigheden, maar ook over vertrouwen. Veel ouderen zijn bang om fouten te maken of opgelicht te worden. Daarom besteden de cursussen nu ook aandacht aan veilig internetten, met voorbeelden van nepberichten die in de regio rondgingen. En we hebben afgesproken dat er altijd een niet-digitale weg blijft: wie niet online kan of wil, kan aan het loket of telefonisch terecht.

De Global Goals hielpen ons om het onderwerp breder te trekken dan een ICT-vraagstuk. Door het te verbinden met doel 10 werd zichtbaar dat het gaat om gelijke kansen om mee te doen. Dat maakte het ook voor de raad een herkenbaar onderwerp. Bij de begroting 2022 is de netwerktafel structureel gefinancierd.

Onze tip aan andere gemeenten: begin met in kaart brengen wie er al iets doet, en nodig ook inwoners zelf uit aan tafel. Zij weten het beste waar het misgaat.""",
        "title_en": "",
        "text_en": "",
    },
    "GM0268": {
        "focus": "Diversiteit: een inclusieve gemeentelijke organisatie",
        "goals": [5, 8, 10],
        "title": "Nijmegen begint bij zichzelf: inclusief werkgeverschap",
        "text": """Nijmegen wil een stad zijn waar iedereen mee kan doen. Tijdens het pilotprogramma stelden we onszelf een lastige vraag: doen we dat als werkgever ook? We kozen als focus diversiteit en inclusie in de eigen organisatie, met doel 5 (gendergelijkheid), doel 8 (waardig werk) en doel 10 (minder ongelijkheid) als kader.

De cijfers waren een eerste eyeopener. Ruim een kwart van de Nijmegenaren heeft een migratieachtergrond, maar in onze organisatie was dat ongeveer één op de acht, en in leidinggevende functies nog minder. Mensen met een arbeidsbeperking werkten vooral in tijdelijke functies. En hoewel meer dan de helft van de medewerkers vrouw is, bleef het aandeel vrouwen in de hoogste schalen achter.

We hebben niet gekozen voor een groot plan, maar voor vier concrete stappen die we in het programmajaar konden zetten. Eén: alle vacatureteksten gaan door een check op taal en eisen. Staat er 'uitstekende beheersing van de Nederlandse taal' terwijl de functie dat niet vraagt? Dan gaat het eruit. Twee: selectiecommissies zijn gemengd samengesteld en krijgen een korte training over onbewuste vooroordelen. Drie: we hebben twintig vaste plekken voor mensen met een arbeidsbeperking gecreëerd, met een jobcoach die de eerste twee jaar meegaat. Vier: er is een netwerk van medewerkers met een migratieachtergrond dat gevraagd en ongevraagd adviseert aan de directie.

De sessies van het programma hielpen ons om scherp te blijven. Vooral het gesprek met andere gemeenten over wat 'inclusie' eigenlijk betekent, was waardevol. Het gaat niet alleen om wie je binnenhaalt, maar ook om wie er blijft. Daarom voeren we nu exitgesprekken met iedereen die vertrekt, met een vraag over hoe welkom diegene zich voelde.

Resultaten na een jaar: het aandeel nieuwe medewerkers met een migratieachtergrond steeg van elf naar negentien procent, vijftien van de twintig plekken voor mensen met een arbeidsbeperking zijn ingevuld, en in de medewerkerspeiling gaf een groter deel van de collega's aan zich thuis te voelen in de organisatie. Ook het aandeel vrouwen in leidinggevende functies groeide, van drie op de tien naar bijna vier op de tien. We zijn er nog lang niet, maar de richting is duidelijk.

De Global Goals gaven het onderwerp urgentie en een internationale context. Het maakte duidelijk dat Nijmegen niet alleen staat: steden wereldwijd werken aan dezelfde doelen. Dat hielp om ook de directie en de ondernemingsraad mee te krijgen.

Onze les voor andere gemeenten: geloofwaardigheid begint bij de eigen organisatie. Wie inwoners vraagt om inclusief te zijn, moet laten zien dat het zelf ook lukt.""",
        "title_en": "Nijmegen starts with itself: inclusive employment",
        "text_en": """Nijmegen wants to be a city where everyone can take part. During the pilot programme we asked ourselves a difficult question: do we also do that as an employer? We chose diversity and inclusion in our own organisation as our focus, with goal 5 (gender equality), goal 8 (decent work) and goal 10 (reduced inequalities) as the frame.

The figures were a first eye-opener. More than a quarter of Nijmegen's residents have a migration background, but in our organisation it was about one in eight, and even fewer in management positions. People with an occupational disability mainly worked in temporary jobs. And although more than half of our staff are women, the share of women in the highest salary scales lagged behind.

We did not choose a big plan, but four concrete steps we could take within the programme year. One: every vacancy text is checked for language and requirements. Does it ask for 'excellent command of Dutch' when the job does not need it? Then it goes. Two: selection committees are mixed and receive a short training on unconscious bias. Three: we created twenty permanent positions for people with an occupational disability, with a job coach for the first two years. Four: a network of employees with a migration background advises the management board, when asked and when not.

The sessions of the programme helped us stay sharp. The conversation with other municipalities about what 'inclusion' actually means was especially valuable. It is not only about who you bring in, but also about who stays. That is why we now hold exit interviews with everyone who leaves, including a question about how welcome they felt.

Results after one year: the share of new employees with a migration background rose from eleven to nineteen per cent, fifteen of the twenty positions for people with an occupational disability have been filled, and in the staff survey more colleagues said they feel at home in the organisation. The share of women in management positions also grew, from three in ten to almost four in ten. We are far from finished, but the direction is clear.

The Global Goals gave the topic urgency and an international context. They made clear that Nijmegen is not alone: cities all over the world work on the same goals. That helped to bring the management board and the works council on board.

Our lesson for other municipalities: credibility starts with your own organisation. If you ask residents to be inclusive, show that you can do it yourself.""",
    },
    "GM0855": {
        "focus": "Nieuwkomers en statushouders: meedoen via werk en taal",
        "goals": [8, 10, 4, 16],
        "title": "Tilburg: nieuwkomers vanaf dag één aan het werk en in de wijk",
        "text": """In Tilburg wonen enkele duizenden statushouders: mensen met een verblijfsvergunning die hier een nieuw bestaan opbouwen. Voor de pilot kozen we deze groep als focus. De vraag die ons bezighield: hoe zorgen we dat nieuwkomers niet jaren aan de zijlijn staan, maar vanaf het begin meedoen? Doel 8 (waardig werk) en doel 10 (minder ongelijkheid) vormden ons kader, aangevuld met doel 4 voor taal en onderwijs en doel 16 voor een gemeente die vertrouwen verdient.

Uit gesprekken met nieuwkomers bleek dat de volgorde van de inburgering vaak knelt. Eerst de taal leren, dan pas werk: dat klinkt logisch, maar betekent in de praktijk dat mensen lang thuis zitten, hun vakkennis verliezen en weinig Nederlanders spreken. Daarom hebben we in het programmajaar een duaal traject opgezet: drie dagen per week taalles, twee dagen werkervaring bij een Tilburgse werkgever in de eigen sector.

We begonnen met dertig deelnemers en vijftien werkgevers uit de logistiek, de zorg, de techniek en de horeca. Elke deelnemer kreeg een maatje uit de wijk: een vrijwilliger die helpt met praktische vragen en samen Nederlands oefent. De taalscholen pasten hun lessen aan op de woorden die op de werkvloer nodig zijn. Werkgevers kregen een vast aanspreekpunt bij de gemeente, zodat vragen over regels en uitkeringen snel beantwoord werden.

Na een jaar hadden negentien van de dertig deelnemers een betaalde baan of een leerwerkplek, en de taalvorderingen waren gemiddeld beter dan in het gewone traject. Minstens zo belangrijk vinden we wat deelnemers zelf zeggen: ze voelen zich serieus genomen en hebben contacten opgedaan buiten hun eigen kring. Een van hen, een verpleegkundige uit Syrië, werkt nu als zorgassistent en studeert voor haar Nederlandse diploma.

Niet alles ging goed. Voor vrouwen met jonge kinderen was het traject moeilijk te combineren met de zorg thuis. We hebben daarom een variant met kinderopvang en kortere dagen ontwikkeld, die in 2022 start. Ook bleek de administratieve last voor kleine werkgevers groot; de gemeente neemt nu meer papierwerk over.

Het programma heeft ons geholpen om het onderwerp in een breder perspectief te zien. In een sessie hoorden we over een aanpak in de Duitse stad Mannheim, waar werkgevers en taalscholen al langer op deze manier samenwerken. Dat gaf ons vertrouwen dat we op de goede weg zitten. De Global Goals maakten bovendien zichtbaar dat integratie niet alleen een sociaal onderwerp is, maar ook gaat over economie en over een rechtvaardige samenleving.

Onze aanbeveling: durf de volgorde om te draaien en laat werk en taal samen opgaan. Zoek werkgevers die het aandurven en geef ze één vast aanspreekpunt.""",
        "title_en": "",
        "text_en": "",
    },
    "GM0014": {
        "focus": "Toegankelijke informatie: begrijpelijke taal voor alle inwoners",
        "goals": [16, 10, 4],
        "title": "Groningen schrijft voor iedereen: begrijpelijke overheidsinformatie",
        "text": """Ongeveer één op de vier Groningers vindt teksten van de gemeente moeilijk te begrijpen. Dat kan komen door laaggeletterdheid, door een licht verstandelijke beperking, omdat Nederlands niet iemands eerste taal is, of simpelweg omdat ambtelijke taal ingewikkeld is. Wie een brief niet begrijpt, mist een toeslag, betaalt een boete te laat of durft niet te bellen. Daarom kozen we in de pilot voor begrijpelijke informatie als focus. We verbonden dit met doel 16 (sterke, toegankelijke instellingen) en doel 10 (minder ongelijkheid).

In de eerste bijeenkomst van het programma vertelde een andere gemeente over het testen van brieven met inwoners. Dat idee sprak ons aan. We hebben een testpanel samengesteld van vijfentwintig inwoners, samen met het Taalhuis, een stichting voor mensen met een verstandelijke beperking en een organisatie van nieuwkomers. Panelleden krijgen een vergoeding en lezen nieuwe teksten voordat die de deur uitgaan.

We zijn begonnen bij de brieven die het vaakst worden verstuurd: de aanslag gemeentelijke belastingen, de brief over kwijtschelding, de uitnodiging voor het keukentafelgesprek in de Wmo en de informatie over afvalinzameling. Elke brief werd herschreven, getest met het panel en opnieuw aangepast. Soms ging het om kleine dingen, zoals een datum bovenaan in plaats van in de vierde alinea. Soms moest een brief helemaal anders, omdat inwoners niet begrepen wat de gemeente van hen wilde.

Daarnaast volgden ruim tweehonderd medewerkers een training helder schrijven. Die training gaat niet alleen over korte zinnen en gewone woorden, maar vooral over de lezer: wat wil die weten, en wat moet die doen? Teams kregen een eigen taalambassadeur die collega's helpt en voorbeelden verzamelt.

De resultaten zijn zichtbaar. Het aantal bezwaarschriften tegen de belastingaanslag daalde, net als het aantal telefoontjes met vragen over de kwijtscheldingsbrief. Panelleden zeggen dat ze de gemeente nu beter durven te benaderen. En medewerkers merken dat ze minder tijd kwijt zijn aan uitleg achteraf.

Wat we leerden: begrijpelijke taal is geen kwestie van een cursus en klaar. Het vraagt om blijvende aandacht, om inwoners die meelezen en om leidinggevenden die het belangrijk vinden. Ook digitale informatie verdient aandacht: onze website is nu ook getest met het panel, en formulieren worden stap voor stap vereenvoudigd.

De Global Goals hielpen ons om helder te maken waarom dit ertoe doet. Toegankelijke informatie is een voorwaarde voor gelijke kansen en voor vertrouwen in de overheid. Dat maakte het een onderwerp voor de hele organisatie, niet alleen voor de afdeling communicatie.

Onze tip: begin met de tien brieven die het vaakst worden verstuurd. Daar maak je het grootste verschil.""",
        "title_en": "",
        "text_en": "",
    },
}

GUIDE_INTRO_NL = """Hoe maak je de Global Goals concreet in je eigen gemeente? In 2021 gingen vijf gemeenten daarmee aan de slag in het pilotprogramma **Global Goals & lokale inclusie**, een samenwerking van de campagne Gemeenten4GlobalGoals en het VNG-programma Iedereen Doet Mee!. Tussen april en september kwamen ze vijf keer online bij elkaar. In de eerste bijeenkomst kozen ze elk een eigen focus: mensen met een beperking, een bevolkingsgroep of diversiteit.

Deze handreiking bundelt wat zij hebben gedaan en geleerd. Elk hoofdstuk is geschreven door de gemeente zelf en laat zien hoe lokale inclusie en de Global Goals elkaar versterken. De rode draad: begin concreet, betrek de mensen om wie het gaat, en gebruik de doelen om collega's en partners te verbinden.

## Voor wie

Voor beleidsmedewerkers, wethouders en raadsleden die inclusie willen versterken en daarvoor de Global Goals als kader willen gebruiken, in Nederland en daarbuiten.

## Hoe te gebruiken

Lees de hoofdstukken als voorbeelden, niet als recepten. Elke gemeente is anders. Neem contact op met de gemeenten zelf als u meer wilt weten: ze delen graag hun materiaal."""

GUIDE_INTRO_EN = """How do you make the Global Goals concrete in your own municipality? In 2021 five Dutch municipalities took up that question in the pilot programme **Global Goals & local inclusion**, a collaboration between the campaign Gemeenten4GlobalGoals and the VNG programme Iedereen Doet Mee! (Everyone Takes Part). Between April and September they met online five times. In the first session each chose its own focus: people with a disability, a population group, or diversity.

This guide brings together what they did and learned. Each chapter was written by the municipality itself and shows how local inclusion and the Global Goals reinforce each other. The common thread: start concretely, involve the people it is about, and use the goals to connect colleagues and partners.

## For whom

For policy officers, aldermen and council members who want to strengthen inclusion with the Global Goals as a frame, in the Netherlands and abroad. Chapters without an English translation are given in Dutch."""
