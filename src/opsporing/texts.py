"""Every Danish string a user reads, in one catalogue so wording is reviewed in one place.

Sections follow the package's rooms. Strings with `{placeholders}` are filled
with `str.format` where they are used.
"""

from datetime import date

KIT_NAME = "Opsporing"
KIT_TAGLINE = "Træningskit i tidlig opsporing af omsorgssvigt hos børn på 6-12 år"

# --- Content errors (opsporing.content) -----------------------------------------------

ERR_TOO_LARGE = "filen er for stor ({mb:.1f} MB); en indholdsfil må højst fylde 1 MB"
ERR_NOT_UTF8 = "filen er ikke gemt som UTF-8; gem den igen som UTF-8 (æ, ø og å)"
ERR_EMPTY = "filen er tom"
ERR_YAML = (
    "ugyldig YAML; tjek indrykningen og sæt anførselstegn om tekst med : ? # eller {{ }} "
    "(YAML siger: {problem})"
)
ERR_YAML_ANCHOR = (
    "YAML-ankre (&{name}) bruges ikke i indholdsfiler; skriv værdien ud, hvor den skal stå"
)
ERR_YAML_ALIAS = (
    "YAML-henvisninger (*{name}) bruges ikke i indholdsfiler; skriv værdien ud, hvor den skal stå"
)
ERR_YAML_MERGE = "YAML-fletning (<<) bruges ikke i indholdsfiler; skriv felterne ud"
ERR_YAML_TOO_MANY = "filen har for mange værdier (mere end {n}); del indholdet op i flere filer"
ERR_YAML_TOO_DEEP = "filen er indlejret for dybt (mere end {n} niveauer)"
ERR_DUPLICATE_KEY = "feltet '{key}' står to gange"
ERR_MISSING = "feltet mangler"
ERR_UNKNOWN_FIELD = "ukendt felt (stavefejl?)"
ERR_UNKNOWN_KIND = "ukendt spørgsmålstype '{value}' (tilladt: {allowed})"
ERR_NOT_ALLOWED = "'{value}' er ikke tilladt (tilladt: {allowed})"
ERR_DATE = "'{value}' er ikke en gyldig dato; skriv den som ÅÅÅÅ-MM-DD"
ERR_URL = "'{value}' er ikke en gyldig webadresse; den skal begynde med https://"
ERR_INT = "'{value}' er ikke et helt tal"
ERR_TEXT = "'{value}' skal være tekst"
ERR_LIST = "skal være en liste (linjer, der begynder med '- ')"
ERR_MAPPING = "skal være en gruppe af felter (felt: værdi)"
ERR_BOOL = "'{value}' skal være true eller false"
ERR_TOO_FEW = "skal have mindst {n}"
ERR_TOO_MANY = "må højst have {n}"
ERR_ID = "'{value}' er ikke et gyldigt id; brug små bogstaver a-z, tal og bindestreg"
ERR_RANGE = "'{value}' er uden for det tilladte interval"
ERR_INVALID = "ugyldig værdi ({detail})"
ERR_MISSING_SOURCE = "en bekræftet oplysning skal have en kilde (eller bekræftet: false)"
ERR_MISSING_CHECKED = "en bekræftet oplysning skal have datoen for seneste tjek (ÅÅÅÅ-MM-DD)"
ERR_UNVERIFIED_WITHOUT_POINTER = (
    "en ubekræftet oplysning skal sige, hvor man kan tjekke den (se_her eller kilde)"
)
ERR_VERIFIED_FILM_WITHOUT_TITLE = "en bekræftet film skal have sin titel"
ERR_UNVERIFIED_FILM_WITH_TITLE = (
    "en ubekræftet film må ikke have en titel; skriv den først, når den er bekræftet"
)
ERR_VERIFIED_FILM_WITH_LABEL = (
    "en bekræftet film har sin titel; 'betegnelse' er kun til film uden bekræftet titel"
)
ERR_SCALE_ORDER = "skalaens 'til' skal være større end 'fra'"
ERR_DUPLICATE_OPTION = "det samme valg står to gange"
ERR_CHOICE_WITHOUT_KEY = (
    "valget '{value}' mangler facit: skriv det som felter med tekst, vurdering "
    "(forsvarlig, risikabel eller forkert), begrundelse og kilde"
)
ERR_MISSING_KEY_FIELD = (
    "feltet mangler; hvert valg skal have vurdering (forsvarlig, risikabel eller forkert), "
    "begrundelse og kilde"
)
ERR_MISSING_VERDICT = (
    ERR_MISSING_KEY_FIELD + "; er spørgsmålet en refleksion uden facit, så skriv "
    "'refleksion: true' på spørgsmålet"
)
ERR_REFLECTION_WITH_VERDICT = (
    "et refleksionsspørgsmål (refleksion: true) har intet facit; fjern vurdering her, "
    "eller fjern 'refleksion: true', hvis spørgsmålet har et rigtigt svar"
)
ERR_MISSING_CHOICES = (
    "feltet mangler; spørgsmålet skal liste sine valg, hvert med tekst, vurdering, "
    "begrundelse og kilde"
)
ERR_CONTACT_WITHOUT_SOURCE = "et telefonnummer eller en webadresse kræver kilde og tjekket-dato"
ERR_DUPLICATE_ID = "id '{id}' er brugt før ({first})"
ERR_UNKNOWN_FILM = "der findes ingen film med id '{id}'"
ERR_UNKNOWN_SERVICE = "der findes ingen tjeneste med id '{id}'"
ERR_UNKNOWN_LAW = "der findes ingen lovhenvisning med id '{id}'"
ERR_UNKNOWN_MUNICIPALITY = "der findes ingen kommune med kode {code}"
ERR_UNKNOWN_FILE = "ukendt indholdsfil; forventede en af: {expected}"
ERR_MISSING_FILE = "filen mangler"
ERR_NO_CONTENT_DIR = (
    "kan ikke finde indholdsmapperne films/, exercises/ og services/ i '{root}'; "
    "angiv mappen med --content eller OPSPORING_CONTENT"
)

# --- Command line (opsporing.cli) ------------------------------------------------------

CLI_DESCRIPTION = f"{KIT_NAME}: {KIT_TAGLINE}."
CLI_VALIDATE_HELP = "Tjek alt indhold (film, cases, spørgsmål, tjenester)"
CLI_SCHEMA_HELP = "Skriv JSON Schema for hver slags indholdsfil (til editorens autoudfyldning)"
CLI_CONTENT_HELP = "Mappen med films/, exercises/ og services/"
CLI_OUT_HELP = "Mappen, der skal skrives til"
CLI_VALIDATE_OK = (
    "Alt indhold er gyldigt: {films} film, {vignettes} cases, {questions} spørgsmål, "
    "{services} tjenester, {municipalities} kommuner."
)
CLI_VALIDATE_FAILED = "{n} fejl i indholdet."
CLI_WROTE = "Skrev {path}"
OUT_EMPTY = "angiv en sti"
OUT_IS_FOLDER = "{path} er en mappe; angiv et filnavn, fx {path}/hold.csv"
OUT_IS_FILE = "{path} er en fil; angiv en mappe"
OUT_UNDER_FILE = "{path} kan ikke ligge i {file}, for det er en fil og ikke en mappe"
OUT_NO_FOLDER = "mappen {folder} findes ikke; opret den først, eller vælg en anden sti end {path}"
OUT_NOT_WRITABLE = "der er ikke skriveadgang til {folder}; vælg en anden sti end {path}"
OUT_WRITE_FAILED = "kunne ikke skrive {path}: {problem}. Intet er skrevet; prøv en anden mappe."
CLI_PORT_INVALID = "'{value}' er ikke et portnummer; brug et tal fra 1 til 65535, fx 8866"
CLI_NUMBER_INVALID = "'{value}' skal være et helt tal fra {low} til {high}"

ARGPARSE = {
    "usage: ": "brug: ",
    "positional arguments": "kommandoer og argumenter",
    "options": "valgmuligheder",
    "show this help message and exit": "vis denne hjælp og afslut",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "expected one argument": "forventede én værdi",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydigt valg: %(option)s kan betyde %(matches)s"
    ),
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
}
"""argparse's own messages in Danish; anything not listed stays as argparse words it."""

# --- Store (opsporing.store) ------------------------------------------------------------

STORE_NEWER_SCHEMA = (
    "databasen er lavet af en nyere version af kittet (skemaversion {found}); opdatér kittet"
)
STORE_BUSY = "databasen er optaget lige nu; prøv igen om et øjeblik"
STORE_AWAY = "kittets server svarer ikke lige nu; prøv igen om et øjeblik"
STORE_PIN_TOO_SHORT = "PIN-koden skal have mindst 6 tegn (fx 6 cifre eller en kort sætning)"
STORE_HOLD_EXISTS = "holdkoden {code} er allerede i brug"
STORE_HOLD_UNKNOWN = "der findes intet hold med koden {code}; tjek koden hos underviseren"
STORE_PSEUDONYM_MISSING = "skriv et kaldenavn (dit rigtige navn er ikke nødvendigt)"
STORE_HOLD_EXPIRED = (
    "hold {code} er afsluttet og bliver slettet med alle svar; der kan ikke komme nye "
    "deltagere med. Spørg underviseren om koden til et nyt hold"
)
STORE_HOLD_END_PAST = "holdets slutdato skal ligge efter i dag"
STORE_HOLD_END_TOO_LATE = (
    "holdets slutdato må højst ligge {n} dage fremme: svarene gemmes ikke længere end nødvendigt"
)
STORAGE_NOT_A_FOLDER = (
    "datamappen {path} er en fil, ikke en mappe; sæt {env} til en mappe, eller flyt filen"
)
STORAGE_CANNOT_MAKE = (
    "datamappen {path} kan ikke oprettes ({problem}); sæt {env} til en mappe, du kan skrive i"
)
STORAGE_NOT_WRITABLE = (
    "der kan ikke skrives i datamappen {path} ({problem}); giv skriveadgang, eller sæt {env} "
    "til en anden mappe"
)
STORAGE_FULL = (
    "der er kun {free} MB fri plads ved datamappen {path}; der skal være mindst {need} MB, "
    "så svarene kan gemmes. Ryd op på disken, eller vælg en anden datamappe"
)
STORAGE_DB_NOT_A_FILE = "databasen {path} er ikke en fil; flyt den til side, så laves en ny"
STORAGE_DB_DAMAGED = (
    "databasen {path} er beskadiget og kan ikke bruges ({problem}). Den er ikke ændret. "
    "Flyt den til side (fx til opsporing-beskadiget.sqlite), så laves en ny, tom database; "
    "gem den gamle, hvis svarene i den skal reddes (fx med sqlite3-programmets .recover)"
)
STORAGE_DB_UNREACHABLE = "databasen i {env} svarer ikke ({problem}); tjek adressen og serveren"
STORAGE_DB_FAILED = (
    "databasen kunne ikke læses eller skrives ({problem}); tjek datamappen med 'opsporing serve', "
    "der siger, hvad der er galt"
)
STORE_PSEUDONYM_TOO_LONG = "kaldenavnet er for langt; brug højst {n} tegn"
STORE_HOLD_NAME_TOO_LONG = "holdets navn er for langt; brug højst {n} tegn"
STORE_ANSWER_TOO_LONG = (
    "Svaret er for langt til at blive gemt (højst {n} tegn); gør det kortere, så gemmes det."
)

# --- Serving (opsporing.serve, the Voila template opsporing) ---------------------------

SERVE_HELP = "Start kittet som websider (Voila) på denne computer"
SERVE_PORT_HELP = "Porten, serveren lytter på (standard {port})"
SERVE_NO_BROWSER_HELP = "Åbn ikke browseren ved start"
SERVE_LAN_HELP = (
    "Lad deltagerne komme med over lokalnetværket: lyt på alle netværkskort, "
    "beskyttet af en adgangsnøgle i adressen"
)
SERVE_PARTICIPANTS_HELP = (
    "Hvor mange deltagere rummet er til: så mange kerner holdes varme, før de kommer "
    "(standard {n}; 0 slår forvarmning fra)"
)
SERVE_WARM = "Klar til {n} deltagere."
ROOM_FULL_TITLE = "Der er fuldt"
ROOM_FULL = (
    "Der er fuldt – prøv igen om lidt. Siden prøver selv igen om et øjeblik; "
    "sig det til underviseren, hvis det bliver ved."
)
TOO_MANY_PAGES_TITLE = "Et øjeblik"
TOO_MANY_PAGES = (
    "Siden er åbnet mange gange på kort tid i denne browser. Den åbner selv om {seconds} "
    "sekunder. Luk gerne de faneblade med kittet, du ikke bruger."
)
SERVE_IDLE_HELP = "Sekunder, en side uden åben browser beholder sin kerne (standard {seconds})"
SERVE_PORT_BUSY = "Port {port} er optaget (kører kittet allerede?); vælg en anden med --port"
SERVE_NO_NOTEBOOKS = "kan ikke finde siderne (notebooks/) i '{root}'"
SERVE_STARTING = "Starter kittet …"
SERVE_RUNNING = "Kittet er klar på {url}"
SERVE_LOG = "Serverens log (på engelsk) skrives i {path}"
SERVE_STOPPED = "Kittet er stoppet. Svarene er gemt."
SERVE_JOIN = "Deltagerne åbner: {url}"
SERVE_JOIN_HINT = (
    "Adressen indeholder adgangsnøglen; den vises også som QR-kode på underviser-siden."
)
SERVE_STOP_HINT = "Stop serveren med Ctrl+C."
SERVE_PAGE_ERROR = (
    "Siden kunne ikke vises. Genindlæs siden; sker det igen, så sig det til underviseren."
)
"""Follows Voila's own (English) line when a page's code fails; the trainer's log has details."""
PAGE_FAILED_TITLE = "Siden kunne ikke starte"
PAGE_FAILED = (
    "Serveren kunne ikke gøre din side klar. Det er ikke din fejl, og intet af det, du har "
    "gemt, er tabt. Siden prøver selv igen om {seconds} sekunder; sig det til underviseren, "
    "hvis det bliver ved."
)
PAGE_FAILED_RETRY = "Prøv igen nu"
SERVE_PAGE_TIMEOUT = "Siden var for længe om at blive klar. Genindlæs siden."
TEMPLATE_TEXTS = {
    "loading": "Siden gøres klar …",
    "progress": "Siden gøres klar … ({i} af {n})",
    "skip_link": "Spring til indholdet",
    "noscript": "Siden kræver JavaScript. Slå det til i browseren for at fortsætte.",
    "kit": KIT_NAME,
    "tagline": KIT_TAGLINE,
    "footer": (
        f"{KIT_NAME} er et åbent træningskit. Casene er opdigtede; oplysninger om love, film "
        "og telefonnumre har en kilde og en dato."
    ),
    "footer_sources": "Kilder og kildekode",
    "footer_accessibility": "Tilgængelighedserklæring",
}
"""Read by our Voila template through Voila's template resources."""

# --- Widgets and pages (opsporing.widgets, opsporing.pages) ----------------------------

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
DATE = "{day}. {month} {year}"


def danish_date(day: date) -> str:
    """`23. november 2026`: how a date is written on a Danish page or handout."""
    return DATE.format(day=day.day, month=MONTHS[day.month - 1], year=day.year)


QUESTION_NOT_ANSWERED = "Ikke besvaret endnu"
QUESTION_SAVING = "Gemmer …"
QUESTION_SAVED = "Gemt"
QUESTION_SAVE_FAILED = "Kunne ikke gemme; dit svar står her stadig. Prøv igen om lidt."
QUESTION_JOIN_FIRST = "Deltag på startsiden, så kan du svare"
CONNECTION = {
    "lost": (
        "Forbindelsen til kittet er afbrudt. Det, du skriver og vælger nu, gemmes i denne "
        "browser og sendes, så snart forbindelsen er tilbage. Kommer den ikke inden for et "
        "minut, så genindlæs siden: intet af det, du har svaret, går tabt."
    ),
    "reload": "Genindlæs siden",
    "back": "Forbindelsen er tilbage, og dine svar bliver gemt.",
    "kept": "Ikke gemt endnu: svaret venter i din browser på forbindelsen",
}
"""The page's alert when its kernel stops answering (`widgets/connection.js`)."""
QUESTION_FREE_TEXT_PLACEHOLDER = "Skriv dit svar her"
QUESTION_SHARE = "Del anonymt med holdet"
QUESTION_SHARE_HELP = (
    "Underviseren kan vise teksten i plenum uden dit navn. Uden flueben ser kun du den."
)
QUESTION_MULTIPLE_HINT = "Sæt flueben ved alle, der passer."
QUESTION_ACTION_HINT = "Sæt flueben ved de næste skridt, du ville tage."
TRAFFIC_LIGHT_WORD = {"grøn": "Grøn", "gul": "Gul", "rød": "Rød"}
TOPI_MEANING = {"grøn": "trives", "gul": "bekymring", "rød": "stærk bekymring"}
"""TOPI's own words for its three positions, used when a question gives none."""

NAV_LABEL = "Sider i kittet"
NAV_START = "Start"
NAV_FILMS = "Temafilm"
NAV_CASES = "Cases"
NAV_HELP = "Hjælp og kontakter"
NAV_HANDOUT = "Dine svar på papir"
IDENTITY = "Du deltager som {pseudonym} på hold {code}."
IDENTITY_ALONE = "Du arbejder alene som {pseudonym}."
NOT_JOINED = "Du er ikke med endnu: deltag på startsiden, så bliver dine svar gemt."
OLD_LINK = (
    "Du åbnede et gammelt personligt link. Et link åbner ikke længere nogens svar, så ingen "
    "kan læse dine ved at få dit link. Dine svar er ikke væk: vælg dig selv under "
    "'Velkommen tilbage', eller skriv dit kaldenavn og din returkode på startsiden."
)
BROWSER_NOT_RECOGNISED = (
    "Kittet kunne ikke genkende denne browser, så du er ikke logget ind som nogen. Dine svar "
    "er ikke væk: skriv dit kaldenavn og din returkode på startsiden."
)
CONTENT_FAILED = "Kittets indhold kunne ikke indlæses. Kør 'opsporing validate' for at se fejlene."
NEW_TAB = "(åbner i en ny fane)"
UNVERIFIED = "ikke bekræftet"
UNVERIFIED_TITLE = "titel ikke bekræftet"
CHECK_HERE = "tjek her"
CHECKED_ON = "tjekket {date}"
PROGRESS_COUNT = "{answered} af {total} spørgsmål besvaret"
FILTER_ALL = "Alle"

START_TITLE = "Velkommen til Opsporing"
START_INTRO = (
    "Her arbejder du med **tidlig opsporing af omsorgssvigt hos børn på 6-12 år**. "
    "Du ser Børnerådets temafilm *Rettidig omsorg*, arbejder med opdigtede cases trin for "
    "trin og finder ud af, hvem du kan kontakte hvornår.\n\n"
    "Dine svar gemmes, mens du skriver, så du kan fortsætte, hvor du slap."
)
JOIN_HEADING = "Deltag"
JOIN_HELP = (
    "Har du fået en holdkode af underviseren, så skriv den og et kaldenavn. "
    "Uden holdkode arbejder du alene, og dine svar deles ikke med nogen."
)
JOIN_CODE = "Holdkode"
JOIN_CODE_PLACEHOLDER = "fx K7M2P (fra underviseren)"
JOIN_PSEUDONYM = "Kaldenavn"
JOIN_PSEUDONYM_PLACEHOLDER = "dit rigtige navn er ikke nødvendigt"
JOIN_BUTTON = "Deltag i holdet"
JOIN_ALONE = "Arbejd alene"
JOIN_CODE_MISSING = "Skriv holdkoden fra underviseren, eller vælg 'Arbejd alene'."
JOINED = (
    "Du er med. Denne browser husker dig, også hvis du lukker siden; på en anden computer "
    "eller telefon bruger du dit kaldenavn og din returkode."
)
SWITCH_HEADING = "Skift deltager"
SWITCH_HELP = (
    "Skal en anden bruge denne computer? Tryk på knappen. Dine svar bliver gemt, og du kan "
    "fortsætte som dig selv bagefter."
)
SWITCH_BUTTON = "Skift deltager"
SWITCHED = "Ingen deltager er valgt i denne browser nu. Dine svar er gemt."
JOINED_NEXT = "Gå videre til temafilmene"
PROGRESS_HEADING = "Hvor langt er du?"
PROGRESS_FILMS = "Temafilm"
PROGRESS_CASES = "Cases"
DELETE_HEADING = "Slet mine svar"
DELETE_HELP = "Du kan altid slette alt, hvad du har svaret. Det kan ikke fortrydes."
DELETE_BUTTON = "Slet mine svar"
DELETE_CONFIRM = "Er du sikker? Alle dine svar slettes for altid."
DELETE_YES = "Ja, slet alt"
DELETE_NO = "Fortryd"
DELETED = "Dine svar er slettet. Du kan deltage igen med et kaldenavn."

FILMS_TITLE = "Temafilm"
FILMS_INTRO = (
    "Vælg en film, se den, og svar på refleksionsspørgsmålene. "
    "Filmene ligger hos {publisher}; linket åbner i en ny fane."
)
FILTER_THEME = "Tema"
FILTER_PROFESSION = "Fag"
FILTER_GROUP = "Hvem fortæller"
GROUP_WORDS = {"ung": "En ung ser tilbage", "fagperson": "En fagperson fortæller"}
FILMS_SHOWN = "{shown} af {total} film vises"
FILM_UNTITLED = "{label} (titlen er ikke bekræftet)"
FILM_UNTITLED_FALLBACK = "Film med {who}"
FILM_WHO_YOUNG = "en ung"
FILM_WHO_PROFESSIONAL = "en fagperson"
FILM_WHO_PROFESSION = "en {profession}"
FILM_WATCH = "Se filmen hos {publisher}"
FILM_SERIES_PAGE = "Find filmen på {publisher}s oversigt"
FILM_VIDEO = "Filmen afspilles her fra kittets egen kopi"
FILM_PEOPLE = "Medvirkende: {people}"
FILM_THEMES = "Temaer: {themes}"
FILM_QUESTIONS = "Refleksion"
FILM_OPEN = "Åbn refleksionsspørgsmålene ({n})"

CASES_TITLE = "Cases"
CASES_INTRO = (
    "Vælg en case. Du får den et trin ad gangen: når du har svaret på alle spørgsmål "
    "i et trin, ser du et fagligt perspektiv og det næste trin."
)
CASE_PICK = "Vælg case"
CASE_PICK_NONE = "vælg en case"
CASE_META = "{age} år · {setting}"
STAGE_HEADING = "Trin {number}: {title}"
PERSPECTIVE_HEADING = "Fagligt perspektiv"
STAGE_LOCKED = "Svar på spørgsmålene ovenfor for at se det faglige perspektiv og gå videre."
CASE_DONE = "Du har været hele casen igennem."
CASE_SEE_ALSO = "Se også"
CASE_LAW = "Lovgrundlag"

HELP_TITLE = "Hjælp og kontakter"
HELP_INTRO = (
    "Find ud af, hvem du eller barnet kan kontakte. Oplysninger, vi ikke har kunnet "
    "bekræfte, står som ikke bekræftet med et link, hvor du selv kan tjekke dem."
)
SEARCH = "Søg"
SEARCH_PLACEHOLDER = "fx chat, forælder, vold"
FILTER_TARGET = "Målgruppe"
FILTER_CHANNEL = "Kanal"
FILTER_AGE = "Barnets alder"
AGE_YEARS = "{age} år"
SERVICES_HEADING = "Rådgivning og støtte"
SERVICES_SHOWN = "{shown} af {total} tilbud vises"
SERVICE_RUN_BY = "Drives af {name}"
SERVICE_FOR = "For: {groups}"
SERVICE_AGES = "Alder: {low}-{high} år"
SERVICE_AGES_FROM = "Alder: fra {low} år"
SERVICE_AGES_TO = "Alder: op til {high} år"
SERVICE_CHANNELS = "Kanaler: {channels}"
DETAIL_WORDS = {
    "telefon": "Telefon",
    "sms": "SMS",
    "e-mail": "E-mail",
    "web": "Hjemmeside",
    "åbningstider": "Åbningstider",
}
MUNICIPALITY_HEADING = "Barnets kommune"
MUNICIPALITY_HELP = (
    "En underretning sendes til barnets bopælskommune: den kommune, barnet bor i. Det er ikke "
    "altid den kommune, du arbejder i. Vælg barnets kommune for at se dens side om "
    "underretning og dens digitale indgang for børn og unge."
)
MUNICIPALITY_PICK = "Barnets kommune"
MUNICIPALITY_NONE = "vælg barnets kommune"
MUNICIPALITY_SAVED = "Gemt i dine svar: {name}"
MUNICIPALITY_NOTIFY = "{name}: side om underretning"
MUNICIPALITY_CHILDREN = "{name}: digital indgang for børn og unge"
MUNICIPALITY_WEB = "{name}: hjemmeside"
MUNICIPALITY_PHONE = "Telefon: {phone}"
MUNICIPALITY_SOURCE = "Kilde: {source}"
MUNICIPALITY_NO_CONTACT = (
    "Kittet har ikke bekræftet, hvor {name} tager imod underretninger. Søg efter ordet "
    "underretning på kommunens hjemmeside, eller ring til kommunen."
)
MUNICIPALITY_NO_CHILDREN_ENTRY = (
    "Adressen på {name}s digitale indgang for børn og unge er ikke bekræftet i kittet. "
    "Alle kommuner skal have en; søg efter den på kommunens hjemmeside."
)
GUIDE_SERVICES = "Se: {names}"
GUIDE_PHONE = "Ring: {phone}"
HELP_ROLES_HEADING = "Alle kan hjælpe et barn"

HANDOUT_TITLE = "Dine svar på papir"
HANDOUT_NOT_JOINED = "Når du er med på et hold eller arbejder alene, kan du hente dine svar her."
HANDOUT_UNKNOWN_PARTICIPANT = (
    "Denne browser er ikke med som nogen deltager lige nu. Gå til startsiden og vær med, "
    "eller fortsæt som dig selv; så kan du hente dine svar."
)
HANDOUT_IN_LAB = (
    "I JupyterLab: vælg File → Save and Export Notebook As → Opsporing-pdf "
    "(eller Opsporing-html), så får du dit eget handout med dine svar."
)

# --- Handouts (opsporing.handouts) ------------------------------------------------------

HANDOUT_DOCUMENT_TITLE = "Mine svar"
HANDOUT_INTRO = (
    "Her er dine egne svar fra workshoppen, de faglige kommentarer til casene, "
    "din handleplan og hvem du kan kontakte. Svarene står præcis, som du skrev dem."
)
HANDOUT_NO_ANSWERS = "Du har ikke svaret på nogen spørgsmål endnu."
HANDOUT_FILMS_HEADING = "Temafilm: dine refleksioner"
HANDOUT_CASES_HEADING = "Cases: dine svar og det faglige perspektiv"
HANDOUT_FICTIONAL = "Casen er opdigtet."
HANDOUT_STAGE_HEADING = "Trin {number}: {title}"
HANDOUT_PERSPECTIVE_HEADING = "Fagligt perspektiv"
HANDOUT_SCALE_ANSWER = "{value} på en skala fra {low} ({low_label}) til {high} ({high_label})"
HANDOUT_ACTION_PLAN_HEADING = "Min handleplan"
HANDOUT_ACTION_PLAN_INTRO = "De næste skridt, du valgte undervejs:"
HANDOUT_ACTION_WHERE = "{vignette}, trin {number}: {title}"
HANDOUT_NO_ACTIONS = "Du har ikke valgt nogen næste skridt endnu."
HANDOUT_CONTACTS_HEADING = "Hvem kan jeg kontakte?"
HANDOUT_MUNICIPALITY_HEADING = "Kommunen, du valgte: {name}"
HANDOUT_MUNICIPALITY_REMINDER = (
    "En underretning sendes til barnets bopælskommune. Bor barnet i en anden kommune, så "
    "brug den kommunes side om underretning."
)
HANDOUT_MUNICIPALITY_NOTIFY = "Side om underretning"
HANDOUT_MUNICIPALITY_CHILDREN = "Digital indgang for børn og unge"
HANDOUT_MUNICIPALITY_UNCONFIRMED = (
    "Kittet har ikke bekræftet kommunens side om underretning. Søg efter ordet underretning "
    "på kommunens hjemmeside."
)
HANDOUT_MUNICIPALITY_REGION = "Region: {region}"
HANDOUT_NO_MUNICIPALITY = (
    "Du har ikke valgt en kommune. En underretning sendes til barnets bopælskommune: find "
    "dens side om underretning på kommunens hjemmeside."
)
HANDOUT_EVERY_MUNICIPALITY = "Det gælder i alle kommuner"
HANDOUT_NATIONAL_HEADING = "Landsdækkende tilbud"
HANDOUT_PHONE = "Telefon"
HANDOUT_SMS = "SMS"
HANDOUT_EMAIL = "E-mail"
HANDOUT_WEB = "Web"
HANDOUT_HOURS = "Åbningstider"
HANDOUT_CHANNELS = "Kanaler"
HANDOUT_RUN_BY = "Drives af {name}"
HANDOUT_DETAIL_UNCONFIRMED = "ikke bekræftet"
HANDOUT_UNVERIFIED = "Ikke bekræftet: tjek selv oplysningerne, før du bruger dem."
HANDOUT_CHECK_AT = "Tjek her: {url}"
HANDOUT_SOURCE = "Kilde: {source} (tjekket {checked})"
HANDOUT_TRUNCATED = "[… svaret er forkortet her: {shown} af {total} tegn er vist]"
HANDOUT_HEADER_HOLD = "Hold"
HANDOUT_HEADER_PARTICIPANT = "Deltager"
HANDOUT_HEADER_DATE = "Dato"
HANDOUT_PAGE = "Side"
HANDOUT_PAGE_OF = "af"
HANDOUT_EXPORT_HTML = "Opsporing: dine svar (HTML)"
HANDOUT_EXPORT_PDF = "Opsporing: dine svar (PDF)"
HANDOUT_PDF_FAILED = "PDF'en kunne ikke laves: {problem}"
HANDOUT_HTML_ONLY = "HTML-filerne er skrevet; de kan udskrives fra en browser."
PDF_NO_CHROMIUM = (
    "browseren på '{path}' findes ikke eller kan ikke starte. Ret stien i OPSPORING_CHROMIUM, "
    "eller fjern variablen, så kittet selv leder efter en browser. {install}"
)
PDF_NO_PLAYWRIGHT = (
    "Python-pakken playwright mangler. Installér kittet igen (i en checkout: 'make serve')."
)
WORKSHEET_FILMS_TITLE = "Arbejdsark: Temafilm"
WORKSHEET_VIGNETTE_TITLE = "Arbejdsark: {title}"
WORKSHEET_INTRO = "Skriv dine svar i hånden. Sæt kryds ved de valg, der passer."
WORKSHEET_OTHER = "Andet:"
WORKSHEET_TRAINER_SUFFIX = "underviser"
WORKSHEET_FILE_PREFIX = "arbejdsark"
HANDOUT_FILE_PREFIX = "mine-svar"
CLI_HANDOUT_HELP = "Lav én deltagers svar som HTML eller PDF"
CLI_HANDOUTS_HELP = (
    "Lav svarene for alle deltagere på et hold i én zip-fil (kræver holdets PIN; "
    "filen indeholder alle deltagernes svar, så opbevar den forsvarligt)"
)
CLI_WORKSHEETS_HELP = "Lav alle tomme arbejdsark (et pr. case og et til filmene) som HTML og PDF"
CLI_PARTICIPANT_HELP = (
    "Deltagerens kaldenavn på holdet (kræver --hold og PIN) eller deltager-id'et fra databasen"
)
CLI_FORMAT_HELP = "html, pdf eller both (begge)"
CLI_HANDOUT_OUT_HELP = "Mappen, filen skal skrives til"
CLI_ZIP_OUT_HELP = "Zip-filen, der skal skrives"
CLI_TRAINER_HELP = (
    "Underviserens udgave: med det faglige perspektiv til hvert trin og facit til hvert valg"
)
CLI_UNKNOWN_PARTICIPANT = "Der findes ingen deltager '{participant}'{where}."
CLI_IN_HOLD = " på hold {code}"
CLI_HANDOUTS_WROTE = "Skrev {files} filer for {members} deltagere på hold {code} i {path}"
CLI_HOLD_HAS_NO_MEMBERS = "Hold {code} har ingen deltagere endnu."
DOWNLOAD_INTRO = (
    "Hent dine svar med de faglige kommentarer, din handleplan og hvem du kan kontakte. "
    "PDF'en er klar til at printe; HTML-filen kan åbnes i enhver browser, også uden internet."
)
DOWNLOAD_HTML = "Hent som HTML"
DOWNLOAD_PDF = "Hent som PDF"
DOWNLOAD_PDF_UNAVAILABLE = (
    "PDF'en kan ikke laves lige nu. Hent HTML-udgaven og udskriv den fra browseren."
)

# --- Plenum and trainer page (opsporing.plenum, opsporing.pages.underviser) ------------

PLENUM_FILM = "Film: {title}"
PLENUM_STAGE = "{vignette}, trin {number}: {stage}"
PLENUM_FILMS_MODULE = "Temafilmene"
PLENUM_NOT_STARTED = "ikke startet"
PLENUM_STARTED = "i gang"
PLENUM_FINISHED = "færdig"
PLENUM_PARTICIPANTS = "Deltagere på holdet"
PLENUM_CSV_HEADER = ("del", "nøgle", "spørgsmål", "type", "svar", "antal")
PLENUM_CSV_ANSWERED = "antal besvarelser"
PLENUM_CSV_PROGRESS = "Fremdrift"

TRAINER_TITLE = "Underviser: holdets svar i plenum"
TRAINER_INTRO = (
    "Her ser du holdets svar samlet og anonymt: antal for hvert valg, aldrig hvem der "
    "svarede hvad. Fritekst vises kun, når deltageren har sat flueben i "
    "»Del anonymt med holdet«. Siden opdaterer sig selv."
)
TRAINER_NEW_HEADING = "Opret et nyt hold"
TRAINER_OPEN_HEADING = "Åbn et hold, du har oprettet"
TRAINER_HOLD_NAME = "Holdets navn (valgfrit)"
TRAINER_HOLD_NAME_PLACEHOLDER = "fx Skole A, januar"
TRAINER_CODE = "Holdkode"
TRAINER_PIN = "Din PIN-kode"
TRAINER_PIN_HELP = (
    "Mindst 6 tegn, fx 6 cifre eller en kort sætning. Du skal bruge den for at se holdets "
    "svar og for at slette holdet; "
    "kittet gemmer den kun som et saltet hash og kan ikke vise den igen."
)
TRAINER_CREATE = "Opret hold"
TRAINER_OPEN = "Åbn hold"
TRAINER_WRONG_PIN = (
    "Holdkoden eller PIN-koden passer ikke. Der vises ingen svar uden den rigtige PIN-kode."
)
TRAINER_MISSING_PIN = "Skriv holdkoden og din PIN-kode. Der vises ingen svar uden PIN-kode."
TRAINER_CREATED = (
    "Holdet er oprettet. Deltagerne skriver koden {code} på startsiden. "
    "Husk din PIN-kode: den kan ikke findes frem igen."
)
TRAINER_HOLD_HEADING = "Hold {code}"
TRAINER_HOLD_HEADING_NAMED = "Hold {code}: {name}"
TRAINER_JOIN_HEADING = "Sådan kommer deltagerne med"
TRAINER_JOIN_TEXT = "Åbn adressen eller scan QR-koden, og skriv holdkoden {code}."
TRAINER_JOIN_LOCAL = (
    "Deltagerne skriver holdkoden {code} på startsiden. Start kittet med "
    "»opsporing serve --lan« for at vise en adresse og en QR-kode, som deltagerne "
    "kan åbne på lokalnettet."
)
TRAINER_QR_ALT = "QR-kode til adressen {url}"
TRAINER_PARTICIPANTS = "{n} deltagere er med på holdet."
TRAINER_PARTICIPANTS_ONE = "1 deltager er med på holdet."
TRAINER_PROGRESS_HEADING = "Hvor langt er holdet?"
TRAINER_PROGRESS_COLUMNS = ("Del", "Spørgsmål", "Ikke startet", "I gang", "Færdig")
TRAINER_ANSWERS_HEADING = "Holdets svar"
TRAINER_ANSWERED = "{n} svar"
TRAINER_NO_ANSWERS = "Ingen svar endnu."
TRAINER_CHART_LABEL = "Fordeling af svar på: {question}"
TRAINER_SCALE_ENDS = "{low} = {low_label}; {high} = {high_label}"
TRAINER_SHOW_KEY = "Vis facit ved diagrammerne (kun for underviseren)"
TRAINER_SHOW_KEY_HELP = (
    "Facit viser for hvert valg en vurdering, en kort begrundelse og en kilde. Slå det til, "
    "når holdet har drøftet spørgsmålet: står skærmen på projektoren, ser deltagerne det også."
)

# --- Answer key (trainer's page and the trainer's worksheets) --------------------------

KEY_HEADING = "Facit til underviseren"
KEY_VERDICTS = {"forsvarlig": "Forsvarlig", "risikabel": "Risikabel", "forkert": "Forkert"}
"""Every verdict in words: the key never relies on colour alone."""
KEY_SOURCE = "Kilde: {source}"
KEY_LABEL = "Facit til: {question}"
KEY_REFLECTION = (
    "Refleksion: her er intet rigtigt eller forkert svar. Noterne er afsæt for holdets drøftelse."
)
"""Above a reflection's notes, which carry no verdict (`refleksion: true`)."""

CLI_CREATE_HOLD_HELP = "Opret et hold til en workshop og skriv holdkoden"
CLI_DELETE_HOLD_HELP = "Slet et hold med alle deltagere og svar (kræver underviserens PIN-kode)"
CLI_EXPORT_HELP = "Skriv holdets samlede, anonyme svar som CSV (kræver PIN-kode)"
CLI_HOLD_HELP = "Holdkoden"
CLI_PIN_HELP = "Underviserens PIN-kode (spørges der om, hvis den ikke er angivet)"
CLI_NAME_HELP = "Holdets navn, fx skolen og datoen"
CLI_CSV_OUT_HELP = "CSV-filen, der skal skrives"
CLI_PIN_PROMPT = "PIN-kode for hold {code}: "
CLI_HOLD_CREATED = "Holdet er oprettet. Holdkode: {code}"
CLI_HOLD_CREATED_HINT = "Deltagerne skriver holdkoden på startsiden. Husk PIN-koden."
CLI_WRONG_PIN = "Holdet {code} findes ikke, eller PIN-koden passer ikke. Intet er ændret."
CLI_HOLD_DELETED = "Hold {code} er slettet: {rows} (holdet, deltagerne og deres svar) er fjernet."
CLI_EXPORTED = "Skrev {rows} for hold {code} til {path} (ingen kaldenavne)."


def rows(n: int) -> str:
    """`1 række`, `3 rækker`: a count of database or CSV rows in Danish."""
    return f"{n} række" if n == 1 else f"{n} rækker"


CLI_NEW_PIN_PROMPT = "Vælg en PIN-kode til holdet (mindst 6 tegn): "
TRAINER_PICK_SECTION = "Vis"
TRAINER_ANSWERED_SECTIONS = "Alle film og trin, som nogen har svaret på"
TRAINER_CLOSE = "Luk holdet"

# --- A hold's end date: what is kept and for how long (opsporing.retention) --------------

RETENTION_WHEN = "{date} kl. {time}"
RETENTION_UNDER_A_DAY = "under et døgn"
RETENTION_DELETED = "Hold {code} har nået sin slutdato og er slettet med alle deltagere og svar."
RETENTION_ENDING = (
    "Hold {code} slettes {when} (om {left}) med alle deltagere og svar. Skal holdets samlede "
    "svar gemmes, så eksportér dem før: opsporing export --hold {code} --out holdets-svar.csv"
)
RETENTION_FAILED = (
    "Hold efter deres slutdato kunne ikke slettes nu ({problem}); kittet prøver igen om et døgn."
)


def days(n: int) -> str:
    """`1 dag`, `3 dage`."""
    return f"{n} dag" if n == 1 else f"{n} dage"


CLI_HOLDS_HELP = "Vis alle hold med antal deltagere og datoen, hvor holdet slettes"
CLI_HOLDS_COLUMNS = ("Kode", "Navn", "Deltagere", "Slettes")
CLI_HOLDS_NONE = "Der er ingen hold."
CLI_HOLDS_SOON = "{when}, om {left} (!)"
CLI_HOLDS_EXPIRED = "udløbet {when}; slettes af opsporing serve"
CLI_HOLDS_NO_END = "ingen slutdato; slettes kun med delete-hold"
CLI_DAYS_HELP = (
    "Antal dage, før holdet slettes med alle deltagere og svar (standard {days}, højst {max})"
)
CLI_HOLD_ENDS = "Holdet slettes {when} med alle deltagere og svar."
TRAINER_DAYS = "Slet holdet efter (antal dage)"
TRAINER_DAYS_HELP = (
    "Holdet slettes med alle deltagere og svar efter så mange dage (standard {days}, højst "
    "{max}). Eksportér holdets samlede svar før, hvis de skal gemmes."
)
TRAINER_DAYS_INVALID = (
    "Skriv antal dage som et helt tal fra 1 til {max}. Holdet er ikke oprettet endnu."
)
TRAINER_ENDS = "Holdet slettes {when} med alle deltagere og svar."
TRAINER_ENDING_SOON = (
    "Holdet slettes {when} (om {left}) med alle deltagere og svar. Skal holdets samlede svar "
    "gemmes, så eksportér dem før: opsporing export --hold {code} --out holdets-svar.csv"
)
TRAINER_EXPIRED = (
    "Holdets slutdato var {when}. Der kan ikke komme nye deltagere med, og holdet slettes med "
    "alle svar, når kittet starter næste gang, og ellers inden for et døgn."
)
TRAINER_NO_END = (
    "Holdet har ingen slutdato (det er oprettet, før kittet fik slutdatoer) og gemmes, indtil "
    "du sletter det: opsporing delete-hold {code}"
)

# --- Handouts of the kit's pages, exported from JupyterLab (opsporing.handouts.kit) -------

HANDOUT_PART_TITLES = {
    "alt": HANDOUT_DOCUMENT_TITLE,
    "temafilm": "Mine svar: Temafilm",
    "cases": "Mine svar: Cases",
    "kontakter": HANDOUT_CONTACTS_HEADING,
}
"""A handout's title by the part of the kit it covers (`handouts.notebook.Part`)."""
HANDOUT_PART_INTROS = {
    "alt": HANDOUT_INTRO,
    "temafilm": (
        "Her er dine egne refleksioner over temafilmene, din handleplan og hvem du kan "
        "kontakte. Svarene står præcis, som du skrev dem."
    ),
    "cases": (
        "Her er dine egne svar på casene med det faglige perspektiv efter hvert trin, din "
        "handleplan og hvem du kan kontakte. Svarene står præcis, som du skrev dem."
    ),
    "kontakter": "Her kan du se, hvem du kan kontakte, når du er bekymret for et barn.",
}
WORKSHEETS_ALL_TITLE = "Arbejdsark"
WORKSHEETS_CASES_TITLE = "Arbejdsark: Cases"

# --- Identity, return codes and wrong guesses (opsporing.identity, opsporing.throttle) -----

NICKNAME_TAKEN = (
    "Kaldenavnet er taget på holdet: »{pseudonym}«. Er det dig, så skriv din returkode "
    "(den stod på skærmen, da du kom med, og står på dine svar). Ellers kan du deltage som "
    "»{suggestion}«."
)
NICKNAME_WRONG_CODE = (
    "Returkoden passer ikke til »{pseudonym}«. Tjek koden, eller deltag som »{suggestion}«."
)
THROTTLE_LOCKED = "For mange forkerte forsøg. Prøv igen om {wait}."


def minutes(n: int) -> str:
    """`1 minut`, `3 minutter`."""
    return f"{n} minut" if n == 1 else f"{n} minutter"


THROTTLE_PACED = (
    "Der er prøvet mange forkerte koder på det seneste, så der tjekkes kun én ad gangen. "
    "Vent {wait}, og prøv så igen."
)


def seconds(n: int) -> str:
    """`1 sekund`, `5 sekunder`."""
    return f"{n} sekund" if n == 1 else f"{n} sekunder"


def times(n: int) -> str:
    """`1 gang`, `3 gange`."""
    return f"{n} gang" if n == 1 else f"{n} gange"


TRAINER_ROOM = (
    "Rummet: {open} af {capacity} pladser er i brug, {free} er ledige ({warm} sider står klar)."
)
TRAINER_ROOM_OPEN = "Rummet: {open} sider er åbne."
TRAINER_WRONG_PINS = (
    "Siden holdet sidst blev åbnet, er der {times} prøvet med en forkert PIN-kode. "
    "Holdet er stadig dit: uden den rigtige PIN-kode kan ingen se svarene."
)
CLI_UNLOCK_HOLD_HELP = (
    "Glem forkerte PIN-forsøg på et hold, så PIN-koden virker med det samme igen "
    "(på serverens egen computer)"
)
CLI_HOLD_UNLOCKED = (
    "Hold {code} er låst op: de forkerte PIN-forsøg er glemt, og PIN-koden virker "
    "med det samme fra alle browsere."
)
CLI_UNLOCK_UNKNOWN = "Der findes intet hold med koden {code}. Intet er ændret."


RETURN_CODE_INTRO = "Din returkode (den vises kun nu):"
RETURN_CODE_HELP = (
    "Skriv den ned, eller tag et billede af den. Med dit kaldenavn og returkoden kan du "
    "fortsætte på en anden computer eller telefon. Den står også på dine svar."
)
RETURN_CODE_FIELD = "Returkode"
RETURN_CODE_PLACEHOLDER = "fx K7QM-X2PA"
RETURN_CODE_BUTTON = "Fortsæt med returkode"
TAKE_SUGGESTION = "Deltag som {suggestion}"
CONTINUE_HEADING = "Velkommen tilbage"
CONTINUE_AS = "Fortsæt som {pseudonym}"
CONTINUE_HOLD = "hold {code}"
CONTINUE_ALONE = "arbejder alene"
START_TRAINER_LINK = "Underviser"
RETURN_CODE_MISSING = "Skriv din returkode, eller deltag med et andet kaldenavn."
HANDOUT_HEADER_RETURN_CODE = "Returkode"


# --- Projector view (opsporing.widgets.projector) ---------------------------------------

PROJECTOR_OPEN = "Vis på projektor"
PROJECTOR_CLOSE = "Luk projektorvisningen"
PROJECTOR_PREVIOUS = "← Forrige"
PROJECTOR_NEXT = "Næste →"
PROJECTOR_SHOW = "Vis resultater"
PROJECTOR_HIDE = "Skjul resultater"
PROJECTOR_GO_TO = "Gå til"
PROJECTOR_WHERE = "{where} · spørgsmål {number} af {total}"
PROJECTOR_HIDDEN = "{n} svar indtil nu. Resultaterne vises, når underviseren viser dem."
PROJECTOR_CODE = "Holdkode"
PROJECTOR_LOCAL_ONLY = (
    "Kun denne computer kan åbne adressen. Start kittet med »opsporing serve --lan«, "
    "så kan deltagerne komme med fra deres egne enheder."
)
PROJECTOR_HELP = "Tasterne ← og → skifter spørgsmål."
TRAINER_FREE_TEXT_COUNTS = "{n} svar, {m} delt"
TRAINER_LOCAL_ADDRESS = "Kittets adresse på denne computer: {url}"


# --- Self-assessment: the learning effect (exercises/selvvurdering.yaml) ----------------

PLENUM_MOMENTS = {
    "foer": "Selvvurdering før",
    "efter": "Selvvurdering til sidst",
    "evaluering": "Evaluering af workshoppen",
}
SHIFT_HEADING = "Selvvurdering: før og efter"
SHIFT_COLUMNS = ("Udsagn", "Før", "Til sidst", "Ændring", "Svaret begge gange")
SHIFT_NOTE = "Gennemsnit på skalaen for dem, der har svaret både før og til sidst."
SHIFT_NONE = "Ingen har svaret både før og til sidst endnu."
SELF_BEFORE_HEADING = "Før I går i gang"
SELF_AFTER_HEADING = "Til sidst"
HANDOUT_SELF_HEADING = "Din selvvurdering"
HANDOUT_SELF_COLUMNS = ("Udsagn", "Før", "Til sidst")
HANDOUT_SELF_SCALE = "Skala fra {low} ({low_label}) til {high} ({high_label})."


def decimal(value: float | None) -> str:
    """`3,5` with a Danish decimal comma; a dash when there is nothing to show."""
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def change(before: float | None, after: float | None) -> str:
    """`+1,5`, `−0,5` or `0,0`: the shift between two averages."""
    if before is None or after is None:
        return "–"
    diff = after - before
    sign = "+" if diff > 0.05 else "−" if diff < -0.05 else ""
    return sign + decimal(abs(diff))


EVALUATION_HEADING = "Evaluering af workshoppen"


# --- The kit as an installed application (opsporing.cli, handouts.browser) -------------
CLI_VERSION_HELP = "vis kittets version og afslut"
SERVE_NO_CONTENT = (
    "'{root}' har ikke kittets indhold: mapperne films/, exercises/ og services/ mangler. "
    "Angiv en mappe med en kopi af indholdet (lav den med 'opsporing content copy MAPPE'), "
    "eller start uden --content for at bruge kittets eget indhold."
)
SERVE_CONTENT_ERRORS = (
    "Indholdet har {n} fejl, og siderne viser fejlene i stedet for øvelserne. "
    "Kør 'opsporing validate' for at se, hvilke filer og linjer der skal rettes."
)
SERVE_CERTFILE_HELP = "Certifikatet (PEM-fil), fx fra kommunens IT: så svarer kittet kun over HTTPS"
SERVE_KEYFILE_HELP = "Certifikatets private nøgle (PEM-fil), hvis den ikke står i certifikatfilen"
SERVE_TLS_MISSING = (
    "Filen til {option} findes ikke: '{path}'. Tjek stien, eller spørg IT, hvor certifikatet "
    "og nøglen ligger."
)
SERVE_KEY_WITHOUT_CERT = "--keyfile kræver --certfile: angiv også certifikatet."
SERVE_TLS_UNUSABLE = (
    "Certifikatet '{certfile}' kan ikke bruges til HTTPS ({problem}). Tjek, at certifikat og "
    "nøgle er PEM-filer, og at nøglen hører til certifikatet."
)

CLI_CONTENT_GROUP_HELP = "Kittets indhold: lav en kopi, som kommunen kan rette i"
CLI_CONTENT_COPY_HELP = (
    "Skriv en kopi af indholdet (films/, exercises/, services/) i en ny mappe, som kommunen "
    "kan rette i"
)
CLI_CONTENT_COPY_DIR_HELP = "Mappen, kopien skrives i (ny eller tom)"
CONTENT_COPY_NOT_EMPTY = (
    "'{path}' findes allerede og er ikke tom. Vælg en ny mappe, så intet bliver overskrevet."
)
CONTENT_COPY_DONE = "Skrev en kopi af kittets indhold i {path}"
CONTENT_COPY_NEXT = (
    "Læs {readme}. Tjek kopien efter hver ændring med\n"
    "  opsporing validate --content {path}\n"
    "og start kittet med den med\n"
    "  opsporing serve --content {path}"
)
CONTENT_COPY_README = """\
# Kommunens kopi af indholdet i Opsporing

Denne mappe er en kopi af indholdet i Opsporing (version {version}), lavet med
`opsporing content copy`. Her retter kommunen kittet til: cases, spørgsmål, film og hvem man
kontakter. Man retter aldrig i Python, og kittet selv ændres ikke.

## Hvad retter man i?

| Mappe / fil | Indhold |
| --- | --- |
| `films/rettidig-omsorg.yaml` | Filmserien og filmene med refleksionsspørgsmål |
| `films/local/` | Lokale kopier af filmene (`<film-id>.mp4`); afspilles, når de findes |
| `exercises/vignetter/*.yaml` | Én case pr. fil: trin, spørgsmål og fagligt perspektiv |
| `exercises/lovgrundlag.yaml` | Lovhenvisninger, som casene peger på |
| `exercises/selvvurdering.yaml` | Udsagn, deltagerne vurderer i starten og til sidst (valgfri) |
| `exercises/evaluering.yaml` | Spørgsmål om workshoppen til sidst (valgfri) |
| `services/tjenester/*.yaml` | Rådgivninger og tilbud; læg kommunens egne i en ny fil her |
| `services/kommuner.yaml` | De 98 kommuner |
| `services/hvem-kontakter-jeg.yaml` | Guiden "hvem kontakter jeg hvornår" |
| `services/hjerteforaeldre.yaml` | Måder, en borger kan hjælpe et barn på |
| `schema/` | JSON Schema for hver slags fil, til editorens autoudfyldning |

En ny case laves lettest ved at kopiere en af filerne i `exercises/vignetter/` og rette i
den. En oplysning, der er bekræftet, skal have `kilde` og `tjekket` (dato); en, der ikke er,
skrives med `bekræftet: false` og `se_her:`. Skriv aldrig et telefonnummer, en filmtitel
eller en paragraf, du ikke har set i en kilde.

## Sådan tjekker man sine ændringer

Kør efter hver ændring:

    opsporing validate --content "{path}"

Hver fejl nævner fil, linje og felt. Når alt er gyldigt, start kittet med kopien:

    opsporing serve --content "{path}"

(eller stå i denne mappe og skriv `opsporing serve`). Deltagernes sider er kittets egne; kun
indholdet kommer herfra.

## Når kittet opdateres

En ny version af kittet kan have nye felter eller rettede oplysninger. Kør
`opsporing validate --content "{path}"` efter opdateringen, og sammenlign med en ny kopi
(`opsporing content copy NY-MAPPE`) for at se, hvad der er ændret.
"""

CLI_LAB_HELP = "Åbn kittets notesbøger i JupyterLab, i en mappe der er din egen"
CLI_LAB_FOLDER_HELP = "Mappen, notesbøgerne kopieres til og åbnes i (standard {folder})"
CLI_LAB_PORT_HELP = "Porten, JupyterLab lytter på (standard {port})"
LAB_COPIED = "Kopierede {n} notesbøger til {path}"
LAB_KEPT = "{n} notesbøger fandtes allerede i {path} og er ikke ændret"
LAB_STARTING = "Starter JupyterLab i {path} … Stop den med Ctrl+C."

PDF_NO_BROWSER = (
    "fandt ingen browser at lave PDF med (Chromium, Google Chrome eller Microsoft Edge). {install}"
)
PDF_INSTALL = {
    "windows": (
        "Installér Microsoft Edge eller Google Chrome, eller sæt OPSPORING_CHROMIUM til "
        "stien til msedge.exe eller chrome.exe."
    ),
    "macos": (
        "Installér Google Chrome eller Microsoft Edge i mappen Programmer, eller sæt "
        "OPSPORING_CHROMIUM til browserens sti, fx "
        "'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'."
    ),
    "linux": (
        "Installér Chromium (på Debian og Ubuntu: 'sudo apt install chromium'), Google Chrome "
        "eller Microsoft Edge, eller sæt OPSPORING_CHROMIUM til browserens sti."
    ),
}
"""What to install for PDFs, by system: every Windows has Edge, most Macs have Chrome."""

# --- the trainer paces the room (opsporing.room_places, pages/follow.py, pages/underviser.py) ---
ROOM_NO_HOLD = "Holdet {code} findes ikke (længere). Åbn et hold, før du flytter rummet."
ROOM_PLACE_VIEW = "{view}"
ROOM_PLACE_FILM = "Temafilm: {film}"
ROOM_PLACE_CASE = "Case: {case}"
ROOM_PLACE_STAGE = "Case: {case}, trin {number}"
ROOM_PLACE_GONE = (
    "Stedet findes ikke længere i indholdet ({what}). Vælg et andet sted at sende holdet hen."
)
ROOM_LOCK_GONE = "Casen »{case}« findes ikke længere; dens lås er fjernet."
ROOM_LOCK_STALE = (
    "Låsen på »{case}« ved trin {number} passer ikke længere (casen har {stages} trin); "
    "den er rettet til trin {fixed}."
)
PACE_HEADING = "Styr rummet"
PACE_INTRO = (
    "Send holdet til en side, en film, en case eller et trin. Deltagere, der følger dig, "
    "kommer derhen inden for et sekund; de, der går i eget tempo, bliver, hvor de er."
)
PACE_PLACE = "Send holdet til"
PACE_SEND = "Send holdet hertil"
PACE_LOCK = "Lås casens senere trin (deltagerne kan kun læse til og med dette trin)"
PACE_NEXT_STAGE = "Åbn næste trin"
PACE_UNLOCK = "Lås alle trin op"
PACE_NOW = "Holdet er nu ved: {place}."
PACE_NOWHERE = "Du har ikke sendt holdet nogen steder endnu."
PACE_LOCKS = "Låst: {locks}."
PACE_LOCK_ITEM = "{case} til og med trin {number}"
PACE_SENT = "Holdet er sendt til: {place}."
PACE_COUNTS = "{following} følger dig · {own} i eget tempo"
PACE_COUNTS_LABEL = "Hvem følger underviseren"
FOLLOW_FOLLOWING = "Du følger underviseren: siden flytter med, når underviseren flytter holdet."
FOLLOW_OWN = "Du går i dit eget tempo. Underviseren har holdet ved: {place}."
FOLLOW_OWN_NOWHERE = "Du går i dit eget tempo."
FOLLOW_STEP_OUT = "Gå i mit eget tempo"
FOLLOW_STEP_IN = "Følg underviseren igen"
FOLLOW_MOVED = "Underviseren har flyttet holdet til {place}."
STAGE_WAITS_FOR_TRAINER = "Underviseren åbner næste trin, når holdet er klar."
