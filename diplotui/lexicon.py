"""Provides the word lists extraction reads: titles, countries, places, verbs, topics.

These are data, kept in one place so a reader can see and extend what diplotui knows.
Everything is lower case unless noted; matching folds case.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

# Office words that make a title. Multi-word titles are built from these plus the
# modifiers below ("Vice Foreign Minister", "Security Council Secretary").
TITLE_HEADS: frozenset[str] = frozenset(
    """
    president vice-president premier chancellor minister secretary ambassador envoy
    director chairman chairwoman chair chief spokesperson spokesman spokeswoman
    king queen prince princess emir sheikh sultan monarch pope cardinal
    governor mayor senator congressman congresswoman representative commissioner
    counsellor councillor counselor adviser advisor aide deputy undersecretary
    under-secretary administrator general admiral marshal commander head leader
    dictator ayatollah councilor diplomat consul attache negotiator coordinator
    officer speaker taoiseach charge counterpart
    colonel major captain lieutenant sergeant brigadier commodore gen lt col maj capt
    cmdr adm sgt brig ceo chairperson sen rep gov amb pres journalist moderator
    interviewer correspondent host presenter reporter
    """.split()
)

# Words that may stand before or inside a title ("Vice", "Foreign", "Security Council").
TITLE_MODIFIERS: frozenset[str] = frozenset(
    """
    vice deputy first second acting former assistant senior special chief prime foreign
    defence defense finance interior trade commerce economy economic energy security
    national state council general executive permanent presidential principal crown
    grand supreme high top lead external home justice culture health education
    agriculture environment climate labor labour transport industry information
    commission affairs party central committee office the of and for to on in 's
    political military standing deputy-prime under assistant-secretary united nations
    policy relations intelligence cooperation development treasury
    ministry department cabinet federal european international foreign-affairs europe
    staff joint army navy naval armed forces police
    """.split()
)

# Titles written short with a full stop that stand right before a name: "Gen. Ellis".
ABBREVIATED_TITLES: frozenset[str] = frozenset(
    "mr mrs ms dr prof gen lt col maj capt cmdr adm sgt brig sen rep gov amb hon rev pres".split()
)

# Honorifics: "Mr. Wang", "Dr. Tedros".
HONORIFICS: frozenset[str] = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. sir dame madam madame mme mme. m. herr prof prof. hon rev".split()
)

# Capitalised words that never begin or make up a person's name in this genre.
NOT_NAME_WORDS: frozenset[str] = frozenset(
    """
    the a an this that these those in on at of for with by from to and or but as if
    mount mt lake river sea ocean gulf strait island islands bay mountains desert
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow
    according following during after before while although though when where since
    ministry department council commission committee office organization organisation
    agency times post news journal daily herald tribune guardian telegraph press
    television tv radio kremlin palace house hall square street avenue government
    parliament congress senate assembly union party republic kingdom federation
    university institute center centre foundation bank fund forum summit treaty
    east west north south northern southern eastern western central
    he she they we i it his her their our its you your
    global world international national european asian african american
    mr mrs ms dr sir
    also however meanwhile still yet so then there here earlier later afterwards
    people peoples
    separately elsewhere instead indeed moreover furthermore nevertheless
    chinese russian american british french german indian japanese ukrainian
    both all each every now thus why what how which who whom whose let please thank
    thanks welcome dear good well yes no not only just first second third finally next
    friends colleagues ladies gentlemen excellency excellencies majesty highness
    meeting meetings talks remarks statement conference visit bilateral trilateral readout
    """.split()
)

# Words of a state's formal name: "President of the Republic of Chile", "Emir of the
# State of Qatar". They continue a title but name nobody.
STATE_NAME_WORDS: frozenset[str] = frozenset(
    """
    republic federation kingdom democratic people's peoples islamic arab united federal
    socialist state states emirates commonwealth bolivarian federative plurinational
    principality sultanate grand duchy union
    """.split()
)

# Capitalised words of NOT_NAME_WORDS that are also surnames when a title stands right
# before them: "Prime Minister May", "Secretary Young", "Ambassador Rice".
SURNAME_WORDS: frozenset[str] = frozenset("may june august".split())

# Organisations and outlets (lower case, as written after folding). Not people.
ORGANISATIONS: frozenset[str] = frozenset(
    name.strip()
    for name in """
    un|united nations|un security council|security council|brics|sco|
    shanghai cooperation organization|shanghai cooperation organisation|g20|g7|g-20|g-7|
    nato|eu|european union|asean|african union|opec|wto|imf|world bank|who|iaea|osce|
    apec|arab league|gulf cooperation council|kremlin|white house|state department|
    foreign ministry|pentagon|xinhua|tass|ria novosti|reuters|associated press|ap|afp|
    bloomberg|global times|people's daily|cgtn|rt|sputnik|bbc|cnn|al jazeera|
    new york times|washington post|financial times|wall street journal|the guardian|
    kyodo|yonhap|interfax|dpa|anadolu|kremlin transcript
    """.replace("\n", "").split("|")
    if name.strip()
)

# International bodies whose officials' country is the body (the annotation convention:
# "EU foreign policy chief", "UN Secretary-General", "Secretary General of NATO").
# Acronyms count in capitals only ("WHO", not the word "who"), but for those some styles
# write as words ("Nato", "Asean", "Opec").
INTERNATIONAL_BODIES: dict[str, str] = {
    "eu": "European Union",
    "european union": "European Union",
    "european commission": "European Union",
    "european council": "European Union",
    "un": "United Nations",
    "united nations": "United Nations",
    "nato": "NATO",
    "african union": "African Union",
    "asean": "ASEAN",
    "osce": "OSCE",
    "iaea": "IAEA",
    "who": "WHO",
    "world health organization": "WHO",
    "imf": "IMF",
    "international monetary fund": "IMF",
    "world bank": "World Bank",
    "wto": "WTO",
    "opec": "OPEC",
    "oecd": "OECD",
    "arab league": "Arab League",
    "gulf cooperation council": "Gulf Cooperation Council",
}
BODIES_WRITTEN_AS_WORDS: frozenset[str] = frozenset({"nato", "asean", "opec"})

# Words that mark a capitalised phrase as the name of an outlet or organisation.
ORGANISATION_HEADS: frozenset[str] = frozenset(
    """
    times post news journal daily herald tribune agency ministry department council
    commission committee organization organisation union party bank fund institute
    university foundation forum association office service press television radio
    network gazette review telegraph guardian observer mirror express chronicle
    watch group alliance coalition initiative program programme corporation company
    council centre center bureau authority tribunal court commission agency
    """.split()
)

# Country names and their adjectives. Keys are folded forms; values the country name.
COUNTRIES: dict[str, str] = {}
_COUNTRY_ROWS = """
China|Chinese|PRC|People's Republic of China|CPC|CCP|Beijing
Russia|Russian|Russian Federation|Moscow
United States|American|U.S.|US|USA|U.S.A.|America|Washington
Ukraine|Ukrainian|Kyiv|Kiev
United Kingdom|British|UK|U.K.|Britain|London
France|French|Paris
Germany|German|Berlin
India|Indian|New Delhi
Japan|Japanese|Tokyo
South Korea|South Korean|Republic of Korea|Seoul
North Korea|North Korean|DPRK|Pyongyang
Iran|Iranian|Tehran
Israel|Israeli|Jerusalem
Turkey|Turkish|Türkiye|Turkiye|Ankara
Saudi Arabia|Saudi|Riyadh
United Arab Emirates|Emirati|UAE|Abu Dhabi
Qatar|Qatari|Doha
Egypt|Egyptian|Cairo
Brazil|Brazilian|Brasilia|Brasília
South Africa|South African|Pretoria
Pakistan|Pakistani|Islamabad
Indonesia|Indonesian|Jakarta
Italy|Italian|Rome
Spain|Spanish|Madrid
Canada|Canadian|Ottawa
Australia|Australian|Canberra
Mexico|Mexican|Mexico City
Poland|Polish|Warsaw
Belarus|Belarusian|Minsk
Kazakhstan|Kazakh|Astana
Vietnam|Vietnamese|Hanoi
Philippines|Philippine|Filipino|Manila
Hungary|Hungarian|Budapest
Serbia|Serbian|Belgrade
Syria|Syrian|Damascus
Iraq|Iraqi|Baghdad
Afghanistan|Afghan|Kabul
Venezuela|Venezuelan|Caracas
Cuba|Cuban|Havana
Argentina|Argentine|Argentinian|Buenos Aires
Nigeria|Nigerian|Abuja
Ethiopia|Ethiopian|Addis Ababa
Kenya|Kenyan|Nairobi
Singapore|Singaporean
Malaysia|Malaysian|Kuala Lumpur
Thailand|Thai|Bangkok
Mongolia|Mongolian|Ulaanbaatar
Taiwan|Taiwanese|Taipei
Switzerland|Swiss|Bern|Geneva
Austria|Austrian|Vienna
Netherlands|Dutch|The Hague|Amsterdam
Belgium|Belgian|Brussels
Sweden|Swedish|Stockholm
Norway|Norwegian|Oslo
Finland|Finnish|Helsinki
Denmark|Danish|Copenhagen
Greece|Greek|Athens
Portugal|Portuguese|Lisbon
Ireland|Irish|Dublin
Armenia|Armenian|Yerevan
Azerbaijan|Azerbaijani|Baku
Georgia|Georgian|Tbilisi
Uzbekistan|Uzbek|Tashkent
Jordan|Jordanian|Amman
Lebanon|Lebanese|Beirut
Oman|Omani|Muscat
Lithuania|Lithuanian|Vilnius
Latvia|Latvian|Riga
Estonia|Estonian|Tallinn
Czech Republic|Czech|Czechia|Prague
Slovakia|Slovak|Bratislava
Romania|Romanian|Bucharest
Bulgaria|Bulgarian|Sofia
Croatia|Croatian|Zagreb
Moldova|Moldovan|Chisinau
Peru|Peruvian|Lima
Chile|Chilean|Santiago
Colombia|Colombian|Bogotá
Sri Lanka|Sri Lankan|Colombo
Bangladesh|Bangladeshi|Dhaka
Nepal|Nepali|Nepalese|Kathmandu
Cambodia|Cambodian|Phnom Penh
Myanmar|Myanmar's|Burmese|Burma|Naypyidaw
New Zealand|New Zealander|Wellington
Kyrgyzstan|Kyrgyz|Bishkek
Tajikistan|Tajik|Dushanbe
Turkmenistan|Turkmen|Ashgabat
Kuwait|Kuwaiti|Kuwait City
Bahrain|Bahraini|Manama
Yemen|Yemeni|Sanaa
Libya|Libyan|Tripoli
Tunisia|Tunisian|Tunis
Sudan|Sudanese|Khartoum
Senegal|Senegalese|Dakar
Ghana|Ghanaian|Accra
Angola|Angolan|Luanda
Palestine|Palestinian|Ramallah
Algeria|Algerian|Algiers
Morocco|Moroccan|Rabat
Tanzania|Tanzanian
Uganda|Ugandan
Rwanda|Rwandan
Burundi|Burundian
Zambia|Zambian
Zimbabwe|Zimbabwean
Mozambique|Mozambican
Malawi|Malawian
Namibia|Namibian
Botswana|Botswanan
Lesotho|Basotho
Eswatini|Swazi|Swaziland
Madagascar|Malagasy
Mauritius|Mauritian
Comoros|Comorian
Seychelles|Seychellois
Somalia|Somali
Eritrea|Eritrean
Djibouti|Djiboutian
South Sudan|South Sudanese
Cameroon|Cameroonian
Côte d'Ivoire|Ivorian|Ivory Coast|Cote d'Ivoire
Mali|Malian
Niger|Nigerien
Burkina Faso|Burkinabe|Burkinabè
Guinea|Guinean
Guinea-Bissau|Bissau-Guinean
Equatorial Guinea|Equatoguinean
Sierra Leone|Sierra Leonean
Liberia|Liberian
Gambia|Gambian
Togo|Togolese
Benin|Beninese
Gabon|Gabonese
Mauritania|Mauritanian
Cabo Verde|Cape Verdean|Cape Verde
Laos|Laotian
Brunei|Bruneian|Brunei Darussalam
Timor-Leste|Timorese|East Timor|East Timorese
Papua New Guinea|Papua New Guinean
Fiji|Fijian
Samoa|Samoan
Tonga|Tongan
Solomon Islands|Solomon Islander
Vanuatu|Ni-Vanuatu
Maldives|Maldivian
Bhutan|Bhutanese
Bolivia|Bolivian
Ecuador|Ecuadorian|Ecuadorean
Paraguay|Paraguayan
Uruguay|Uruguayan
Panama|Panamanian
Costa Rica|Costa Rican
Guatemala|Guatemalan
Honduras|Honduran
El Salvador|Salvadoran|Salvadorean
Nicaragua|Nicaraguan
Dominican Republic|Dominican
Haiti|Haitian
Jamaica|Jamaican
Trinidad and Tobago|Trinidadian
Barbados|Barbadian
Bahamas|Bahamian
Guyana|Guyanese
Suriname|Surinamese
Belize|Belizean
Iceland|Icelandic|Icelander
Malta|Maltese
Cyprus|Cypriot
Slovenia|Slovenian|Slovene
Bosnia and Herzegovina|Bosnian|Bosnia
Montenegro|Montenegrin
North Macedonia|North Macedonian|Macedonian
Albania|Albanian
Kosovo|Kosovar|Kosovan
Luxembourg|Luxembourgish
Monaco|Monegasque|Monégasque
Andorra|Andorran
""".strip()
CAPITALS: dict[str, str] = {}
# Country names proper (not adjectives): what a place can be.
COUNTRY_NAMES: set[str] = set()


def _key(name: str) -> str:
    """Lexicon keys are folded like text is at look-up: lower case, no accents."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    if decomposed.isascii():  # no accent to take off (most names: the gazetteer's 28,000 at import)
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


for _row in _COUNTRY_ROWS.splitlines():
    _names = _row.split("|")
    for _n in _names:
        COUNTRIES[_key(_n)] = _names[0]
        COUNTRIES[_key(_n).rstrip(".")] = _names[0]
        if _n is _names[0]:
            COUNTRY_NAMES.add(_key(_n))
# A country whose name is also a first name ("Chad Wolf"): its adjective alone.
COUNTRIES["chadian"] = "Chad"
# Cities (lower case) to their country; the capitals above plus common venues.
_CITY_ROWS = """
Moscow|Russia
St. Petersburg|Russia
Saint Petersburg|Russia
Sochi|Russia
Beijing|China
Shanghai|China
Xi'an|China
Washington|United States
New York|United States
Kyiv|Ukraine
Kiev|Ukraine
London|United Kingdom
Paris|France
Berlin|Germany
Munich|Germany
New Delhi|India
Delhi|India
Tokyo|Japan
Seoul|South Korea
Pyongyang|North Korea
Tehran|Iran
Jerusalem|Israel
Tel Aviv|Israel
Ankara|Turkey
Istanbul|Turkey
Riyadh|Saudi Arabia
Jeddah|Saudi Arabia
Abu Dhabi|United Arab Emirates
Dubai|United Arab Emirates
Doha|Qatar
Cairo|Egypt
Brasilia|Brazil
Brasília|Brazil
Pretoria|South Africa
Johannesburg|South Africa
Islamabad|Pakistan
Jakarta|Indonesia
Bali|Indonesia
Rome|Italy
Madrid|Spain
Ottawa|Canada
Canberra|Australia
Mexico City|Mexico
Warsaw|Poland
Minsk|Belarus
Astana|Kazakhstan
Hanoi|Vietnam
Manila|Philippines
Budapest|Hungary
Belgrade|Serbia
Damascus|Syria
Baghdad|Iraq
Kabul|Afghanistan
Caracas|Venezuela
Havana|Cuba
Buenos Aires|Argentina
Abuja|Nigeria
Addis Ababa|Ethiopia
Nairobi|Kenya
Singapore|Singapore
Kuala Lumpur|Malaysia
Bangkok|Thailand
Ulaanbaatar|Mongolia
Taipei|Taiwan
Geneva|Switzerland
Davos|Switzerland
Bern|Switzerland
Vienna|Austria
The Hague|Netherlands
Amsterdam|Netherlands
Brussels|Belgium
Stockholm|Sweden
Oslo|Norway
Helsinki|Finland
Copenhagen|Denmark
Athens|Greece
Lisbon|Portugal
Dublin|Ireland
Yerevan|Armenia
Baku|Azerbaijan
Tbilisi|Georgia
Tashkent|Uzbekistan
Samarkand|Uzbekistan
Amman|Jordan
Beirut|Lebanon
Muscat|Oman
Algiers|Algeria
Rabat|Morocco
Camp David|United States
Hiroshima|Japan
Osaka|Japan
Vladivostok|Russia
Hangzhou|China
Bishkek|Kyrgyzstan
Dushanbe|Tajikistan
Ashgabat|Turkmenistan
Antalya|Turkey
Sharm el-Sheikh|Egypt
Kazan|Russia
Nur-Sultan|Kazakhstan
Brisbane|Australia
Sydney|Australia
Chicago|United States
San Francisco|United States
Los Angeles|United States
Anchorage|United States
Halifax|Canada
Montreal|Canada
Toronto|Canada
Mumbai|India
Goa|India
Hamburg|Germany
Frankfurt|Germany
Milan|Italy
Barcelona|Spain
Marseille|France
Edinburgh|United Kingdom
Kraków|Poland
Krakow|Poland
Vilnius|Lithuania
Riga|Latvia
Tallinn|Estonia
Prague|Czech Republic
Bratislava|Slovakia
Bucharest|Romania
Sofia|Bulgaria
Zagreb|Croatia
Ljubljana|Slovenia
Chisinau|Moldova
Lima|Peru
Santiago|Chile
Bogotá|Colombia
Bogota|Colombia
Montevideo|Uruguay
Luanda|Angola
Kinshasa|DR Congo
Dakar|Senegal
Accra|Ghana
Kampala|Uganda
Dar es Salaam|Tanzania
Khartoum|Sudan
Tripoli|Libya
Tunis|Tunisia
Sanaa|Yemen
Manama|Bahrain
Kuwait City|Kuwait
Colombo|Sri Lanka
Dhaka|Bangladesh
Kathmandu|Nepal
Phnom Penh|Cambodia
Vientiane|Laos
Naypyidaw|Myanmar
Wellington|New Zealand
Hong Kong|China
Macau|China
Gaza|Palestine
Ramallah|Palestine
Lhasa|China
Urumqi|China
Kharkiv|Ukraine
Odesa|Ukraine
Lviv|Ukraine
Donetsk|Ukraine
Mariupol|Ukraine
Aleppo|Syria
Mosul|Iraq
Erbil|Iraq
Kandahar|Afghanistan
Karachi|Pakistan
Lahore|Pakistan
Bengaluru|India
Chennai|India
Kolkata|India
Shenzhen|China
Guangzhou|China
Tianjin|China
Chengdu|China
Wuhan|China
Yokohama|Japan
Kyoto|Japan
Busan|South Korea
Panmunjom|South Korea
Jeju|South Korea
Rio de Janeiro|Brazil
Sao Paulo|Brazil
São Paulo|Brazil
Cape Town|South Africa
Durban|South Africa
Marrakech|Morocco
Casablanca|Morocco
Alexandria|Egypt
Manama|Bahrain
Ljubljana|Slovenia
Strasbourg|France
Luxembourg|Luxembourg
Valletta|Malta
Nicosia|Cyprus
Reykjavik|Iceland
""".strip()
for _row in _CITY_ROWS.splitlines():
    _city, _country = _row.split("|")
    CAPITALS[_key(_city)] = _country

# The gazetteer (diplotui/data/gazetteer.tsv, made by assets/make_gazetteer.py from
# GeoNames and ISO 3166): every country's names, and cities of 50,000 people or more.
# Cities are places only (CITIES): unlike the capitals above, a city's name does not stop
# a word from being a person's name ("Hamilton", "Victoria", "Florence"). Country names
# that are common given names are left out, or "Chad Wolf" would lose his first name.
CITIES: dict[str, str] = {}
_GAZETTEER_SKIP = frozenset({"chad", "jersey", "guernsey", "man"})


def _load_gazetteer() -> None:
    path = Path(__file__).resolve().parent / "data" / "gazetteer.tsv"
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    # Canonical country names are ours where we have them ("Russia", not "Russian Federation").
    canonical: dict[str, str] = {}
    for _, name, country in (r for r in rows if len(r) == 3 and r[0] == "country"):
        canonical[country] = COUNTRIES.get(_key(name)) or canonical.get(country) or country
    for _, name, country in (r for r in rows if len(r) == 3 and r[0] == "country"):
        key = _key(name)
        if key in _GAZETTEER_SKIP or key in COUNTRIES:
            continue
        COUNTRIES[key] = canonical[country]
        COUNTRY_NAMES.add(key)
        COUNTRY_NAMES.add(_key(canonical[country]))
    for _, name, country in (r for r in rows if len(r) == 3 and r[0] == "city"):
        key = _key(name)
        if key in COUNTRIES or key in NOT_NAME_WORDS or key in TITLE_HEADS or key in TITLE_MODIFIERS:
            continue
        CITIES.setdefault(key, canonical.get(country, country))
    for key, country in CAPITALS.items():
        CITIES[key] = country


_load_gazetteer()

# Buildings and venues that stand for a city.
VENUES: dict[str, str] = {
    "the kremlin": "Moscow",
    "kremlin": "Moscow",
    "the white house": "Washington",
    "white house": "Washington",
    "the elysee palace": "Paris",
    "elysee palace": "Paris",
    "zhongnanhai": "Beijing",
    "the great hall of the people": "Beijing",
    "great hall of the people": "Beijing",
    "diaoyutai state guesthouse": "Beijing",
    "downing street": "London",
    "10 downing street": "London",
    "the chancellery": "Berlin",
    "the pentagon": "Washington",
    "foggy bottom": "Washington",
    "novo-ogaryovo": "Moscow",
    "the blue house": "Seoul",
    "the un headquarters": "New York",
    "oval office": "Washington",
    "the oval office": "Washington",
    "east room": "Washington",
    "the east room": "Washington",
    "roosevelt room": "Washington",
    "cabinet room": "Washington",
    "rose garden": "Washington",
    "state dining room": "Washington",
    "south lawn": "Washington",
    "state department": "Washington",
    "the state department": "Washington",
    "number 10": "London",
    "tower of london": "London",
    "the tower of london": "London",
    "mansion house": "London",
    "blair house": "Washington",
    "camp david": "Washington",
    "lancaster house": "London",
    "chequers": "London",
    "the beehive": "Wellington",
    "parliament house": "Canberra",
    "the lodge": "Canberra",
    "elysee": "Paris",
    "quai d'orsay": "Paris",
    "the kantei": "Tokyo",
    "kantei": "Tokyo",
}

# Verbs that introduce speech, direct or reported. Forms as they appear in text.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    said says say saying told tells added adds stressed stresses emphasized emphasised
    emphasizes emphasises underscored underscores underlined noted notes pointed
    insisted insists warned warns declared declares stated states announced announces
    explained explains argued argues asserted asserts affirmed reaffirmed urged urges
    called remarked observed commented acknowledged admitted conceded suggested
    replied responded answered expressed expresses highlighted highlights reiterated
    reiterates claimed claims wrote writes recalled recalls praised assured promised
    vowed pledged described noting adding stressing saying emphasizing emphasising
    underscoring warning urging calling describing telling
    """.split()
)

# Speech verbs that need "that" or a quote to introduce reported speech on their own.
REPORTING_VERBS_THAT: frozenset[str] = frozenset(
    """
    said says told stressed emphasized emphasised underscored underlined noted pointed
    insisted warned declared stated announced explained argued asserted affirmed
    reaffirmed acknowledged admitted conceded suggested replied added claimed
    recalled assured promised reiterated
    """.split()
)

# Pronouns that can stand for a speaker.
SPEAKER_PRONOUNS: frozenset[str] = frozenset({"he", "she"})

# Meeting language. Each entry: rule name, phrase (regex fragment, matched without
# regard to case) and the event kind it reports. The rule names are the `event.*`
# rules of the extractor (see diplotui/extract/rules.py).
MEETING_PATTERNS: tuple[tuple[str, str, str], ...] = (
    (
        "event.held_talks",
        r"(?:held|hold|holds|holding|had|have|has|conducted|conducts)\s+(?:[\w-]+\s+){0,3}?"
        r"(?:talks|discussions|consultations|negotiations|dialogue)",
        "talks",
    ),
    ("event.talks_with", r"(?:talks|discussions|consultations|negotiations)\s+with", "talks"),
    ("event.phone_call", r"(?:phone|telephone)\s+(?:call|conversation|talks)", "call"),
    (
        "event.spoke_by_phone",
        r"(?:spoke|speaks|talked|talks)\s+(?:by|over the|on the)\s+(?:phone|telephone)",
        "call",
    ),
    ("event.video_call", r"video\s+(?:call|conference|link|talks|summit)", "call"),
    (
        "event.between",
        r"(?:talks|meeting|meetings|consultations|negotiations|discussions|summit)\s+between",
        "meeting",
    ),
    (
        "event.sidelines",
        r"(?:met|meet|meets|spoke|talked|held\s+talks|conferred)\s+on\s+the\s+sidelines",
        "meeting",
    ),
    (
        "event.press_conference",
        r"(?:joint\s+)(?:press|news)\s+(?:conference|availability)\s+(?:with\b)?",
        "meeting",
    ),
    ("event.met", r"(?:met|meets|meet|meeting|meetings)\s+(?:with\b)?", "meeting"),
    (
        "event.bilateral",
        r"(?:held|hold|holds|holding|had|have|has)\s+(?:a\s+|an\s+)?(?:bilateral|trilateral)(?:\s+with\b)?",
        "meeting",
    ),
    (
        "event.called_on",
        r"(?:called|calls|call|calling)\s+on\b|(?:paid|pays|pay|paying)\s+(?:a\s+)?courtesy\s+call\s+on\b",
        "meeting",
    ),
    (
        "event.hosted",
        r"(?:received|receives|receive|hosted|hosts|host|welcomed|welcomes|welcome|welcoming)\b",
        "meeting",
    ),
    ("event.summit", r"summit", "summit"),
    ("event.visit", r"(?:visited|visits|visiting|visit|trip|tour)\b", "visit"),
    ("event.sat_down", r"(?:sat|sit|sits)\s+down\b", "meeting"),
    ("event.spoke_with", r"(?:spoke|speaks|talked|talks)\s+(?:[\w-]+\s+){0,2}?with", "call"),
)

# Words before a meeting word that make it background, not news: "last met in June",
# "building on the leaders' meeting in May", "their previous talks".
BACKGROUND_MARKERS: tuple[str, ...] = (
    r"\blast\b",
    r"\bprevious(?:ly)?\b",
    r"\bprior\b",
    r"\bearlier\s+(?:this|last)\s+(?:year|month)\b",
    r"\bbuilding\s+on\b",
    r"\bfollowing\s+up\s+on\b",
    r"\brecall(?:ed|ing|s)?\b",
    r"\bsince\s+(?:their|the|our|his|her)\b",
    r"\bfirst\s+time\s+since\b",
    r"\bhave\s+not\s+met\s+for\b",
)

# Words that make a meeting a wish or an offer, not an event: "hopes to meet",
# "invited him to visit".
WISH_MARKERS: tuple[str, ...] = (
    r"\bhope[sd]?\b",
    r"\bhoping\b",
    r"\blook(?:s|ed|ing)?\s+forward\s+to\b",
    r"\binvit(?:ed|es|e|ing|ation)\b",
    r"\bwish(?:es|ed)?\s+to\b",
    r"\bwould\s+(?:like|love)\s+to\b",
    r"\bready\s+to\b",
    r"\bwilling\s+to\b",
    r"\bif\b",
)

# Words that make a list of counterparts one meeting whatever else the text reports:
# "hosted A and B for a trilateral meeting".
TOGETHER_MARKERS: tuple[str, ...] = (
    r"\b(?:tri|quadri|multi)lateral\b",
    r"\b(?:three|four|five)-(?:way|party|nation)\b",
    r"\b2\s*\+\s*2\b",
    r"\bjoint\b",
    r"\btogether\b",
)

# Words after a list of meetings that say each counterpart was met apart: "In his
# meetings, …", "met separately with".
SEPARATE_MARKERS: tuple[str, ...] = (
    r"\bseparate(?:ly)?\b",
    r"\brespective\b",
    r"\bin\s+(?:his|her|their|these|the|those)\s+(?:separate\s+|bilateral\s+|individual\s+)?meetings\b",
    r"\bin\s+each\s+(?:meeting|of\s+the\s+meetings)\b",
    r"\bone-on-one\s+meetings\b",
    r"\ball\s+(?:the\s+|his\s+|her\s+|their\s+|these\s+)?(?:discussions|meetings|talks)\b",
)

# Words about a transcript's heading or opening that make it a meeting: "Beginning of
# the meeting with …", "Remarks … before bilateral meeting", "Start of talks".
TRANSCRIPT_MEETING_WORDS = (
    r"\b(?:meeting|meetings|talks|bilateral|trilateral|visit|press\s+conference|news\s+conference|"
    r"press\s+availability|dinner|lunch|breakfast|reception|welcom\w*|summit|consultations|"
    r"conversation|negotiations)\b"
)

# …and words that make it something else: a call or an interview.
TRANSCRIPT_CALL_WORDS = r"\b(?:telephone|phone|video)\b"
TRANSCRIPT_NOT_MEETING_WORDS = r"\b(?:interview|briefing|podcast|q\s*&\s*a)\b"

# Words that make an event a future or expected one.
PLANNED_MARKERS: tuple[str, ...] = (
    r"\bwill\b",
    r"\bwould\b",
    r"\bis expected\b",
    r"\bare expected\b",
    r"\bexpects\b",
    r"\bexpecting\b",
    r"\bplans? to\b",
    r"\bplanned\b",
    r"\bis scheduled\b",
    r"\bare scheduled\b",
    r"\bis set to\b",
    r"\bare set to\b",
    r"\bis due to\b",
    r"\bupcoming\b",
    r"\bforthcoming\b",
    r"\bis to\b",
    r"\bare to\b",
    r"\bnext (?:week|month|year)\b",
    r"\bagree(?:d|s|ment)?\s+to\b",
    r"\bsoon\b",
    r"\blater this\b",
)

# Topic lexicon: label -> keywords and phrases (folded). Extend freely.
TOPICS: dict[str, tuple[str, ...]] = {
    "Ukraine crisis": (
        "ukraine",
        "ukrainian",
        "kyiv",
        "kiev",
        "donbas",
        "donbass",
        "crimea",
        "zelensky",
        "zelenskyy",
        "special military operation",
    ),
    "Bilateral relations": (
        "bilateral",
        "relations",
        "relationship",
        "strategic partnership",
        "strategic cooperation",
        "comprehensive partnership",
        "mutual trust",
    ),
    "Trade and economy": (
        "trade",
        "economic",
        "economy",
        "investment",
        "tariff",
        "tariffs",
        "exports",
        "imports",
        "supply chain",
        "market",
        "currency",
    ),
    "Energy": ("energy", "oil", "gas", "pipeline", "lng", "nuclear power", "opec"),
    "Security and defence": (
        "security",
        "defence",
        "defense",
        "military",
        "missile",
        "troops",
        "weapons",
        "arms",
        "nato",
        "army",
    ),
    "Sanctions": ("sanction", "sanctions", "embargo", "export controls"),
    "Nuclear": ("nuclear", "non-proliferation", "enrichment", "iaea", "warhead"),
    "Taiwan": ("taiwan", "taipei", "taiwan strait"),
    "Climate": ("climate", "emissions", "carbon", "global warming", "cop28", "cop29"),
    "Multilateral bodies": (
        "united nations",
        "un security council",
        "brics",
        "shanghai cooperation",
        "sco",
        "g20",
        "g7",
        "asean",
        "apec",
        "wto",
        "african union",
    ),
    "Peace and negotiation": (
        "peace",
        "ceasefire",
        "cease-fire",
        "political settlement",
        "negotiation",
        "negotiations",
        "dialogue",
        "peace talks",
        "mediation",
    ),
    "Humanitarian": ("humanitarian", "refugees", "aid", "famine", "civilians"),
    "Middle East": ("gaza", "israel", "palestinian", "iran", "syria", "yemen", "lebanon"),
    "Korean Peninsula": ("north korea", "dprk", "korean peninsula", "pyongyang"),
    "Multipolar world order": (
        "multipolar",
        "multipolarity",
        "world order",
        "hegemony",
        "unilateralism",
        "democratization of international relations",
    ),
    "Health": ("pandemic", "covid", "vaccine", "health"),
    "Technology": (
        "technology",
        "semiconductor",
        "semiconductors",
        "artificial intelligence",
        "cyber",
        "5g",
    ),
}

# Whole lines of scraped pages that are not content (matched after folding).
BOILERPLATE_LINES: tuple[str, ...] = (
    r"skip to (?:main )?content",
    r"skip to navigation",
    r"share(?: this(?: article| story| page)?)?(?: on \w+)?",
    r"(?:share|tweet|email|print|whatsapp|facebook|twitter|linkedin|reddit|telegram)"
    r"(?:\s*[|·•/]\s*(?:share|tweet|email|print|whatsapp|facebook|twitter|linkedin|reddit|"
    r"telegram))*",
    r"advertisement",
    r"(?:accept|reject|manage) (?:all )?cookies.*",
    r"we use cookies.*",
    r"this (?:web)?site uses cookies.*",
    r"cookie (?:policy|settings|preferences).*",
    r"subscribe(?: now| to our newsletter| for more)?",
    r"sign up for (?:our|the) newsletter.*",
    r"read more:?",
    r"related(?: articles| stories| news)?:?",
    r"follow us on .*",
    r"all rights reserved\.?",
    r"click here.*",
    r"menu",
    r"search",
    r"log ?in|sign ?in|register",
    r"copyright .*",
    r"© .*",
)

# Family names written first (Chinese, Korean, Vietnamese): "Wang Yi" is "Wang" for short.
FAMILY_NAME_FIRST: frozenset[str] = frozenset(
    """
    wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo
    zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai
    jiang yu du ye cheng wei su lu ding ren shen yao xi qin fu fan kong mao bai cui
    kang meng qian qiu tan hou shi jin wen hua lai gu yan xia lei long duan hao
    kim park lee choi jung kang cho yoon jang lim shin moon yoo ahn oh seo hwang
    nguyen tran le pham hoang phan vu vo dang bui do ngo duong ly
    """.split()
)

# Words that stand for a role without naming anyone: "the Russian leader".
ROLE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "leader": (
        "president",
        "premier",
        "prime minister",
        "chancellor",
        "king",
        "emir",
        "chairman",
        "leader",
        "supreme leader",
    ),
    "top diplomat": (
        "foreign minister",
        "foreign affairs",
        "secretary of state",
        "foreign secretary",
        "diplomat",
    ),
    "foreign minister": (
        "foreign minister",
        "minister of foreign affairs",
        "foreign secretary",
        "secretary of state",
    ),
    "head of state": ("president", "king", "queen", "emir", "head of state"),
}

# Labels that open a transcript turn without naming a person.
ANONYMOUS_SPEAKERS: frozenset[str] = frozenset(
    "q a question answer moderator participant reporter journalist audience voice interpreter "
    "operator host unidentified questioner".split()
)

# Particles that may stand inside a name ("Mohammed bin Salman", "Ursula von der Leyen").
NAME_PARTICLES: frozenset[str] = frozenset(
    "bin ibn al el de da dos das du van von der den la le di del della ben abu".split()
)

# US states and territories: "Tampa, Florida" is Tampa; "Florida" alone is no city.
US_STATES: frozenset[str] = frozenset(
    state.strip()
    for state in """
    alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|georgia|
    hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|
    michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|
    new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|
    rhode island|south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|
    west virginia|wisconsin|wyoming|d.c.|dc|district of columbia|puerto rico|guam
    """.split("|")
)

# Generational suffixes after a surname: "Carl R. Hansen III", "Robert T. Ellis Jr.".
NAME_SUFFIXES: frozenset[str] = frozenset("jr jr. sr sr. ii iii iv".split())

# Letters after a name that are not part of it: "The Hon Marcus Reid MP", "Jane Doe KC".
POST_NOMINALS: frozenset[str] = frozenset(
    "mp mla mep mhk mpp msp ms qc kc obe cbe mbe kbe dbe gcmg kcmg cmg ac ao am frs".split()
)

# Short forms of given names, folded: "Bill Carter" is "William J. Carter".
NICKNAMES: dict[str, str] = {
    short: full
    for full, shorts in {
        "william": "bill billy will",
        "robert": "bob bobby rob",
        "james": "jim jimmy jamie",
        "thomas": "tom tommy",
        "michael": "mike mick",
        "richard": "dick rick rich",
        "joseph": "joe",
        "charles": "chuck charlie",
        "edward": "ted ed eddie",
        "elizabeth": "liz beth betsy",
        "catherine": "kate cathy",
        "david": "dave",
        "daniel": "dan danny",
        "stephen": "steve",
        "andrew": "andy",
        "benjamin": "ben",
        "nicholas": "nick",
        "alexander": "alex",
        "samuel": "sam",
        "peter": "pete",
        "ronald": "ron",
        "donald": "don",
        "jeffrey": "jeff",
        "gregory": "greg",
        "matthew": "matt",
        "christopher": "chris",
        "timothy": "tim",
        "jonathan": "jon",
        "patrick": "pat",
        "anthony": "tony",
        "lawrence": "larry",
        "gerald": "jerry",
        "kenneth": "ken",
        "frederick": "fred",
        "margaret": "maggie peggy",
        "jennifer": "jen jenny",
        "rebecca": "becky",
        "susan": "sue",
        "deborah": "deb debbie",
    }.items()
    for short in shorts.split()
}

# Verbs right after a full name that make it a person: "Ana Lima met …", "… hosted".
ACTION_VERBS: frozenset[str] = frozenset(
    """
    met meets held holds hosted hosts received receives visited visits spoke speaks told
    tells thanked welcomed urged warned
    """.split()
)

# Verbs right before a full name that make it whom someone met: "met Wang Yi".
MEETING_OBJECT_VERBS: frozenset[str] = frozenset(
    "met meets meet meeting received receives hosted hosts welcomed phoned called".split()
)

# Nouns and verbs followed by "with" before whom someone met: "talks with Wang Yi".
MEETING_WITH_WORDS: frozenset[str] = frozenset(
    "talks discussions consultations call conversation spoke meeting met".split()
)

# Speech verbs that make a full name next to them a person: "Ana Lima said", "said Ana Lima".
NAME_SPEECH_VERBS: frozenset[str] = frozenset("said says told added".split())

# Verbs that show a phrase after a name is a clause, not the name's title.
CLAUSE_VERBS: frozenset[str] = frozenset(
    """
    said says was is has had met meets held holds visited visits told spoke received hosted
    will would arrived left signed
    """.split()
)

# Words right before a meeting word that deny it: "has not met", "cancelled the visit".
NEGATION_MARKERS: tuple[str, ...] = (
    "not",
    "never",
    "no longer",
    "n't",
    "refused to",
    "declined to",
    "cancelled",
    "canceled",
    "called off",
    "postponed",
    "without",
)

# "the two leaders", "both ministers", "all three sides": a group named earlier.
GROUP_QUANTIFIERS: tuple[str, ...] = ("the two", "both", "the three", "the four", "all three", "all four")
GROUP_NOUNS: tuple[str, ...] = (
    "leaders",
    "presidents",
    "ministers",
    "sides",
    "men",
    "women",
    "diplomats",
    "heads of state",
    "officials",
    "counterparts",
    "premiers",
)
# …followed by one of these, the group met: "the two leaders spoke by phone".
GROUP_MEETING_VERBS: frozenset[str] = frozenset(
    "met meet meets held hold holds had have spoke speak talked sat conferred".split()
)

# Role references that stand for a person the text names: "the Russian President",
# "China's top diplomat", "the Foreign Secretary". Heads, and words that may come first.
ROLE_HEADS: tuple[str, ...] = (
    "president",
    "premier",
    "minister",
    "chancellor",
    "leader",
    "diplomat",
    "secretary",
    "ambassador",
    "envoy",
    "king",
    "emir",
    "chairman",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "head of state",
)
ROLE_PREFIXES: tuple[str, ...] = ("vice", "deputy", "foreign", "prime", "top", "defence", "defense")
